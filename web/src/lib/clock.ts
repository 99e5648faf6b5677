// The page's clock for anything synchronised (listening rooms, the player's audio clock): the monotonic performance
// clock on the epoch scale. Date.now() can step (NTP) and drifts from performance.now() by tens of ms over a long
// uptime, and AudioContext.getOutputTimestamp() speaks performance time: one clock for all of it.
export function localNow(): number {
  if (typeof performance !== 'undefined' && typeof performance.now === 'function' && performance.timeOrigin) {
    return performance.timeOrigin + performance.now();
  }
  return Date.now();
}
