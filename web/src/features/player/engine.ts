// The streaming engine: one WebSocket to /api/stream/ws, credit flow control, FLAC segments decoded with
// decodeAudioData and scheduled back to back on the AudioContext clock, the track's loudness gain, reconnects.
// It knows one track at a time; the queue lives in the store above it.

import { reconnectDelay } from './backoff';
import { closeAction } from './closing';
import { CreditLedger } from './credit';
import {
  offeredProtocols,
  parseSegmentFrame,
  parseServerMessage,
  streamUrl,
  type ClientCommand,
  type TrackHeader,
} from './protocol';
import { bufferedAhead, gainFactor, place, positionAt, segmentFor, timelineAt, type Timeline } from './schedule';
import { localNow } from '@/lib/clock';

/**
 * A synced play (a listening room): the song position (s) the audio should be at when the AudioContext clock reads
 * `ctxTime`. The first segment after a load or a seek starts exactly there (later, or further into the segment).
 */
export type SyncTarget = (ctxTime: number) => number;

export type EngineStatus = 'idle' | 'connecting' | 'buffering' | 'playing' | 'paused' | 'ended' | 'error';

/** The access token for the socket's handshake; `refresh` after the server refused the previous one. */
export type TokenProvider = (options: { refresh: boolean }) => Promise<string | null> | string | null;

export interface EngineListener {
  header(header: TrackHeader): void;
  ended(trackId: string): void;
  error(code: string, message: string): void;
  changed(): void;
}

/** Segments kept between held and promised: ~15-20 s ahead, within the server's cap of 16. */
const CREDIT_TARGET = 4;
/** The least time between scheduling a start and the start itself (s). */
const LEAD = 0.02;
/** Until the track header says otherwise (docs/streaming.md: 5000 ms). */
const DEFAULT_SEGMENT_SECONDS = 5;
/** A socket opened ahead of a play closes after this long without one (it holds one of the user's 4 slots). */
const IDLE_CLOSE_MS = 60_000;

interface CurrentPlay {
  trackId: string;
  header: TrackHeader | null;
  timeline: Timeline | null;
  /** Where this play starts (s), until the header makes a timeline of it. */
  startSeconds: number;
  /** The next segment index to take from the server. */
  expected: number;
  /** Decoded and scheduled every segment up to the last. */
  lastScheduled: boolean;
  ended: boolean;
  sync: SyncTarget | null;
}

interface ScheduledSource {
  node: AudioBufferSourceNode;
  generation: number;
}

export class StreamEngine {
  private ctx: AudioContext | null = null;
  private gain: GainNode | null = null;
  private analyserNode: AnalyserNode | null = null;
  private ws: WebSocket | null = null;
  private wsOpen = false;
  private refusedBeforeOpen = false;
  private opened = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private fetchingToken = false;
  private connectAttempt = 0;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly ledger = new CreditLedger(CREDIT_TARGET);
  private play: CurrentPlay | null = null;
  private generation = 0;
  private readonly sources = new Set<ScheduledSource>();
  private decodeChain: Promise<void> = Promise.resolve();
  private pausedByUser = false;
  private failure: { code: string; message: string } | null = null;
  private firstScheduled: ((when: number) => void) | null = null;
  /** Moments of a play, for the tests' time-to-first-sound breakdown. */
  trace: ((event: 'socket-open' | 'header' | 'segment') => void) | null = null;

  constructor(
    private readonly tokens: TokenProvider,
    private readonly listener: EngineListener,
    private readonly url: () => string = () => streamUrl(window.location),
  ) {}

  // ---- what the store asks ----

  /**
   * Opens the socket before the first play, so pressing play waits for no handshake. Quiet: without a session it
   * does nothing. An unused socket closes again after a minute.
   */
  warmUp(): void {
    // The audio device takes up to ~100 ms to start: start it early too, once the page may make sound (the listener
    // has interacted with it; before that, browsers keep a new AudioContext suspended until the play click anyway).
    const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation;
    if (activation?.hasBeenActive) this.ensureAudio();
    if (this.ws || this.fetchingToken || this.reconnectTimer) return;
    this.connect(true);
  }

