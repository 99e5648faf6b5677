// The four reactions as drawings, not emoji: a phone or a headless browser without a colour emoji font shows them
// all the same. 24x24 viewBox, centred on (12, 12).
import type { ReactElement } from 'react';
import type { ReactionKind } from './useRoom';

const PATHS: Record<ReactionKind, ReactElement> = {
  clap: (
    <g>
      <path d="M7 21c-2.5-2-4-5-3-8l2-6c.4-1 1.8-.8 1.8.3L7.5 11 11 4.6c.5-.9 1.9-.5 1.8.5L11.5 10l3.8-5.3c.6-.8 1.9-.2 1.6.8L15 11l2.8-3.3c.7-.8 2-.1 1.6.9L16 16c-1.3 3.5-5 6.5-9 5z" className="ri-fill-clap" />
      <path d="M16 2.5l.8 1.8M20 4l-1.3 1.4M21.5 8h-1.8" className="ri-stroke" />
    </g>
  ),
  mirrorball: (
    <g>
      <path d="M12 1v3" className="ri-stroke" />
      <circle cx="12" cy="13" r="8.5" className="ri-fill-ball" />
      <path d="M3.5 13h17M5 8.5h14M5 17.5h14M12 4.5v17M8 5.5c-1.5 5-1.5 10 0 15M16 5.5c1.5 5 1.5 10 0 15" className="ri-grid" />
      <path d="M19.5 2.5l.6 1.4 1.4.6-1.4.6-.6 1.4-.6-1.4-1.4-.6 1.4-.6z" className="ri-fill-spark" />
    </g>
  ),
  heart: <path d="M12 21s-8-5-8-11a4.5 4.5 0 0 1 8-2.8A4.5 4.5 0 0 1 20 10c0 6-8 11-8 11z" className="ri-fill-heart" />,
  fire: (
    <g>
      <path d="M12 22c-4.4 0-7-3-7-6.8 0-3.6 2.6-5.7 3.8-8.7.3 1.8 1.1 2.9 2.2 3.6C11 6.4 12.6 3.4 15 2c-.3 3.4 4 6.5 4 12.2C19 18.9 16.3 22 12 22z" className="ri-fill-fire" />
      <path d="M12 21c-1.9 0-3.1-1.3-3.1-3 0-1.9 1.5-3 2.2-4.6.6 1.4 3.9 2.3 3.9 4.7 0 1.6-1.2 2.9-3 2.9z" className="ri-fill-flame" />
    </g>
  ),
};

export function ReactionIcon({ kind, size = 24 }: { kind: ReactionKind; size?: number }) {
  return (
    <svg viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" className="reaction-icon">
      {PATHS[kind]}
    </svg>
  );
}

/** The icon centred at (x, y) of an enclosing SVG; x may be a percentage (pins on the waveform). */
export function ReactionMark({ kind, x, y, size = 16 }: { kind: ReactionKind; x: string; y: string; size?: number }) {
  // viewBox shifted by half the icon: the icon's centre lands on (x, y) with no transform (x is a percentage).
  return (
    <svg x={x} y={y} width={size} height={size} viewBox="12 12 24 24" overflow="visible" className="reaction-icon" data-kind={kind}>
      {PATHS[kind]}
    </svg>
  );
}
