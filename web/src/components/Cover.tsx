import { useState } from 'react';

/** A song's cover, or a gradient made from its id when it has none. */
export function Cover({ src, seed, size = 'md', alt = '' }: { src?: string | null; seed: string; size?: 'sm' | 'md' | 'lg'; alt?: string }) {
  const [failed, setFailed] = useState(false);
  let hash = 0;
  for (const c of seed) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  const hue = hash % 360;
  return (
    <div className={`cover cover--${size} cover--h${Math.floor(hue / 30)}`}>
      {src && !failed ? <img src={src} alt={alt} loading="lazy" onError={() => setFailed(true)} /> : <span className="cover__note" aria-hidden="true">♪</span>}
    </div>
  );
}
