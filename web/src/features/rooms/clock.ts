// Clock sync with chat-service, NTP-style (docs/rooms.md; chat-service's ClockSync is the reference): for a `time`
// round trip sent at t0 (our clock), stamped serverTime, answered at t3, the server is ahead of us by
// serverTime - (t0 + t3) / 2, within ±(t3 - t0) / 2. Of several samples the fastest are the least disturbed: the
// estimate is the median offset of the fastest half.

export interface ClockSample {
  t0: number;
  serverTime: number;
  t3: number;
}

export function roundTrip(s: ClockSample): number {
  return s.t3 - s.t0;
}

/** Server clock minus ours, by one sample. */
export function sampleOffset(s: ClockSample): number {
  return s.serverTime - (s.t0 + s.t3) / 2;
}

/** Server clock minus ours: the median offset of the fastest half of the samples (at least one); null without any. */
export function estimateOffset(samples: readonly ClockSample[]): number | null {
  if (samples.length === 0) return null;
  const fastest = [...samples]
    .sort((a, b) => roundTrip(a) - roundTrip(b))
    .slice(0, Math.max(1, Math.ceil(samples.length / 2)))
    .map(sampleOffset)
    .sort((a, b) => a - b);
  const n = fastest.length;
  return n % 2 === 1 ? fastest[(n - 1) / 2] : (fastest[n / 2 - 1] + fastest[n / 2]) / 2;
}

/** How far the estimate can be off: half the round trip of the fastest sample. */
export function offsetError(samples: readonly ClockSample[]): number | null {
  if (samples.length === 0) return null;
  return Math.min(...samples.map(roundTrip)) / 2;
}

/** The local time (our clock, epoch ms) at which a room's song was at position 0, from the server's startedAt. */
export function localStartedAt(serverStartedAt: number, offset: number): number {
  return serverStartedAt - offset;
}

/** Where a playing room's song is (ms) at our clock's `localNow`. */
export function positionAt(localNow: number, offset: number, serverStartedAt: number): number {
  return localNow + offset - serverStartedAt;
}

/** Samples kept: the newest ones (a resync replaces old ones as the network changes). */
export const MAX_SAMPLES = 16;

export function addSample(samples: readonly ClockSample[], s: ClockSample): ClockSample[] {
  if (!(s.t3 >= s.t0) || !Number.isFinite(s.serverTime)) return [...samples];
  const next = [...samples, s];
  return next.length > MAX_SAMPLES ? next.slice(next.length - MAX_SAMPLES) : next;
}
