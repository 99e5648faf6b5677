// A window hook for the end-to-end tests (web/e2e): what the audio graph really produces, read through the player's
// own AnalyserNode and AudioContext clock. Installed only when the page's localStorage says `lalala.e2e = 1`
// (the tests set it before the app loads); a normal visit never has it.

import type { PlayerStore } from './store';

export interface PlayerTestHook {
  /** The largest absolute sample the analyser sees right now (0 = silence). */
  level(): number;
  /** The AudioContext clock (s), or -1 before there is one. */
  clock(): number;
  contextState(): string;
  status(): string;
  positionMs(): number;
  /** Time to first sound of the latest play: from the play request to the analyser first seeing signal (ms). */
  lastFirstSound(): { requestedAt: number; scheduledAt: number | null; heardAt: number | null } | null;
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
  let latest: { requestedAt: number; scheduledAt: number | null; heardAt: number | null } | null = null;
  let poll: ReturnType<typeof setInterval> | null = null;
  const original = engine.load.bind(engine);
  engine.load = (trackId: string, positionSeconds: number) => {
    const record = { requestedAt: performance.now(), scheduledAt: null as number | null, heardAt: null as number | null };
    latest = record;
    engine.onFirstScheduled(() => {
      record.scheduledAt = performance.now();
      engine.onFirstScheduled(null);
    });
    original(trackId, positionSeconds);
    if (poll) clearInterval(poll);
    // Polls the analyser every 2 ms until it sees signal (bounded: 20 s).
    poll = setInterval(() => {
      if (latest !== record || performance.now() - record.requestedAt > 20_000) {
        clearInterval(poll!);
        poll = null;
        return;
      }
      if (level() > 0.001) {
        record.heardAt = performance.now();
        clearInterval(poll!);
        poll = null;
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
  };
}
