// The player as the rest of the app sees it: one store outside React's tree (so music keeps playing while routes
// change), read with usePlayer(), driven with its actions. It joins the queue, the streaming engine, the saved state
// in localStorage, and the media session (lock screen, headset keys).

import { StreamEngine, type EngineListener, type EngineStatus, type TokenProvider } from './engine';
import type { TrackHeader } from './protocol';
import * as Q from './queue';
import type { QueueState, TrackRef } from './queue';

export type PlayerStatus = EngineStatus;

export interface PlayerSnapshot {
  status: PlayerStatus;
  track: TrackRef | null;
  queue: QueueState;
  positionMs: number;
  durationMs: number;
  waveform: number[];
  error: string | null;
}

/** Pressing "previous" this far into a song starts it again instead. */
const RESTART_THRESHOLD_MS = 3000;
const SAVE_EVERY_MS = 2000;
const TICK_MS = 250;

export class PlayerStore {
  private engine: StreamEngine;
  private queue: QueueState;
  private header: TrackHeader | null = null;
  private snapshot: PlayerSnapshot;
  private readonly listeners = new Set<() => void>();
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private lastSaved = 0;
  private tokens: TokenProvider = () => null;

  constructor(
    private readonly storage: Storage | undefined = safeLocalStorage(),
    engineFactory: (tokens: TokenProvider, listener: EngineListener) => StreamEngine = (t, l) => new StreamEngine(t, l),
  ) {
    this.queue = Q.loadQueue(storage);
    const tokens: TokenProvider = (o) => this.tokens(o);
    this.engine = engineFactory(tokens, {
      header: (h) => this.onHeader(h),
      ended: (id) => this.onEnded(id),
      error: () => this.publish(),
      changed: () => this.publish(),
    });
    this.snapshot = this.compute();
  }

  /** Where the socket's access token comes from (the app's auth). */
  setTokenProvider(tokens: TokenProvider): void {
    this.tokens = tokens;
  }

  /** Opens the streaming socket ahead of the first play (quietly nothing without a session). */
  warmUp = (): void => {
    this.engine.warmUp();
  };

  /** Signed out: stop, close the socket and forget the queue (the next person at this browser sees none of it). */
  reset = (): void => {
    this.engine.dispose();
    this.header = null;
    this.queue = Q.EMPTY_QUEUE;
    Q.saveQueue(this.storage, this.queue);
    this.publish();
  };

  // ---- reading ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): PlayerSnapshot => this.snapshot;

  get streamEngine(): StreamEngine {
    return this.engine;
  }

  // ---- actions ----

  /** Plays one song now (it goes into the queue after the current one). */
  playTrack = (track: TrackRef): void => {
    this.setQueue(Q.playNow(this.queue, track));
    this.startCurrent(0);
  };

  /** Replaces the queue with a list and plays it from `start`. */
  playList = (tracks: TrackRef[], start = 0): void => {
    this.setQueue(Q.playList(tracks, start));
    this.startCurrent(0);
  };

  playNext = (track: TrackRef): void => {
    this.setQueue(Q.playNext(this.queue, track));
    this.publish();
  };

  enqueue = (track: TrackRef): void => {
    this.setQueue(Q.enqueue(this.queue, track));
    this.publish();
  };

  removeAt = (index: number): void => {
    const wasCurrent = index === this.queue.index;
    const playing = this.isActive();
    this.setQueue(Q.removeAt(this.queue, index));
    if (wasCurrent) {
      if (playing && Q.current(this.queue)) this.startCurrent(0);
      else this.engine.stop();
    }
    this.publish();
  };

  /** Plays the queue's item at `index`. */
  jumpTo = (index: number): void => {
    if (index < 0 || index >= this.queue.items.length) return;
    this.setQueue({ ...this.queue, index, positionMs: 0 });
    this.startCurrent(0);
  };

  /** Play, or resume: a restored queue starts where it was left. */
  play = (): void => {
    const track = Q.current(this.queue);
    if (!track) return;
    if (this.engine.trackId === track.id && this.engine.status() !== 'error' && this.engine.status() !== 'ended') {
      this.engine.resume();
    } else {
      this.startCurrent(this.engine.status() === 'ended' ? 0 : this.queue.positionMs);
    }
  };

  pause = (): void => {
    this.engine.pause();
    this.save(true);
  };

  toggle = (): void => {
    const s = this.engine.status();
    if (s === 'playing' || s === 'buffering' || s === 'connecting') this.pause();
    else this.play();
  };

  next = (): void => {
    if (!Q.hasNext(this.queue)) return;
    this.setQueue(Q.next(this.queue));
    this.startCurrent(0);
  };

  previous = (): void => {
    if (this.positionMs() > RESTART_THRESHOLD_MS || !Q.hasPrevious(this.queue)) {
      this.seek(0);
      return;
    }
    this.setQueue(Q.previous(this.queue));
    this.startCurrent(0);
  };

  /** Seeks the current song to `positionMs` (loads it there if it is not playing yet). */
  seek = (positionMs: number): void => {
    const track = Q.current(this.queue);
    if (!track) return;
    const duration = this.durationMs();
    const target = Math.max(0, duration > 0 ? Math.min(positionMs, duration - 1) : positionMs);
    if (this.engine.trackId === track.id && this.engine.status() !== 'error') {
      this.engine.seek(target / 1000);
      if (this.engine.status() === 'paused') this.engine.resume();
    } else {
      this.startCurrent(target);
    }
    this.setQueue(Q.withPosition(this.queue, target));
    this.publish();
  };