  /**
   * Starts a track at `positionSeconds`. Call it from the user's gesture the first time: the AudioContext is made
   * (or resumed) here, and browsers only let it sound after a gesture.
   */
  load(trackId: string, positionSeconds: number, sync: SyncTarget | null = null): void {
    this.ensureAudio();
    this.clearIdleTimer();
    this.generation++;
    this.stopSources();
    this.ledger.dropHeld();
    this.failure = null;
    this.pausedByUser = false;
    void this.ctx?.resume();
    const fromSegment = Math.floor(Math.max(0, positionSeconds) / DEFAULT_SEGMENT_SECONDS);
    this.play = {
      trackId,
      header: null,
      timeline: null,
      startSeconds: Math.max(0, positionSeconds),
      expected: fromSegment,
      lastScheduled: false,
      ended: false,
      sync,
    };
    this.sendPlay();
    this.listener.changed();
  }

  /**
   * Plays `trackId` in step with a clock outside (a listening room): it starts where `sync` says the song is by the
   * time the first segment can sound, and `resync()` puts it back there.
   */
  loadSynced(trackId: string, sync: SyncTarget): void {
    this.ensureAudio();
    // The segment that will hold the position a moment from now (the fetch and decode take a few hundred ms).
    const ahead = this.ctx ? sync(this.ctx.currentTime + 0.3) : 0;
    this.load(trackId, Math.max(0, ahead), sync);
  }

  /** A better estimate of the outside clock (a new clock-sync result); `resync()` applies it if it matters. */
  setSync(sync: SyncTarget): void {
    if (this.play) this.play.sync = sync;
  }

  /** Heard position minus where the outside clock says it should be (s); null when not a synced, sounding play. */
  syncError(): number | null {
    const p = this.play;
    if (!p?.sync || !p.timeline || p.timeline.endTime === null || !this.ctx || this.pausedByUser) return null;
    const now = this.ctx.currentTime;
    if (bufferedAhead(p.timeline, now) <= 0) return null;
    return positionAt(p.timeline, now) - p.sync(now);
  }

  /** Seeks a synced play to where the outside clock says it is. */
  resync(): void {
    const p = this.play;
    if (!p?.sync || !this.ctx) return;
    this.seek(Math.max(0, p.sync(this.ctx.currentTime + 0.3)));
  }

  /**
   * The page clock's time (localNow(), epoch ms) at which the audio at AudioContext time `ctxTime` comes out of the
   * speakers: through getOutputTimestamp when the device reports one (it includes the output latency).
   */
  localTimeOf(ctxTime: number): number {
    const ctx = this.ctx;
    if (!ctx) return localNow();
    const ts = typeof ctx.getOutputTimestamp === 'function' ? ctx.getOutputTimestamp() : null;
    if (ts && ts.contextTime && ts.performanceTime && typeof performance !== 'undefined' && performance.timeOrigin) {
      return performance.timeOrigin + ts.performanceTime + (ctxTime - ts.contextTime) * 1000;
    }
    return localNow() + (ctxTime - ctx.currentTime) * 1000;
  }

  /** The song position heard now and the page-clock time it is heard at (for sync checks and tests). */
  sample(): { positionMs: number; localMs: number } | null {
    const p = this.play;
    if (!p?.timeline || !this.ctx) return null;
    const now = this.ctx.currentTime;
    return { positionMs: positionAt(p.timeline, now) * 1000, localMs: this.localTimeOf(now) };
  }

  /** Jumps within the current track. */
  seek(positionSeconds: number): void {
    const p = this.play;
    if (!p) return;
    if (!p.header) {
      this.load(p.trackId, positionSeconds, p.sync);
      return;
    }
    this.generation++;
    this.stopSources();
    this.ledger.dropHeld();
    const segmentSeconds = segmentSecondsOf(p.header);
    p.timeline = timelineAt(positionSeconds, segmentSeconds, p.header.segmentCount);
    p.expected = p.timeline.nextIndex;
    p.lastScheduled = false;
    p.ended = false;
    this.send({ type: 'seek', segment: p.expected });
    this.grant();
    this.listener.changed();
  }

