import type { EngineListener, EngineStatus, StreamEngine } from './engine';
import type { TrackHeader } from './protocol';
import { STORAGE_KEY } from './queue';
import { PlayerStore } from './store';

/** Stands in for the socket and Web Audio: records what the store asks, plays what it is told. */
class FakeEngine {
  trackId: string | null = null;
  loads: [string, number][] = [];
  seeks: number[] = [];
  state: EngineStatus = 'idle';
  positionSeconds = 0;
  header: TrackHeader | null = null;
  constructor(readonly listener: EngineListener) {}
  load(id: string, at: number) {
    this.trackId = id;
    this.loads.push([id, at]);
    this.positionSeconds = at;
    this.state = 'playing';
    this.listener.changed();
  }
  seek(at: number) {
    this.seeks.push(at);
    this.positionSeconds = at;
  }
  pause() {
    this.state = 'paused';
  }
  resume() {
    this.state = 'playing';
  }
  stop() {
    this.trackId = null;
    this.state = 'idle';
  }
  dispose() {
    this.stop();
  }
  warmUp() {}
  status() {
    return this.state;
  }
  position() {
    return this.positionSeconds;
  }
  errorMessage() {
    return null;
  }
  /** The last segment played out. */
  finish() {
    this.state = 'ended';
    this.listener.ended(this.trackId!);
  }
}

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

function storeWith(storage = memoryStorage()) {
  let engine!: FakeEngine;
  const store = new PlayerStore(storage, (_tokens, listener) => {
    engine = new FakeEngine(listener);
    return engine as unknown as StreamEngine;
  });
  return { store, engine: () => engine, storage };
}

const a = { id: 'a', title: 'A', durationMs: 60_000 };
const b = { id: 'b', title: 'B', durationMs: 60_000 };

describe('player store', () => {
  it('plays a list and goes on to the next song when one ends', () => {
    const { store, engine } = storeWith();
    store.playList([a, b]);
    expect(engine().loads).toEqual([['a', 0]]);
    engine().finish();
    expect(engine().loads).toEqual([['a', 0], ['b', 0]]);
    expect(store.getSnapshot().track).toEqual(b);
  });

  it('"previous" past 3 s starts the song again, before that goes back', () => {
    const { store, engine } = storeWith();
    store.playList([a, b], 1);
    engine().positionSeconds = 10;
    store.previous();
    expect(engine().seeks).toEqual([0]);
    engine().positionSeconds = 1;
    store.previous();
    expect(engine().loads.at(-1)).toEqual(['a', 0]);
  });

  it('resumes a queue restored from storage where it was left', () => {
    const saved = JSON.stringify({ v: 1, items: [a, b], index: 1, positionMs: 42_000 });
    const { store, engine } = storeWith(memoryStorage({ [STORAGE_KEY]: saved }));
    expect(store.getSnapshot().track).toEqual(b);
    expect(store.getSnapshot().positionMs).toBe(42_000);
    store.play();
    expect(engine().loads).toEqual([['b', 42]]);
  });

  it('saves the position when paused', () => {
    const { store, engine, storage } = storeWith();
    store.playTrack(a);
    engine().positionSeconds = 12.5;
    store.pause();
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).positionMs).toBe(12_500);
  });

  it('seeks a song page\'s waveform into the song, loading it there when another one plays', () => {
    const { store, engine } = storeWith();
    store.playTrack(a);
    store.seekTrack(b, 0.5);
    expect(engine().loads.at(-1)).toEqual(['b', 30]);
  });

  it('forgets everything on reset (logging out)', () => {
    const { store, storage } = storeWith();
    store.playList([a, b]);
    store.reset();
    expect(store.getSnapshot().track).toBeNull();
    expect(storage.getItem(STORAGE_KEY)).not.toContain('"A"');
  });
});
