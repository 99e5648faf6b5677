import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamEngine, type EngineListener } from './engine';

const TRACK = '0a0b0c0d-0e0f-4011-8213-141516171819';

class FakeSocket {
  static all: FakeSocket[] = [];
  binaryType = 'blob';
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(readonly url: string, readonly protocols: string[]) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {}
  text(frame: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  /** A segment frame: the track's 16 bytes, the index, then a (fake) FLAC body. */
  segment(index: number) {
    const hex = TRACK.replace(/-/g, '');
    const data = new Uint8Array(24);
    for (let i = 0; i < 16; i++) data[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    new DataView(data.buffer).setInt32(16, index, false);
    this.onmessage?.({ data: data.buffer });
  }
}

interface Started {
  when: number;
  offset: number;
}

/** Web Audio with a clock the test sets; every segment decodes to 5 s; records when sources start. */
class FakeAudioContext {
  static last: FakeAudioContext;
  currentTime = 100;
  state = 'running';
  destination = {};
  started: Started[] = [];
  onstatechange: (() => void) | null = null;
  constructor() {
    FakeAudioContext.last = this;
  }
  createGain() {
    return { gain: { value: 1 }, connect() {} };
  }
  createAnalyser() {
    return { fftSize: 0, connect() {} };
  }
  createBufferSource() {
    const started = this.started;
    return { buffer: null, connect() {}, disconnect() {}, stop() {}, onended: null, start: (when: number, offset: number) => started.push({ when, offset }) };
  }
  decodeAudioData() {
    return Promise.resolve({ duration: 5 });
  }
  getOutputTimestamp() {
    return { contextTime: 0, performanceTime: 0 }; // no device report: the engine maps the clock itself
  }
  resume() {
    return Promise.resolve();
  }
  suspend() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

const header = (fromSegment: number) => ({
  type: 'track', trackId: TRACK, playId: 'p', fromSegment, segmentCount: 12, segmentDurationMs: 5000, segmentSamples: 220500,
  lastSegmentSamples: 220500, sampleRate: 44100, channels: 2, bitsPerSample: 16, durationMs: 60_000, gainDb: 0, loudnessLufs: -14, waveform: [],
});

function engine() {
  const listener: EngineListener = { header() {}, ended() {}, error() {}, changed() {} };
  return new StreamEngine(() => 'token', listener, () => 'ws://gateway/api/stream/ws');
}

async function settle() {
  await vi.advanceTimersByTimeAsync(0);
  await Promise.resolve();
}

describe('a synced play (a listening room)', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
    vi.stubGlobal('WebSocket', FakeSocket);
    vi.stubGlobal('AudioContext', FakeAudioContext);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('starts the first segment where the room is when it sounds, not where it was asked for', async () => {
    const e = engine();
    // The room's song is at 12.0 s when the audio clock reads 100 s, and runs with it.
    const sync = (ctxTime: number) => 12 + (ctxTime - 100);
    e.loadSynced(TRACK, sync);
    await settle();
    const ws = FakeSocket.all[0];
    ws.onopen?.();
    expect(ws.sent.find((m) => m.type === 'play')).toEqual({ type: 'play', trackId: TRACK, fromSegment: 2 });
    ws.text(header(2));
    // The segment arrives and is decoded 0.4 s later.
    FakeAudioContext.last.currentTime = 100.4;
    ws.segment(2);
    await settle();
    const [first] = FakeAudioContext.last.started;
    // It starts 20 ms ahead (the engine's lead), at the room's position then: 12.42 s = 2.42 s into segment 2.
    expect(first.when).toBeCloseTo(100.42, 6);
    expect(first.offset).toBeCloseTo(2.42, 6);
    expect(e.syncError()).toBeCloseTo(0, 6);
  });

  it('waits for the room when the segment is early (a song that starts a moment from now)', async () => {
    const e = engine();
    // Position 0 is at audio-clock time 101: the song has not started yet.
    e.loadSynced(TRACK, (ctxTime) => ctxTime - 101);
    await settle();
    const ws = FakeSocket.all[0];
    ws.onopen?.();
    ws.text(header(0));
    FakeAudioContext.last.currentTime = 100.3;
    ws.segment(0);
    await settle();
    const [first] = FakeAudioContext.last.started;
    expect(first.when).toBeCloseTo(101, 6);
    expect(first.offset).toBe(0);
  });

  it('seeks on when the segment it got has gone by meanwhile', async () => {
    const e = engine();
    e.loadSynced(TRACK, (ctxTime) => 9.5 + (ctxTime - 100));
    await settle();
    const ws = FakeSocket.all[0];
    ws.onopen?.();
    ws.text(header(1));
    // Segment 1 (5-10 s) arrives when the room is already at 11 s.
    FakeAudioContext.last.currentTime = 101.5;
    ws.segment(1);
    await settle();
    expect(FakeAudioContext.last.started).toHaveLength(0);
    expect(ws.sent.filter((m) => m.type === 'seek').pop()).toEqual({ type: 'seek', segment: 2 });
  });
});