  pause(): void {
    this.pausedByUser = true;
    void this.ctx?.suspend();
    this.listener.changed();
  }

  resume(): void {
    this.ensureAudio();
    this.pausedByUser = false;
    void this.ctx?.resume();
    this.listener.changed();
  }

  /** Stops sending and sounding; the socket stays for the next play. */
  stop(): void {
    this.generation++;
    this.stopSources();
    this.ledger.dropHeld();
    if (this.play) this.send({ type: 'stop' });
    this.play = null;
    this.startIdleTimer();
    this.listener.changed();
  }

  get trackId(): string | null {
    return this.play?.trackId ?? null;
  }

  get header(): TrackHeader | null {
    return this.play?.header ?? null;
  }

  /** Song position heard now, in seconds. */
  position(): number {
    const p = this.play;
    if (!p) return 0;
    if (!p.timeline || !this.ctx) return p.startSeconds;
    return positionAt(p.timeline, this.ctx.currentTime);
  }

  status(): EngineStatus {
    const p = this.play;
    if (this.failure) return 'error';
    if (!p) return 'idle';
    if (p.ended) return 'ended';
    if (this.pausedByUser) return 'paused';
    if (!this.wsOpen && !p.lastScheduled && this.ahead() < 0.05) return 'connecting';
    if (this.ahead() < 0.05) return 'buffering';
    return 'playing';
  }

  errorMessage(): string | null {
    return this.failure?.message ?? null;
  }

  /** The graph's analyser (sources -> loudness gain -> analyser -> speakers), for meters and tests. */
  get analyser(): AnalyserNode | null {
    return this.analyserNode;
  }

  get audioContext(): AudioContext | null {
    return this.ctx;
  }

  /** How many sockets were opened so far (reconnects included). */
  get socketsOpened(): number {
    return this.opened;
  }

  /** Cuts the socket as a network loss would (tests of the reconnect). */
  dropConnection(): void {
    const ws = this.ws;
    if (!ws) return;
    this.ws = null;
    this.wsOpen = false;
    ws.onclose = null;
    ws.close(4000, 'dropped');
    if (this.play && !this.play.ended) this.scheduleReconnect();
    this.listener.changed();
  }

  /** Called once with the clock time the next play's first segment is scheduled at (for time-to-first-sound). */
  onFirstScheduled(callback: ((when: number) => void) | null): void {
    this.firstScheduled = callback;
  }

