import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef<T extends string> {
  id: T;
  label: ReactNode;
}

/**
 * ARIA tabs: arrow keys, Home and End move and select; only the selected tab is in the tab order. The panel is the
 * caller's: give it role="tabpanel", id `${idPrefix}-panel-${value}` and aria-labelledby `${idPrefix}-tab-${value}`.
 */
export function Tabs<T extends string>({ tabs, value, onChange, label, idPrefix }: {
  tabs: TabDef<T>[];
  value: T;
  onChange: (id: T) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  function onKey(e: KeyboardEvent, index: number) {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = tabs.length - 1;
    if (next >= 0) {
      e.preventDefault();
      onChange(tabs[next].id);
      refs.current[next]?.focus();
    }
  }
  return (
    <div role="tablist" aria-label={label} className="tabs tabs--scroll">
      {tabs.map((t, i) => (
        <button key={t.id} ref={(el) => { refs.current[i] = el; }} type="button" role="tab" id={`${idPrefix}-tab-${t.id}`}
          aria-selected={value === t.id} aria-controls={`${idPrefix}-panel-${t.id}`} tabIndex={value === t.id ? 0 : -1}
          className="tabs__tab" onClick={() => onChange(t.id)} onKeyDown={(e) => onKey(e, i)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idPrefix, value, children }: { idPrefix: string; value: string; children: ReactNode }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${value}`} aria-labelledby={`${idPrefix}-tab-${value}`}>
      {children}
    </div>
  );
}
