import { describe, expect, it, vi } from 'vitest';
import type { EngineListener, EngineStatus, StreamEngine, SyncTarget } from './engine';
import { PlayerStore, RESYNC_OVER_S, type RoomFollow } from './store';

/** The engine as a room uses it: synced loads, the sync target, the error against it. */
class FakeEngine {
  trackId: string | null = null;
  state: EngineStatus = 'idle';
  sync: SyncTarget | null = null;
  synced: string[] = [];
  loads: [string, number][] = [];
  resyncs = 0;
  error: number | null = null;
  constructor(readonly listener: EngineListener) {}
  load(id: string, at: number) {
    this.trackId = id;
    this.loads.push([id, at]);
    this.state = 'playing';
  }
  loadSynced(id: string, sync: SyncTarget) {
    this.trackId = id;
    this.sync = sync;
    this.synced.push(id);
    this.state = 'playing';
  }
  setSync(sync: SyncTarget) {
    this.sync = sync;
  }
  syncError() {
    return this.error;
  }
  resync() {
    this.resyncs++;
  }
  localTimeOf(ctxTime: number) {
    return ctxTime * 1000; // the page clock and the audio clock agree, for the test
  }
  sample() {
    return null;
  }
  seek() {}
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
  dispose() {}
  warmUp() {}
  status() {
    return this.state;
  }
  position() {
    return 0;
  }
  errorMessage() {
    return null;
  }
}

function setup() {
  let engine!: FakeEngine;
  const store = new PlayerStore(undefined, (_t, listener) => {
    engine = new FakeEngine(listener);
    return engine as unknown as StreamEngine;
  });
  return { store, engine: () => engine };
}

const song = { id: 's1', title: 'Song', durationMs: 120_000 };
const next = { id: 's2', title: 'Next', durationMs: 90_000 };

function room(extra: Partial<RoomFollow> = {}): RoomFollow {
  return {
    roomName: 'Friday',
    track: song,
    paused: false,
    positionMs: 0,
    startedAtLocal: 10_000,
    queue: [next],
    readOnly: true,
    control: { play: vi.fn(), pause: vi.fn(), seek: vi.fn(), next: vi.fn(), ended: vi.fn() },
    ...extra,
  };
}

describe('the player following a listening room', () => {
  it("plays the room's song where the room's clock says, and shows its queue", () => {
    const { store, engine } = setup();
    store.follow(room());
    expect(engine().synced).toEqual(['s1']);
    // At page-clock time 25,000 ms the song is 15 s in (started at 10,000).
    expect(engine().sync!(25)).toBeCloseTo(15);
    const snap = store.getSnapshot();
    expect(snap.track).toBe(song);
    expect(snap.queue.items).toEqual([song, next]);
    expect(snap.room).toEqual({ name: 'Friday', readOnly: true });
  });

  it('does not restart for the same state, and takes a refined clock without reloading', () => {
    const { store, engine } = setup();
    store.follow(room());
    store.follow(room());
    store.follow(room({ startedAtLocal: 10_003 }));
    expect(engine().synced).toEqual(['s1']);
    expect(engine().sync!(25)).toBeCloseTo(14.997);
  });

  it("a guest's controls steer nothing; a host's steer the room", () => {
    const { store } = setup();
    const guest = room();
    store.follow(guest);
    store.toggle();
    store.next();
    store.seek(5000);
    expect(guest.control.pause).not.toHaveBeenCalled();
    expect(guest.control.next).not.toHaveBeenCalled();
    expect(guest.control.seek).not.toHaveBeenCalled();

    const host = room({ readOnly: false });
    store.follow(host);
    store.toggle();
    expect(host.control.pause).toHaveBeenCalledTimes(1);
    store.next();
    expect(host.control.next).toHaveBeenCalledTimes(1);
    store.seek(5000);
    expect(host.control.seek).toHaveBeenCalledWith(5000);
    store.previous();
    expect(host.control.seek).toHaveBeenCalledWith(0);
  });

  it('pauses with the room, loads a new song when it changes, and stops when the room lets go', () => {
    const { store, engine } = setup();
    store.follow(room());
    store.follow(room({ paused: true, positionMs: 30_000 }));
    expect(engine().state).toBe('paused');
    store.follow(room({ track: next, queue: [], startedAtLocal: 50_000 }));
    expect(engine().synced).toEqual(['s1', 's2']);
    store.follow(null);
    expect(engine().trackId).toBeNull();
    expect(store.getSnapshot().room).toBeNull();
  });

  it("a song's end makes the host's player skip, not the guest's", () => {
    const { store, engine } = setup();
    const guest = room();
    store.follow(guest);
    engine().listener.ended('s1');
    expect(guest.control.ended).not.toHaveBeenCalled();
    const host = room({ readOnly: false });
    store.follow(host);
    engine().listener.ended('s1');
    expect(host.control.ended).toHaveBeenCalledTimes(1);
  });

  it('puts a play that strayed from the room back in step, at most once every few seconds', () => {
    vi.useFakeTimers();
    try {
      const { store, engine } = setup();
      store.follow(room());
      engine().error = RESYNC_OVER_S / 2;
      vi.advanceTimersByTime(1000);
      expect(engine().resyncs).toBe(0);
      // 50 ms off (the room's promise) must not be left alone.
      engine().error = 0.05;
      vi.advanceTimersByTime(300);
      expect(engine().resyncs).toBe(1);
      vi.advanceTimersByTime(1000);
      expect(engine().resyncs).toBe(1);
      vi.advanceTimersByTime(3000);
      expect(engine().resyncs).toBe(2);
      engine().error = -0.05;
      vi.advanceTimersByTime(3300);
      expect(engine().resyncs).toBe(3);
      store.follow(null);
    } finally {
      vi.useRealTimers();
    }
  });
});
