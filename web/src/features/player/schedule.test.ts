import { bufferedAhead, formatTime, gainFactor, place, positionAt, segmentFor, timelineAt } from './schedule';

describe('gapless scheduling', () => {
  it('starts the first segment a lead from now, and each next one where the previous ends', () => {
    let t = timelineAt(0, 5, 8);
    const a = place(t, 5, 10, 0.02);
    expect(a.when).toBeCloseTo(10.02);
    expect(a.offset).toBe(0);
    t = a.timeline;
    const b = place(t, 5, 11, 0.02);
    expect(b.when).toBeCloseTo(15.02);
    expect(b.late).toBe(false);
    expect(b.timeline.endTime).toBeCloseTo(20.02);
    expect(b.timeline.endPosition).toBe(10);
    expect(b.timeline.nextIndex).toBe(2);
  });

  it('starts a seek within a segment at the offset, and counts the position from there', () => {
    const t = timelineAt(12.5, 5, 8);
    expect(t.nextIndex).toBe(2);
    const a = place(t, 5, 100, 0);
    expect(a.offset).toBeCloseTo(2.5);
    expect(a.timeline.endTime).toBeCloseTo(102.5);
    expect(positionAt(a.timeline, 100)).toBeCloseTo(12.5);
    expect(positionAt(a.timeline, 101)).toBeCloseTo(13.5);
  });

  it('resumes where it stopped when a segment comes late, skipping nothing', () => {
    const first = place(timelineAt(0, 5, 8), 5, 0, 0);
    // The next segment arrives at clock 7: playback ran dry at 5, position stayed at 5 s.
    expect(positionAt(first.timeline, 7)).toBe(5);
    expect(bufferedAhead(first.timeline, 7)).toBe(0);
    const second = place(first.timeline, 5, 7, 0.02);
    expect(second.late).toBe(true);
    expect(second.when).toBeCloseTo(7.02);
    expect(positionAt(second.timeline, 8.02)).toBeCloseTo(6);
  });

  it('handles the shorter last segment', () => {
    const t = { ...timelineAt(35, 5, 8), endTime: 50, endPosition: 35 };
    const last = place(t, 2.25, 49, 0.02);
    expect(last.timeline.endPosition).toBeCloseTo(37.25);
    expect(last.timeline.endTime).toBeCloseTo(52.25);
  });

  it('finds the segment of a position, clamped to the song', () => {
    expect(segmentFor(0, 5, 8)).toEqual({ segment: 0, offset: 0 });
    expect(segmentFor(5, 5, 8)).toEqual({ segment: 1, offset: 0 });
    expect(segmentFor(-3, 5, 8)).toEqual({ segment: 0, offset: 0 });
    expect(segmentFor(500, 5, 8).segment).toBe(7);
  });
});

describe('loudness gain', () => {
  it('turns dB into a factor, within bounds', () => {
    expect(gainFactor(0)).toBe(1);
    expect(gainFactor(-6)).toBeCloseTo(0.501, 3);
    expect(gainFactor(40)).toBeCloseTo(gainFactor(12));
    expect(gainFactor(Number.NaN)).toBe(1);
  });
});

describe('time labels', () => {
  it('prints m:ss and h:mm:ss', () => {
    expect(formatTime(0)).toBe('0:00');
    expect(formatTime(65.9)).toBe('1:05');
    expect(formatTime(3725)).toBe('1:02:05');
  });
});
