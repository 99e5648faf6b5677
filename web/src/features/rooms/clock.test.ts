import { describe, expect, it } from 'vitest';
import { addSample, estimateOffset, localStartedAt, MAX_SAMPLES, offsetError, positionAt, sampleOffset } from './clock';

describe('clock sync', () => {
  it('takes the offset of one symmetric round trip', () => {
    // We send at 1000, the server (250 ms ahead) stamps at 1260 when our clock says 1010, the answer is back at 1020.
    expect(sampleOffset({ t0: 1000, serverTime: 1260, t3: 1020 })).toBe(250);
  });

  it('prefers the fastest samples and takes their median', () => {
    const truth = 5000;
    const samples = [
      // fast, symmetric: exact
      { t0: 0, serverTime: 5 + truth, t3: 10 },
      { t0: 100, serverTime: 106 + truth, t3: 112 },
      { t0: 200, serverTime: 204 + truth, t3: 208 },
      // slow, with a one-sided delay on the way out: each alone is off by ~150 ms
      { t0: 300, serverTime: 600 + truth, t3: 610 },
      { t0: 700, serverTime: 1000 + truth, t3: 1010 },
      { t0: 1100, serverTime: 1400 + truth, t3: 1410 },
    ];
    expect(estimateOffset(samples)).toBe(truth);
    expect(offsetError(samples)).toBe(4);
  });

  it('averages the two middle offsets of an even count', () => {
    const samples = [
      { t0: 0, serverTime: 10, t3: 10 }, // offset 5
      { t0: 0, serverTime: 12, t3: 10 }, // offset 7
      { t0: 0, serverTime: 100, t3: 50 }, // slow: left out
      { t0: 0, serverTime: 100, t3: 60 },
    ];
    expect(estimateOffset(samples)).toBe(6);
  });

  it('has no estimate without samples', () => {
    expect(estimateOffset([])).toBeNull();
    expect(offsetError([])).toBeNull();
  });

  it('places the song on our clock', () => {
    // Server 300 ms ahead; the room started the song at server time 10,000.
    expect(localStartedAt(10_000, 300)).toBe(9_700);
    expect(positionAt(12_700, 300, 10_000)).toBe(3_000);
  });

  it('keeps the newest samples and drops impossible ones', () => {
    let samples = addSample([], { t0: 10, serverTime: 1, t3: 5 });
    expect(samples).toHaveLength(0);
    for (let i = 0; i < MAX_SAMPLES + 4; i++) samples = addSample(samples, { t0: i, serverTime: i, t3: i + 1 });
    expect(samples).toHaveLength(MAX_SAMPLES);
    expect(samples[0].t0).toBe(4);
  });
});