  /** Plays `track` from a fraction of its length (a click on a song page's waveform). */
  seekTrack = (track: TrackRef, fraction: number): void => {
    const durationMs = track.durationMs ?? 0;
    if (Q.current(this.queue)?.id === track.id) {
      this.seek(fraction * this.durationMs());
      return;
    }
    this.setQueue(Q.playNow(this.queue, track));
    this.startCurrent(Math.max(0, Math.min(1, fraction)) * durationMs);
  };

  // ---- inside ----

  private startCurrent(positionMs: number): void {
    const track = Q.current(this.queue);
    if (!track) {
      this.engine.stop();
      return;
    }
    this.header = null;
    this.setQueue(Q.withPosition(this.queue, positionMs));
    this.engine.load(track.id, positionMs / 1000);
    this.updateMediaSession(track);
    this.startTicking();
    this.publish();
  }

  private isActive(): boolean {
    const s = this.engine.status();
    return s === 'playing' || s === 'buffering' || s === 'connecting';
  }

  private onHeader(h: TrackHeader): void {
    this.header = h;
    this.publish();
  }

  private onEnded(trackId: string): void {
    if (Q.current(this.queue)?.id !== trackId) return;
    if (Q.hasNext(this.queue)) {
      this.setQueue(Q.next(this.queue));
      this.startCurrent(0);
    } else {
      this.setQueue(Q.withPosition(this.queue, 0));
      this.save(true);
      this.publish();
    }
  }

  private positionMs(): number {
    const track = Q.current(this.queue);
    if (track && this.engine.trackId === track.id) return Math.round(this.engine.position() * 1000);
    return this.queue.positionMs;
  }

  private durationMs(): number {
    if (this.header && this.header.trackId === Q.current(this.queue)?.id) return this.header.durationMs;
    return Q.current(this.queue)?.durationMs ?? 0;
  }

  private setQueue(q: QueueState): void {
    this.queue = q;
    this.save(true);
  }

  private save(now: boolean): void {
    const t = Date.now();
    if (!now && t - this.lastSaved < SAVE_EVERY_MS) return;
    this.lastSaved = t;
    const q = this.engine.trackId === Q.current(this.queue)?.id ? Q.withPosition(this.queue, this.positionMs()) : this.queue;
    this.queue = q;
    Q.saveQueue(this.storage, q);
  }

  private startTicking(): void {
    if (this.tickTimer || typeof setInterval === 'undefined') return;
    this.tickTimer = setInterval(() => {
      if (this.isActive()) {
        this.save(false);
        this.publish();
      }
    }, TICK_MS);
  }

  private compute(): PlayerSnapshot {
    const track = Q.current(this.queue);
    const waveform = this.header && this.header.trackId === track?.id ? this.header.waveform : [];
    return {
      status: track && this.engine.trackId === track.id ? this.engine.status() : this.engine.status() === 'error' ? 'error' : 'idle',
      track,
      queue: this.queue,
      positionMs: this.positionMs(),
      durationMs: this.durationMs(),
      waveform,
      error: this.engine.errorMessage(),
    };
  }

  private publish(): void {
    const next = this.compute();
    const prev = this.snapshot;
    if (
      prev.status === next.status &&
      prev.track === next.track &&
      prev.queue === next.queue &&
      prev.positionMs === next.positionMs &&
      prev.durationMs === next.durationMs &&
      prev.waveform === next.waveform &&
      prev.error === next.error
    ) {
      return;
    }
    this.snapshot = next;
    this.updatePositionState(next);
    for (const l of this.listeners) l();
  }

  // ---- media session: lock screen and headset keys ----

  private mediaSessionReady = false;

  private updateMediaSession(track: TrackRef): void {
    const ms = typeof navigator !== 'undefined' ? navigator.mediaSession : undefined;
    if (!ms || typeof MediaMetadata === 'undefined') return;
    ms.metadata = new MediaMetadata({
      title: track.title,
      artist: track.artistName ?? '',
      album: 'LALALA',
      artwork: track.coverUrl ? [{ src: track.coverUrl, sizes: '300x300', type: 'image/jpeg' }] : [],
    });
    if (this.mediaSessionReady) return;
    this.mediaSessionReady = true;
    const handlers: [MediaSessionAction, MediaSessionActionHandler][] = [
      ['play', () => this.play()],
      ['pause', () => this.pause()],
      ['nexttrack', () => this.next()],
      ['previoustrack', () => this.previous()],
      ['seekto', (d) => d.seekTime !== undefined && this.seek(d.seekTime * 1000)],
      ['seekbackward', (d) => this.seek(this.positionMs() - (d.seekOffset ?? 10) * 1000)],
      ['seekforward', (d) => this.seek(this.positionMs() + (d.seekOffset ?? 10) * 1000)],
      ['stop', () => this.pause()],
    ];
    for (const [action, handler] of handlers) {
      try {
        ms.setActionHandler(action, handler);
      } catch {
        // this browser does not know the action
      }
    }
  }

  private updatePositionState(s: PlayerSnapshot): void {
    const ms = typeof navigator !== 'undefined' ? navigator.mediaSession : undefined;
    if (!ms) return;
    ms.playbackState = s.status === 'paused' ? 'paused' : s.status === 'idle' ? 'none' : 'playing';
    if (s.durationMs > 0 && typeof ms.setPositionState === 'function') {
      try {
        ms.setPositionState({
          duration: s.durationMs / 1000,
          position: Math.min(s.positionMs, s.durationMs) / 1000,
          playbackRate: 1,
        });
      } catch {
        // inconsistent for a moment while a track changes
      }
    }
  }
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}
