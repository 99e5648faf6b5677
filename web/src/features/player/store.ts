// The player as the rest of the app sees it: one store outside React's tree (so music keeps playing while routes
// change), read with usePlayer(), driven with its actions. It joins the queue, the streaming engine, the saved state
// in localStorage, and the media session (lock screen, headset keys).

import { StreamEngine, type EngineListener, type EngineStatus, type TokenProvider } from './engine';
import type { TrackHeader } from './protocol';
import * as Q from './queue';
import type { QueueState, TrackRef } from './queue';
import { localNow } from '@/lib/clock';

export type PlayerStatus = EngineStatus;

/**
 * A listening room steering the player (the lib's player bridge describes it for the rooms feature): what plays and
 * from when on the page clock (localNow()), its queue, and who may steer. The bar's buttons then steer the room.
 */
export interface RoomFollow {
  roomName: string;
  track: TrackRef | null;
  paused: boolean;
  /** While paused: where the song stands (ms). */
  positionMs: number;
  /** While playing: the page clock's time (epoch ms) at which the song's position 0 was. */
  startedAtLocal: number;
  queue: TrackRef[];
  readOnly: boolean;
  control: { play(): void; pause(): void; seek(positionMs: number): void; next(): void; ended(): void };
}

export interface PlayerSnapshot {
  status: PlayerStatus;
  track: TrackRef | null;
  queue: QueueState;
  positionMs: number;
  durationMs: number;
  waveform: number[];
  error: string | null;
  /** Set while a listening room steers the player. */
  room: { name: string; readOnly: boolean } | null;
}

/** Pressing "previous" this far into a song starts it again instead. */
const RESTART_THRESHOLD_MS = 3000;
const SAVE_EVERY_MS = 2000;
const TICK_MS = 250;
/**
 * A synced play this far (s) from the room's position is put back by seeking (smaller errors are left alone). Under
 * the 50 ms the rooms promise: a start placed late (a busy main thread, a stale output timestamp right after the audio
 * context starts) stays that far off for the whole song unless something corrects it.
 */
export const RESYNC_OVER_S = 0.025;
/** At most one such seek this often (ms), so a struggling network is not made worse. */
const RESYNC_EVERY_MS = 3000;

