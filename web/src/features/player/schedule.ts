// Gapless scheduling on the AudioContext clock. Every segment but the last holds exactly `segmentSamples` samples,
// so segment i starts at i * segmentSeconds of the song. Each decoded segment starts where the previous one ends;
// when a segment comes too late (the network stalled), playback resumes where it stopped, a moment from now, rather
// than skipping what was not heard.

export interface Timeline {
  /** Seconds of one full segment. */
  segmentSeconds: number;
  /** The next segment expected from the server (and to schedule). */
  nextIndex: number;
  /** Where in the first scheduled segment to start (a seek within a segment), seconds. */
  startOffset: number;
  /** AudioContext time at which the scheduled audio ends; null when nothing is scheduled yet. */
  endTime: number | null;
  /** The song position (seconds) at endTime; when nothing is scheduled, where playback will begin. */
  endPosition: number;
}

export interface Placement {
  /** AudioContext time to start the source at. */
  when: number;
  /** Offset into the segment's buffer, seconds. */
  offset: number;
  /** Whether playback had run dry before this segment (it was late). */
  late: boolean;
  timeline: Timeline;
}

/** A timeline that starts playing at song position `positionSeconds` (segment and offset within it). */
export function timelineAt(positionSeconds: number, segmentSeconds: number, segmentCount: number): Timeline {
  const { segment, offset } = segmentFor(positionSeconds, segmentSeconds, segmentCount);
  return { segmentSeconds, nextIndex: segment, startOffset: offset, endTime: null, endPosition: segment * segmentSeconds + offset };
}

/** The segment holding a song position, and the offset into it; clamped to the song. */
export function segmentFor(positionSeconds: number, segmentSeconds: number, segmentCount: number): { segment: number; offset: number } {
  const p = Math.max(0, positionSeconds);
  const segment = Math.min(segmentCount - 1, Math.floor(p / segmentSeconds + 1e-9));
  const offset = Math.max(0, Math.min(p - segment * segmentSeconds, segmentSeconds));
  return { segment, offset };
}

/**
 * Where to start segment `timeline.nextIndex`, `bufferSeconds` long, given the clock `now` and the least lead a
 * start needs. Back to back with what is scheduled while that has not run out; otherwise `now + lead`.
 */
export function place(timeline: Timeline, bufferSeconds: number, now: number, lead: number): Placement {
  const first = timeline.endTime === null;
  const offset = first ? Math.min(timeline.startOffset, Math.max(0, bufferSeconds - 0.001)) : 0;
  const late = timeline.endTime !== null && timeline.endTime < now + lead;
  const when = timeline.endTime === null || late ? now + lead : timeline.endTime;
  const segmentStart = timeline.nextIndex * timeline.segmentSeconds;
  return {
    when,
    offset,
    late,
    timeline: {
      ...timeline,
      nextIndex: timeline.nextIndex + 1,
      startOffset: 0,
      endTime: when + (bufferSeconds - offset),
      endPosition: segmentStart + bufferSeconds,
    },
  };
}

/**
 * The song position heard at clock time `now`: scheduled audio is contiguous up to endTime, so it is endPosition
 * minus what is still to come; when the audio ran dry, it stays where it stopped.
 */
export function positionAt(timeline: Timeline, now: number): number {
  if (timeline.endTime === null) return timeline.endPosition;
  return Math.max(0, timeline.endPosition - Math.max(0, timeline.endTime - now));
}

/** Seconds of audio scheduled ahead of `now` (0 when playback has run dry or not begun). */
export function bufferedAhead(timeline: Timeline, now: number): number {
  return timeline.endTime === null ? 0 : Math.max(0, timeline.endTime - now);
}

/** Loudness normalisation: the track's gain in dB as a linear factor, kept within sane bounds. */
export function gainFactor(gainDb: number): number {
  if (!Number.isFinite(gainDb)) return 1;
  const clamped = Math.max(-30, Math.min(12, gainDb));
  return 10 ** (clamped / 20);
}

/** m:ss (or h:mm:ss) for a number of seconds. */
export function formatTime(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
