import type { ReactNode } from 'react';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&#x2F;': '/' };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27|#x2F);/g, (m) => ENTITIES[m] ?? m);

/**
 * Search-service's highlight ("<em>word</em>", HTML-escaped otherwise) as React elements: never as HTML, so a title
 * cannot inject markup even if the escaping upstream ever slipped.
 */
export function Highlight({ html, fallback }: { html?: string | null; fallback: string }) {
  if (!html) return <>{fallback}</>;
  const out: ReactNode[] = [];
  const parts = html.split(/(<em>.*?<\/em>)/g);
  parts.forEach((part, i) => {
    const m = /^<em>(.*?)<\/em>$/.exec(part);
    if (m) out.push(<mark key={i}>{unescape(m[1])}</mark>);
    else if (part) out.push(unescape(part));
  });
  return <>{out}</>;
}
