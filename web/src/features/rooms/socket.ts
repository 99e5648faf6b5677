// The room socket: /api/chat/ws, protocol lalala.chat.v1 (docs/rooms.md). Authenticates at the handshake with the
// subprotocols ["lalala.chat.v1", "bearer." + accessToken], joins one room, keeps the clock in sync with `time`
// round trips, and reconnects with backoff when the socket closes (joining again: the `state` answer resyncs).

import { localNow } from '@/lib/clock';
import { addSample, estimateOffset, offsetError, type ClockSample } from './clock';

export const PROTOCOL = 'lalala.chat.v1';

export interface ServerFrame {
  type: string;
  [field: string]: unknown;
}

export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RoomSocketOptions {
  roomId: string;
  key?: string | null;
  /** The access token; `refresh` after the handshake was refused or the token expired. */
  getToken(refresh: boolean): Promise<string | null> | string | null;
  onFrame(frame: ServerFrame): void;
  onStatus(status: ConnectionStatus, reason?: string): void;
  /** A new clock estimate: server clock minus the page clock (ms), and its error bound. */
  onClock(offset: number, error: number): void;
  url?: string;
  clock?: () => number;
}

/** Samples per sync burst, and the gap between them (ms): the server answers `time` at once, out of queue. */
const SAMPLES = 8;
const SAMPLE_GAP_MS = 60;
/** Clocks drift and routes change: a short burst again this often. */
const RESYNC_MS = 60_000;

export function chatUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/chat/ws`;
}

export function offeredProtocols(token: string): string[] {
  return [PROTOCOL, `bearer.${token}`];
}

/** Backoff after a close: 500 ms doubling to 30 s, ±30 % jitter so a restarted service is not hit all at once. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.7 + 0.6 * random()));
}

export class RoomSocket {
  private ws: WebSocket | null = null;
  private opened = false;
  private stopped = false;
  private attempt = 0;
  private refresh = false;
  private lastError: string | null = null;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private resyncTimer: ReturnType<typeof setInterval> | null = null;
  private samples: ClockSample[] = [];
  private readonly pending = new Set<number>();
  private readonly clock: () => number;

  constructor(private readonly options: RoomSocketOptions) {
    this.clock = options.clock ?? localNow;
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      if (ws.readyState === 1) ws.send(JSON.stringify({ type: 'leave', roomId: this.options.roomId }));
      ws.close(1000, 'bye');
    }
  }

  /** Sends a frame to the room (roomId added); false when the socket is not open. */
  send(frame: { type: string; [field: string]: unknown }): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) return false;
    ws.send(JSON.stringify({ ...frame, roomId: this.options.roomId }));
    return true;
  }

  /** A burst of clock samples now. */
  syncClock(): void {
    for (let i = 0; i < SAMPLES; i++) this.later(i * SAMPLE_GAP_MS, () => this.sendTime());
  }

  private sendTime(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== 1) return;
    // Whole ms: the server reads clientSentAt as a long and echoes it.
    const t0 = Math.floor(this.clock());
    this.pending.add(t0);
    ws.send(JSON.stringify({ type: 'time', clientSentAt: t0 }));
  }

  private later(ms: number, run: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    this.timers.add(t);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.ws) return;
    this.options.onStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let token: string | null = null;
    try {
      token = await this.options.getToken(this.refresh);
    } catch {
      token = null;
    }
    if (this.stopped || this.ws) return;
    if (!token) {
      this.options.onStatus('closed', 'login-required');
      return;
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url ?? chatUrl(window.location), offeredProtocols(token));
    } catch {
      this.retry();
      return;
    }
    this.ws = ws;
    this.opened = false;
    this.lastError = null;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.opened = true;
      this.refresh = false;
      this.send({ type: 'join', ...(this.options.key ? { key: this.options.key } : {}) });
      this.syncClock();
      if (this.resyncTimer) clearInterval(this.resyncTimer);
      this.resyncTimer = setInterval(() => this.syncClock(), RESYNC_MS);
      this.options.onStatus('open');
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws || typeof event.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(event.data) as ServerFrame;
      } catch {
        return;
      }
      if (!frame || typeof frame.type !== 'string') return;
      if (frame.type === 'time') {
        this.onTime(frame);
        return;
      }
      if (frame.type === 'state') this.attempt = 0; // joined: the connection works again
      if (frame.type === 'error') this.lastError = typeof frame.code === 'string' ? frame.code : null;
      this.options.onFrame(frame);
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.resyncTimer) clearInterval(this.resyncTimer);
      this.resyncTimer = null;
      if (this.stopped) return;
      // What each close means: docs/rooms.md "How a socket ends".
      if (!this.opened || this.lastError === 'token-expired') this.refresh = true; // 401 at the handshake, or expired
      if (event.code === 1008 && this.lastError !== 'token-expired') {
        this.options.onStatus('closed', this.lastError ?? 'policy');
        return;
      }
      if (event.code === 1009) {
        this.options.onStatus('closed', 'frame-too-large');
        return;
      }
      if (event.code === 1012 || event.code === 1001) this.attempt = Math.max(this.attempt, 0);
      this.retry();
    };
  }

  private retry(): void {
    if (this.stopped) return;
    const delay = reconnectDelay(this.attempt++);
    this.options.onStatus('reconnecting');
    this.later(delay, () => void this.connect());
  }

  private onTime(frame: ServerFrame): void {
    const t3 = this.clock();
    const t0 = Number(frame.clientSentAt);
    const serverTime = Number(frame.serverTime);
    if (!this.pending.delete(t0)) return; // not one of ours (or a duplicate)
    this.samples = addSample(this.samples, { t0, serverTime, t3 });
    const offset = estimateOffset(this.samples);
    const error = offsetError(this.samples);
    if (offset !== null && error !== null) this.options.onClock(offset, error);
  }
}
