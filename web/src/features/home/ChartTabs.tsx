import { useRef, type KeyboardEvent } from 'react';
import type { ChartWindow } from '@/lib/api/types';

export const WINDOWS: { id: ChartWindow; label: string }[] = [
  { id: '24h', label: '24 hours' },
  { id: '7d', label: '7 days' },
  { id: 'all', label: 'All time' },
];

/** The chart window as ARIA tabs: arrow keys move between them, only the selected one is in the tab order. */
export function ChartTabs({ value, onChange }: { value: ChartWindow; onChange: (w: ChartWindow) => void }) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);

  function onKey(e: KeyboardEvent, index: number) {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % WINDOWS.length;
    if (e.key === 'ArrowLeft') next = (index - 1 + WINDOWS.length) % WINDOWS.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = WINDOWS.length - 1;
    if (next >= 0) {
      e.preventDefault();
      onChange(WINDOWS[next].id);
      refs.current[next]?.focus();
    }
  }

  return (
    <div role="tablist" aria-label="Chart period" className="tabs">
      {WINDOWS.map((w, i) => (
        <button key={w.id} ref={(el) => { refs.current[i] = el; }} type="button" role="tab" id={`chart-tab-${w.id}`}
          aria-selected={value === w.id} aria-controls={`chart-panel-${w.id}`} tabIndex={value === w.id ? 0 : -1}
          className="tabs__tab" onClick={() => onChange(w.id)} onKeyDown={(e) => onKey(e, i)}>
          {w.label}
        </button>
      ))}
    </div>
  );
}
