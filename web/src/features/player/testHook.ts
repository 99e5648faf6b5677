// A window hook for the end-to-end tests (web/e2e): what the audio graph really produces, read through the player's
// own AnalyserNode and AudioContext clock. Installed only when the page's localStorage says `lalala.e2e = 1`
// (the tests set it before the app loads); a normal visit never has it.

import type { TrackRef } from './queue';
import type { PlayerStore } from './store';

export interface PlayerTestHook {
  /** The largest absolute sample the analyser sees right now (0 = silence). */
  level(): number;
  /** The AudioContext clock (s), or -1 before there is one. */
  clock(): number;
  contextState(): string;
  status(): string;
  positionMs(): number;
  /** Time to first sound of the latest play. */
  lastFirstSound(): FirstSound | null;
  /** Sockets opened so far, reconnects included. */
  socketsOpened(): number;
  /** Cuts the socket as a network loss would. */
  dropConnection(): void;
  /** Drives the player directly (a smoke test without the pages). */
  playTrack(track: TrackRef): void;
  seek(positionMs: number): void;
  /** Uses a fixed access token for the socket (a smoke test without the app's login). */
  useAccessToken(token: string): void;
}

/** performance.now() times of the latest play. */
export interface FirstSound {
  /** The play was asked for (the click). */
  requestedAt: number;
  /** The first segment was decoded and scheduled. */
  scheduledAt: number | null;
  /** The audio clock passed that segment's start: time to first sound ends here. */
  startedAt: number | null;
  /** The analyser saw signal after it: the sound is real. */
  heardAt: number | null;
  /** Along the way: the socket opened (when it had to), the track header and the first segment arrived. */
  socketOpenAt: number | null;
  headerAt: number | null;
  segmentAt: number | null;
}

declare global {
  interface Window {
    __lalalaPlayer?: PlayerTestHook;
  }
}

export function installTestHook(store: PlayerStore): void {
  let enabled = false;
  try {
    enabled = typeof window !== 'undefined' && window.localStorage.getItem('lalala.e2e') === '1';
  } catch {
    enabled = false;
  }
  if (!enabled) return;
  const engine = store.streamEngine;
  const samples = new Float32Array(2048);
  const level = () => {
    const a = engine.analyser;
    if (!a) return 0;
    a.getFloatTimeDomainData(samples);
    let max = 0;
    for (let i = 0; i < samples.length; i++) max = Math.max(max, Math.abs(samples[i]));
    return max;
  };
  // Time to first sound: from the play request until the audio clock passes the first buffer's start time (that
  // sample is then being rendered), confirmed by the analyser seeing signal afterwards. The analyser alone would be
  // fooled: after a stop it still holds the previous song's last samples for a while.
  let latest: FirstSound | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  const original = engine.load.bind(engine);
  engine.load = (trackId: string, positionSeconds: number) => {
    const record: FirstSound = {
      requestedAt: performance.now(), scheduledAt: null, startedAt: null, heardAt: null,
      socketOpenAt: null, headerAt: null, segmentAt: null,
    };
    engine.trace = (event) => {
      const now = performance.now();
      if (event === 'socket-open') record.socketOpenAt ??= now;
      else if (event === 'header') record.headerAt ??= now;
      else record.segmentAt ??= now;
    };
    let startWhen: number | null = null;
    latest = record;
    engine.onFirstScheduled((when) => {
      record.scheduledAt = performance.now();
      startWhen = when;
      engine.onFirstScheduled(null);
    });
    original(trackId, positionSeconds);
    if (poll) clearInterval(poll);
    // Every 2 ms until the sound is confirmed (bounded: 20 s).
    poll = setInterval(() => {
      const ctx = engine.audioContext;
      const stopPolling = () => {
        clearInterval(poll!);
        poll = null;
      };
      if (latest !== record || performance.now() - record.requestedAt > 20_000) {
        stopPolling();
        return;
      }
      if (record.startedAt === null && startWhen !== null && ctx && ctx.currentTime >= startWhen) {
        record.startedAt = performance.now();
      }
      if (record.startedAt !== null && ctx && ctx.currentTime >= startWhen! + 0.05 && level() > 0.001) {
        record.heardAt = performance.now();
        stopPolling();
      }
    }, 2);
  };
  window.__lalalaPlayer = {
    level,
    clock: () => engine.audioContext?.currentTime ?? -1,
    contextState: () => engine.audioContext?.state ?? 'none',
    status: () => engine.status(),
    positionMs: () => Math.round(engine.position() * 1000),
    lastFirstSound: () => (latest ? { ...latest } : null),
    socketsOpened: () => engine.socketsOpened,
    dropConnection: () => engine.dropConnection(),
    playTrack: (track) => store.playTrack(track),
    seek: (positionMs) => store.seek(positionMs),
    useAccessToken: (token) => store.setTokenProvider(() => token),
  };
}
