// Reconnecting after a dropped socket: exponential backoff with jitter, so a restarted service is not hit by every
// listener in the same millisecond, and a cap so a listener is never kept waiting long.

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** 0..1: how much of each delay is random. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 250, maxMs: 10_000, jitter: 0.3 };

/** The delay before attempt `attempt` (0 = the first retry). `random` is in [0, 1). */
export function reconnectDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(0, attempt), 30);
  const full = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  const spread = full * policy.jitter;
  return Math.round(full - spread + spread * random());
}