  /** Closes everything (page going away, tests). */
  dispose(): void {
    this.stop();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.clearIdleTimer();
    this.connectAttempt++;
    const ws = this.ws;
    this.ws = null;
    this.wsOpen = false;
    this.fetchingToken = false;
    this.failure = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, 'bye');
    }
    void this.ctx?.close();
    this.ctx = null;
    this.listener.changed();
  }

  // ---- audio ----

  private ensureAudio(): void {
    if (this.ctx) return;
    // 44.1 kHz: what the audio pipeline makes, so segments are not resampled and join sample-exactly.
    let ctx: AudioContext;
    try {
      ctx = new AudioContext({ sampleRate: 44100, latencyHint: 'interactive' });
    } catch {
      ctx = new AudioContext();
    }
    const gain = ctx.createGain();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 2048;
    gain.connect(analyser);
    analyser.connect(ctx.destination);
    this.ctx = ctx;
    this.gain = gain;
    this.analyserNode = analyser;
    ctx.onstatechange = () => this.listener.changed();
  }

  private ahead(): number {
    const p = this.play;
    if (!p?.timeline || !this.ctx) return 0;
    return bufferedAhead(p.timeline, this.ctx.currentTime);
  }

  private stopSources(): void {
    for (const s of this.sources) {
      try {
        s.node.stop();
      } catch {
        // never started
      }
      s.node.disconnect();
    }
    this.sources.clear();
  }

  private onSegment(data: ArrayBuffer): void {
    let frame;
    try {
      frame = parseSegmentFrame(data);
    } catch {
      return;
    }
    const p = this.play;
    const kept = !!p && !!p.header && frame.trackId === p.trackId && frame.index === p.expected;
    this.ledger.received(kept);
    if (!kept || !p) {
      this.grant();
      return;
    }
    p.expected++;
    this.trace?.('segment');
    const generation = this.generation;
    const ctx = this.ctx!;
    this.decodeChain = this.decodeChain.then(async () => {
      let buffer: AudioBuffer;
      try {
        buffer = await ctx.decodeAudioData(frame.flac);
      } catch {
        if (generation === this.generation) {
          this.ledger.released();
          this.fail('decode-failed', `Segment ${frame.index} could not be decoded.`);
        }
        return;
      }
      if (generation !== this.generation || this.play !== p) return;
      this.schedule(p, buffer, frame.index, generation);
    });
  }

  private schedule(p: CurrentPlay, buffer: AudioBuffer, index: number, generation: number): void {
    const ctx = this.ctx!;
    let timeline = p.timeline!;
    let now = ctx.currentTime;
    if (timeline.endTime === null && p.sync) {
      // A synced start: begin where the outside clock says the song is when this sounds, or wait until it gets here.
      const earliest = now + LEAD;
      const offset = p.sync(earliest) - index * timeline.segmentSeconds;
      if (offset >= buffer.duration - LEAD) {
        this.ledger.released();
        if (index >= p.header!.segmentCount - 1) {
          // The room is past the song's end: nothing left to play here.
          p.ended = true;
          this.listener.changed();
          this.listener.ended(p.trackId);
          return;
        }
        // This segment went by while it came: jump to the one that holds the position now.
        this.seek(Math.max(0, p.sync(now + 0.3)));
        return;
      }
      if (offset < 0) now = earliest - offset - LEAD;
      timeline = { ...timeline, startOffset: Math.max(0, offset) };
    }
    const placement = place(timeline, buffer.duration, now, LEAD);
    const node = ctx.createBufferSource();
    node.buffer = buffer;
    node.connect(this.gain!);
    node.start(placement.when, placement.offset);
    const source: ScheduledSource = { node, generation };
    this.sources.add(source);
    const first = timeline.endTime === null;
    p.timeline = placement.timeline;
    const last = index === p.header!.segmentCount - 1;
    if (last) p.lastScheduled = true;
    node.onended = () => {
      this.sources.delete(source);
      node.disconnect();
      if (source.generation !== this.generation) return;
      this.ledger.released();
      this.grant();
      if (last && this.play === p) {
        p.ended = true;
        this.listener.changed();
        this.listener.ended(p.trackId);
      }
    };
    if (first && this.firstScheduled) {
      const callback = this.firstScheduled;
      callback(placement.when);
    }
    this.listener.changed();
  }

  private fail(code: string, message: string): void {
    this.failure = { code, message };
    this.listener.error(code, message);
    this.listener.changed();
  }

  // ---- the socket ----

  private sendPlay(): void {
    const p = this.play;
    if (!p) return;
    if (!this.wsOpen) {
      this.connect();
      return;
    }
    if (p.header && p.expected >= p.header.segmentCount) return; // all of it is here already
    this.send({ type: 'play', trackId: p.trackId, fromSegment: p.expected });
    this.grant();
  }

  private grant(): void {
    if (!this.wsOpen || !this.play) return;
    const n = this.ledger.grant();
    if (n > 0) this.send({ type: 'credit', n });
  }

  private send(command: ClientCommand): void {
    if (this.ws && this.wsOpen) this.ws.send(JSON.stringify(command));
  }

  private startIdleTimer(): void {
    this.clearIdleTimer();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.ws && this.wsOpen && (!this.play || this.play.ended)) {
        const ws = this.ws;
        this.ws = null;
        this.wsOpen = false;
        ws.onclose = null;
        ws.close(1000, 'idle');
      }
    }, IDLE_CLOSE_MS);
  }

  private clearIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private connect(quiet = false): void {
    if (this.ws || this.reconnectTimer || this.fetchingToken) return;
    const refresh = this.refusedBeforeOpen;
    // One token fetch at a time, so calls meanwhile do not open a second socket.
    const attempt = ++this.connectAttempt;
    this.fetchingToken = true;
    Promise.resolve(this.tokens({ refresh }))
      .catch(() => null)
      .then((token) => {
        this.fetchingToken = false;
        if (attempt !== this.connectAttempt || this.ws) return;
        if (!token && quiet) return;
        if (!token) {
          this.fail('login-required', 'Log in to listen.');
          return;
        }
        this.open(token);
      });
    this.listener.changed();
  }

  private open(token: string): void {
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url(), offeredProtocols(token));
    } catch {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.wsOpen = true;
      this.opened++;
      this.trace?.('socket-open');
      this.refusedBeforeOpen = false;
      this.ledger.connectionReset();
      if (!this.play || this.play.ended) this.startIdleTimer();
      this.sendPlay();
      this.listener.changed();
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      if (typeof event.data === 'string') this.onText(event.data);
      else if (event.data instanceof ArrayBuffer) this.onSegment(event.data);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      const wasOpen = this.wsOpen;
      this.ws = null;
      this.wsOpen = false;
      // What each code means for the player: closing.ts (docs/streaming-close-codes.md).
      const action = closeAction(event.code, wasOpen);
      if (action.kind === 'give-up') {
        this.fail(action.code, action.message);
        return;
      }
      if (action.kind === 'refresh-token') this.refusedBeforeOpen = true;
      if (action.kind === 'reconnect') this.reconnectAttempt = Math.max(this.reconnectAttempt, action.firstAttempt);
      // The scheduled audio keeps playing meanwhile; the next socket asks from the next segment not yet received.
      if (this.play && !this.play.ended) this.scheduleReconnect();
      this.listener.changed();
    };
  }

  private scheduleReconnect(): void {
    if (this.reconnectTimer) return;
    const delay = reconnectDelay(this.reconnectAttempt++);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.play && !this.play.ended) this.connect();
    }, delay);
  }

  private onText(text: string): void {
    const message = parseServerMessage(text);
    if (!message) return;
    switch (message.type) {
      case 'hello':
        this.reconnectAttempt = 0;
        return;
      case 'track':
        this.onHeader(message);
        return;
      case 'error': {
        const p = this.play;
        if (message.code === 'invalid-credit') return; // our accounting is off by a little: the next grant fixes it
        if (!p || (message.trackId && message.trackId !== p.trackId)) return;
        this.fail(message.code, messageFor(message.code, message.message));
        return;
      }
      default:
        return;
    }
  }

  private onHeader(header: TrackHeader): void {
    const p = this.play;
    if (!p || header.trackId !== p.trackId) return;
    const resumed = p.header !== null;
    p.header = header;
    this.trace?.('header');
    if (this.gain) this.gain.gain.value = gainFactor(header.gainDb);
    if (!resumed) {
      const segmentSeconds = segmentSecondsOf(header);
      const start = Math.min(p.startSeconds, Math.max(0, header.durationMs / 1000 - 0.001));
      p.timeline = timelineAt(start, segmentSeconds, header.segmentCount);
      if (p.timeline.nextIndex !== header.fromSegment) {
        // The segment length is not the one we guessed: ask for the right one.
        const { segment } = segmentFor(start, segmentSeconds, header.segmentCount);
        p.expected = segment;
        this.send({ type: 'seek', segment });
      } else {
        p.expected = header.fromSegment;
      }
    }
    this.listener.header(header);
    this.listener.changed();
  }
}

function segmentSecondsOf(header: TrackHeader): number {
  return header.segmentSamples > 0 && header.sampleRate > 0
    ? header.segmentSamples / header.sampleRate
    : header.segmentDurationMs / 1000;
}

function messageFor(code: string, fallback: string): string {
  switch (code) {
    case 'not-found':
      return 'This song cannot be played (it was removed or is not ready).';
    case 'forbidden':
      return 'This song is private.';
    default:
      return fallback || 'The song cannot be played.';
  }
}
