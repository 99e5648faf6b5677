import { reconnectDelay } from './backoff';

describe('reconnect backoff', () => {
  const policy = { baseMs: 250, maxMs: 10_000, jitter: 0.3 };

  it('doubles from the base and stops at the cap', () => {
    const noJitter = { ...policy, jitter: 0 };
    expect([0, 1, 2, 3, 10, 100].map((a) => reconnectDelay(a, noJitter))).toEqual([250, 500, 1000, 2000, 10_000, 10_000]);
  });

  it('spreads retries within the jitter', () => {
    expect(reconnectDelay(2, policy, () => 0)).toBe(700);
    expect(reconnectDelay(2, policy, () => 0.999999)).toBe(1000);
  });
});
