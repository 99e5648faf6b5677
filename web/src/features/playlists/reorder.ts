/** The list with the element at `from` moved to index `to` (as playlist-service reads a move: the index after it). */
export function moved<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const target = Math.max(0, Math.min(out.length - 1, to));
  const [item] = out.splice(from, 1);
  out.splice(target, 0, item);
  return out;
}

/**
 * Runs writes one after another: a quick series of moves reaches the server in the order the user made them, so the
 * server's order ends as the one on screen.
 */
export function serial() {
  let tail: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return {
    run<T>(fn: () => Promise<T>): Promise<T> {
      pending++;
      const next = tail.then(fn, fn);
      tail = next.catch(() => undefined).finally(() => pending--);
      return next;
    },
    get pending() {
      return pending;
    },
  };
}

export const VISIBILITY = {
  PUBLIC: { label: 'Public', hint: 'Anyone can find and play it' },
  UNLISTED: { label: 'Unlisted', hint: 'Only people with the link' },
  PRIVATE: { label: 'Private', hint: 'Only you and your collaborators' },
} as const;
