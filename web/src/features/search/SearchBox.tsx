import { useEffect, useId, useRef, useState, type ChangeEvent, type CompositionEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { search, type SearchSuggestion } from '@/lib/api/social';
import { pathOf, TYPE_LABEL } from './paths';

/** Quiet time after the last keystroke before asking for suggestions. */
export const SUGGEST_DEBOUNCE_MS = 150;
const MAX_QUERY = 100;

/**
 * The header's search box: an ARIA 1.2 combobox with a listbox of suggestions as you type. Debounced; a newer
 * keystroke aborts the request still in flight, so a slow stale answer never replaces a fresh one. While an IME
 * composes (a Hangul syllable being built from jamo) nothing is asked: the half-built syllable is not what the
 * user means; the request goes out at compositionend. Arrows move, Enter opens, Escape closes then clears.
 */
export function SearchBox() {
  const id = useId();
  const navigate = useNavigate();
  const location = useLocation();
  const [text, setText] = useState('');
  const [items, setItems] = useState<SearchSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const composing = useRef(false);
  const timer = useRef<number | undefined>(undefined);
  const inflight = useRef<AbortController | null>(null);

  // Leaving for another page closes the list.
  useEffect(() => {
    setOpen(false);
    setActive(-1);
  }, [location.pathname, location.search]);
  useEffect(() => () => {
    window.clearTimeout(timer.current);
    inflight.current?.abort();
  }, []);

  async function fetchSuggestions(q: string) {
    inflight.current?.abort();
    const controller = new AbortController();
    inflight.current = controller;
    try {
      const answer = await search.suggest(q, controller.signal);
      if (controller.signal.aborted) return;
      setItems(answer.items ?? []);
      setActive(-1);
      setOpen(true);
    } catch (e) {
      if ((e as Error).name === 'AbortError' || controller.signal.aborted) return;
      // Suggestions are a convenience: when search is down the box still submits to the results page.
      setItems([]);
      setOpen(false);
    }
  }

  function schedule(value: string) {
    window.clearTimeout(timer.current);
    const q = value.trim().slice(0, MAX_QUERY);
    if (!q) {
      inflight.current?.abort();
      setItems([]);
      setOpen(false);
      return;
    }
    timer.current = window.setTimeout(() => void fetchSuggestions(q), SUGGEST_DEBOUNCE_MS);
  }

  function onChange(e: ChangeEvent<HTMLInputElement>) {
    setText(e.target.value);
    if (composing.current || (e.nativeEvent as InputEvent).isComposing) return;
    schedule(e.target.value);
  }
  function onCompositionStart() {
    composing.current = true;
    window.clearTimeout(timer.current);
  }
  function onCompositionEnd(e: CompositionEvent<HTMLInputElement>) {
    composing.current = false;
    schedule(e.currentTarget.value);
  }

  function go(item: SearchSuggestion) {
    setOpen(false);
    setText('');
    setItems([]);
    navigate(pathOf(item));
  }
  function submit(e?: FormEvent) {
    e?.preventDefault();
    const q = text.trim().slice(0, MAX_QUERY);
    if (!q) return;
    window.clearTimeout(timer.current);
    inflight.current?.abort();
    setOpen(false);
    navigate(`/search?q=${encodeURIComponent(q)}`);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Keys that finish or steer an IME composition (Enter commits the syllable) belong to the IME.
    if (composing.current || e.nativeEvent.isComposing || e.keyCode === 229) return;
    const n = items.length;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open && n > 0) { setOpen(true); setActive(0); return; }
      if (n > 0) setActive((a) => (a + 1) % n);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (n > 0) { setOpen(true); setActive((a) => (a <= 0 ? n - 1 : a - 1)); }
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && active < n) {
        e.preventDefault();
        go(items[active]);
      }
      // Otherwise the form submits: the results page.
    } else if (e.key === 'Escape') {
      e.preventDefault();
      if (open) { setOpen(false); setActive(-1); }
      else { setText(''); setItems([]); }
    }
  }

  const expanded = open && items.length > 0;
  const listId = `${id}-list`;
  return (
    <form role="search" className="search-box" onSubmit={submit} aria-label="Site">
      <label htmlFor={`${id}-input`} className="visually-hidden">Search songs, artists and playlists</label>
      <input id={`${id}-input`} type="search" role="combobox" className="search-box__input" placeholder="Search"
        autoComplete="off" spellCheck={false} enterKeyHint="search" maxLength={MAX_QUERY} value={text}
        aria-expanded={expanded} aria-controls={listId} aria-autocomplete="list"
        aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
        onChange={onChange} onKeyDown={onKeyDown} onCompositionStart={onCompositionStart} onCompositionEnd={onCompositionEnd}
        onBlur={() => setOpen(false)} onFocus={() => { if (items.length && text.trim()) setOpen(true); }} />
      <button type="submit" className="search-box__go" aria-label="Search"><span aria-hidden="true">⌕</span></button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="search-box__list" hidden={!expanded}>
        {items.map((item, i) => (
          <li key={`${item.type}-${item.id}`} id={`${id}-opt-${i}`} role="option" aria-selected={i === active}
            className={`search-box__option${i === active ? ' search-box__option--active' : ''}`}
            // mousedown, not click: the input's blur would close the list before a click lands.
            onMouseDown={(e) => { e.preventDefault(); go(item); }} onMouseMove={() => setActive(i)}>
            <span className={`search-box__type search-box__type--${item.type}`}>{TYPE_LABEL[item.type] ?? item.type}</span>{' '}
            <span className="search-box__text">{item.text}</span>{' '}
            {item.subtitle && <span className="search-box__sub">{item.subtitle}</span>}
          </li>
        ))}
      </ul>
      <p className="visually-hidden" role="status" aria-live="polite">
        {expanded ? `${items.length} suggestion${items.length === 1 ? '' : 's'}, use the arrow keys` : ''}
      </p>
    </form>
  );
}
