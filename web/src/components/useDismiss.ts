import { useEffect, type RefObject } from 'react';

/**
 * Closes an open popup (a menu, a disclosure) on a pointer press outside `root` or on Escape, and gives focus back
 * to the button that opened it. Listens on the document: focus may have left the popup (a button disabled under it)
 * and Escape must still close it.
 */
export function useDismiss(open: boolean, close: () => void, root: RefObject<HTMLElement | null>,
  opener: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        close();
        opener.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, close, root, opener]);
}
