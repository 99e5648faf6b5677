// The play queue: what plays now and next, persisted in localStorage with the position so it survives a reload.
// Pure functions over plain data; the player store owns the current value.

export interface TrackRef {
  id: string;
  title: string;
  artistName?: string;
  artistId?: string;
  coverUrl?: string;
  durationMs?: number;
}

export interface QueueState {
  items: TrackRef[];
  /** Index of the current item; -1 when the queue is empty. */
  index: number;
  /** Where in the current item playback is (ms), saved now and then. */
  positionMs: number;
}

export const EMPTY_QUEUE: QueueState = { items: [], index: -1, positionMs: 0 };
/** Nobody needs more; it bounds what localStorage holds. */
export const MAX_QUEUE = 500;
export const STORAGE_KEY = 'lalala.player.queue.v1';

export function current(q: QueueState): TrackRef | null {
  return q.index >= 0 && q.index < q.items.length ? q.items[q.index] : null;
}

/** Plays a whole list, from `start`. */
export function playList(items: TrackRef[], start = 0): QueueState {
  const list = items.slice(0, MAX_QUEUE);
  if (list.length === 0) return EMPTY_QUEUE;
  return { items: list, index: Math.max(0, Math.min(start, list.length - 1)), positionMs: 0 };
}

/** Plays one song now: it goes right after the current one and becomes current; the rest of the queue stays. */
export function playNow(q: QueueState, track: TrackRef): QueueState {
  if (q.index < 0) return { items: [track], index: 0, positionMs: 0 };
  if (current(q)?.id === track.id) return { ...q, positionMs: 0 }; // the same song again: from the start
  const items = [...q.items.slice(0, q.index + 1), track, ...q.items.slice(q.index + 1)].slice(0, MAX_QUEUE);
  return { items, index: Math.min(q.index + 1, items.length - 1), positionMs: 0 };
}

/** Puts a song right after the current one. */
export function playNext(q: QueueState, track: TrackRef): QueueState {
  if (q.items.length >= MAX_QUEUE) return q;
  if (q.index < 0) return { items: [track], index: 0, positionMs: 0 };
  const items = [...q.items.slice(0, q.index + 1), track, ...q.items.slice(q.index + 1)];
  return { ...q, items };
}

/** Adds a song at the end. */
export function enqueue(q: QueueState, track: TrackRef): QueueState {
  if (q.items.length >= MAX_QUEUE) return q;
  if (q.index < 0) return { items: [track], index: 0, positionMs: 0 };
  return { ...q, items: [...q.items, track] };
}

/** Removes the item at `at`; the current one stays current (or the next takes its place). */
export function removeAt(q: QueueState, at: number): QueueState {
  if (at < 0 || at >= q.items.length) return q;
  const items = q.items.filter((_, i) => i !== at);
  let index = q.index;
  if (at < q.index) index--;
  else if (at === q.index) {
    index = Math.min(q.index, items.length - 1);
    return { items, index, positionMs: 0 };
  }
  return { ...q, items, index: items.length === 0 ? -1 : index };
}

export function hasNext(q: QueueState): boolean {
  return q.index >= 0 && q.index < q.items.length - 1;
}

export function hasPrevious(q: QueueState): boolean {
  return q.index > 0;
}

export function next(q: QueueState): QueueState {
  return hasNext(q) ? { ...q, index: q.index + 1, positionMs: 0 } : q;
}

export function previous(q: QueueState): QueueState {
  return hasPrevious(q) ? { ...q, index: q.index - 1, positionMs: 0 } : q;
}

export function withPosition(q: QueueState, positionMs: number): QueueState {
  return { ...q, positionMs: Math.max(0, Math.round(positionMs)) };
}

export function serialize(q: QueueState): string {
  return JSON.stringify({ v: 1, items: q.items, index: q.index, positionMs: q.positionMs });
}

/** Reads a saved queue; anything malformed (another version, edited by hand) gives the empty queue. */
export function deserialize(text: string | null): QueueState {
  if (!text) return EMPTY_QUEUE;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return EMPTY_QUEUE;
  }
  if (typeof raw !== 'object' || raw === null) return EMPTY_QUEUE;
  const r = raw as { v?: unknown; items?: unknown; index?: unknown; positionMs?: unknown };
  if (r.v !== 1 || !Array.isArray(r.items)) return EMPTY_QUEUE;
  const items = r.items.filter(isTrackRef).slice(0, MAX_QUEUE).map(cleanRef);
  if (items.length === 0) return EMPTY_QUEUE;
  const index = Number.isInteger(r.index) ? Math.max(0, Math.min(r.index as number, items.length - 1)) : 0;
  const positionMs = typeof r.positionMs === 'number' && Number.isFinite(r.positionMs) && r.positionMs > 0 ? Math.round(r.positionMs) : 0;
  return { items, index, positionMs };
}

function isTrackRef(x: unknown): x is TrackRef {
  return typeof x === 'object' && x !== null && typeof (x as TrackRef).id === 'string' && typeof (x as TrackRef).title === 'string';
}

function cleanRef(t: TrackRef): TrackRef {
  const ref: TrackRef = { id: t.id, title: t.title };
  if (typeof t.artistName === 'string') ref.artistName = t.artistName;
  if (typeof t.artistId === 'string') ref.artistId = t.artistId;
  if (typeof t.coverUrl === 'string') ref.coverUrl = t.coverUrl;
  if (typeof t.durationMs === 'number') ref.durationMs = t.durationMs;
  return ref;
}

/** Where the queue lives; a Storage that throws (private mode, quota) never breaks playback. */
export function loadQueue(storage: Pick<Storage, 'getItem'> | undefined): QueueState {
  try {
    return deserialize(storage?.getItem(STORAGE_KEY) ?? null);
  } catch {
    return EMPTY_QUEUE;
  }
}

export function saveQueue(storage: Pick<Storage, 'setItem'> | undefined, q: QueueState): void {
  try {
    storage?.setItem(STORAGE_KEY, serialize(q));
  } catch {
    // Quota or private mode: the queue lives on in memory.
  }
}