export class PlayerStore {
  private engine: StreamEngine;
  private queue: QueueState;
  private header: TrackHeader | null = null;
  private snapshot: PlayerSnapshot;
  private readonly listeners = new Set<() => void>();
  private tickTimer: ReturnType<typeof setInterval> | null = null;
  private lastSaved = 0;
  private tokens: TokenProvider = () => null;
  private room: RoomFollow | null = null;
  private roomView: PlayerSnapshot['room'] = null;
  private lastResync = 0;

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
    if (this.room) return; // the room's queue is the host's, steered from the room page
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
    if (this.room) return;
    if (index < 0 || index >= this.queue.items.length) return;
    this.setQueue({ ...this.queue, index, positionMs: 0 });
    this.startCurrent(0);
  };

  // ---- a listening room ----

  /** A room takes the player over (null: it lets go, and its song stops). */
  follow = (room: RoomFollow | null): void => {
    const before = this.room;
    this.room = room;
    this.roomView = room ? (this.roomView?.name === room.roomName && this.roomView.readOnly === room.readOnly ? this.roomView : { name: room.roomName, readOnly: room.readOnly }) : null;
    if (!room) {
      if (before) this.engine.stop();
      this.publish();
      return;
    }
    const track = room.track;
    if (!track) {
      if (this.engine.trackId) this.engine.stop();
    } else if (room.paused) {
      const here = this.engine.trackId === track.id && this.engine.status() !== 'error' && this.engine.status() !== 'ended';
      if (!here) this.engine.load(track.id, room.positionMs / 1000);
      else if (Math.abs(this.engine.position() * 1000 - room.positionMs) > 50) this.engine.seek(room.positionMs / 1000);
      this.engine.pause();
    } else {
      const startedAt = room.startedAtLocal;
      const sync = (ctxTime: number) => (this.engine.localTimeOf(ctxTime) - startedAt) / 1000;
      const status = this.engine.status();
      const same =
        before !== null && !before.paused && before.track?.id === track.id && this.engine.trackId === track.id &&
        status !== 'error' && status !== 'ended' && status !== 'paused';
      if (same) {
        this.engine.setSync(sync);
        if (Math.abs(before.startedAtLocal - startedAt) > 1) this.checkSync(true);
      } else {
        this.engine.loadSynced(track.id, sync);
      }
      this.header = this.header?.trackId === track.id ? this.header : null;
      this.updateMediaSession(track);
      this.startTicking();
    }
    this.publish();
  };

  /** What the speakers play now: the song position and the page-clock time it is heard at. */
  syncSample = (): { trackId: string; positionMs: number; localMs: number; playing: boolean } | null => {
    const id = this.engine.trackId;
    const s = this.engine.sample();
    if (!id || !s) return null;
    return { trackId: id, ...s, playing: this.engine.status() === 'playing' };
  };

  /** Seeks a synced play back to the room's position when it strayed (a late segment, a clock estimate changed). */
  private checkSync(force = false): void {
    const error = this.engine.syncError();
    if (error === null) return;
    const now = Date.now();
    if (Math.abs(error) <= RESYNC_OVER_S || (!force && now - this.lastResync < RESYNC_EVERY_MS)) return;
    this.lastResync = now;
    this.engine.resync();
  }

  /** Play, or resume: a restored queue starts where it was left. */
  play = (): void => {
    if (this.room) {
      if (!this.room.readOnly) this.room.control.play();
      return;
    }
    const track = Q.current(this.queue);
    if (!track) return;
    if (this.engine.trackId === track.id && this.engine.status() !== 'error' && this.engine.status() !== 'ended') {
      this.engine.resume();
    } else {
      this.startCurrent(this.engine.status() === 'ended' ? 0 : this.queue.positionMs);
    }
  };

  pause = (): void => {
    if (this.room) {
      if (!this.room.readOnly) this.room.control.pause();
      return;
    }
    this.engine.pause();
    this.save(true);
  };

  toggle = (): void => {
    if (this.room) {
      if (this.room.paused || !this.room.track) this.play();
      else this.pause();
      return;
    }
    const s = this.engine.status();
    if (s === 'playing' || s === 'buffering' || s === 'connecting') this.pause();
    else this.play();
  };

  next = (): void => {
    if (this.room) {
      if (!this.room.readOnly) this.room.control.next();
      return;
    }
    if (!Q.hasNext(this.queue)) return;
    this.setQueue(Q.next(this.queue));
    this.startCurrent(0);
  };

  previous = (): void => {
    if (this.room) {
      if (!this.room.readOnly) this.room.control.seek(0);
      return;
    }
    if (this.positionMs() > RESTART_THRESHOLD_MS || !Q.hasPrevious(this.queue)) {
      this.seek(0);
      return;
    }
    this.setQueue(Q.previous(this.queue));
    this.startCurrent(0);
  };

  /** Seeks the current song to `positionMs` (loads it there if it is not playing yet). */
  seek = (positionMs: number): void => {
    if (this.room) {
      const duration = this.durationMs();
      if (!this.room.readOnly) this.room.control.seek(Math.max(0, duration > 0 ? Math.min(positionMs, duration - 1) : positionMs));
      return;
    }
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
    if (this.room) {
      // chat-service does not know song lengths: the host's player says when one is over (the room skips).
      if (this.room.track?.id === trackId && !this.room.readOnly) this.room.control.ended();
      this.publish();
      return;
    }
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

  private currentTrack(): TrackRef | null {
    return this.room ? this.room.track : Q.current(this.queue);
  }

  private positionMs(): number {
    if (this.room) {
      const t = this.room.track;
      if (t && this.engine.trackId === t.id) return Math.round(this.engine.position() * 1000);
      return this.room.paused || !t ? this.room.positionMs : Math.max(0, Math.round(localNow() - this.room.startedAtLocal));
    }
    const track = Q.current(this.queue);
    if (track && this.engine.trackId === track.id) return Math.round(this.engine.position() * 1000);
    return this.queue.positionMs;
  }

  private durationMs(): number {
    const track = this.currentTrack();
    if (this.header && this.header.trackId === track?.id) return this.header.durationMs;
    return track?.durationMs ?? 0;
  }

  private setQueue(q: QueueState): void {
    this.queue = q;
    this.save(true);
  }

  private save(now: boolean): void {
    if (this.room) return; // the room's song is not this listener's queue
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
        if (this.room) this.checkSync();
        this.publish();
      }
    }, TICK_MS);
  }

  private roomQueue: { key: unknown[]; queue: QueueState } | null = null;

  /** The room's song and queue in the queue's shape (kept while they do not change, for cheap comparisons). */
  private queueOf(room: RoomFollow): QueueState {
    const key = [room.track, ...room.queue];
    const prev = this.roomQueue;
    if (prev && prev.key.length === key.length && prev.key.every((k, i) => k === key[i])) return prev.queue;
    const items = room.track ? [room.track, ...room.queue] : [...room.queue];
    const queue: QueueState = { items, index: room.track ? 0 : -1, positionMs: 0 };
    this.roomQueue = { key, queue };
    return queue;
  }

  private compute(): PlayerSnapshot {
    const track = this.currentTrack();
    const waveform = this.header && this.header.trackId === track?.id ? this.header.waveform : [];
    return {
      status: track && this.engine.trackId === track.id ? this.engine.status() : this.engine.status() === 'error' ? 'error' : 'idle',
      track,
      queue: this.room ? this.queueOf(this.room) : this.queue,
      room: this.roomView,
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
      prev.error === next.error &&
      prev.room === next.room
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
