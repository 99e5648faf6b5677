import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeAction } from './closing';
import { StreamEngine, type EngineListener } from './engine';

/** A WebSocket the test drives: it opens, says things and closes when told. */
class FakeSocket {
  static all: FakeSocket[] = [];
  binaryType = 'blob';
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {}
  serverOpens() {
    this.onopen?.();
    this.onmessage?.({ data: JSON.stringify({ type: 'hello', serverTime: 0 }) });
  }
  serverCloses(code: number, reason = '') {
    this.onclose?.({ code, reason });
  }
  plays() {
    return this.sent.filter((m) => m.type === 'play');
  }
}

/** Just enough Web Audio for the engine to set up its graph. */
class FakeAudioContext {
  currentTime = 0;
  state = 'running';
  destination = {};
  onstatechange: (() => void) | null = null;
  createGain() {
    return { gain: { value: 1 }, connect() {} };
  }
  createAnalyser() {
    return { fftSize: 0, connect() {} };
  }
  resume() {
    return Promise.resolve();
  }
  close() {
    return Promise.resolve();
  }
}

function engineWithFakes() {
  const errors: string[] = [];
  const tokenRequests: { refresh: boolean }[] = [];
  const listener: EngineListener = {
    header() {},
    ended() {},
    error: (code) => errors.push(code),
    changed() {},
  };
  const engine = new StreamEngine(
    (options) => {
      tokenRequests.push(options);
      return 'token-' + tokenRequests.length;
    },
    listener,
    () => 'ws://gateway/api/stream/ws',
  );
  return { engine, errors, tokenRequests };
}

/** Lets the token promise settle and the socket be made. */
async function settle() {
  await vi.advanceTimersByTimeAsync(0);
}

describe('the player when its socket closes', () => {
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

  it.each([
    [1012, 'streaming-service went away, reconnect'],
    [1011, 'gateway lost streaming-service, reconnect'],
    [1006, ''],
    [1001, 'going away'],
  ])('resumes by itself after %i, from where it was', async (code, reason) => {
    const { engine, errors } = engineWithFakes();
    engine.load('track-1', 12); // segment 2 of 5-s segments
    await settle();
    const first = FakeSocket.all[0];
    first.serverOpens();
    expect(first.plays()).toEqual([{ type: 'play', trackId: 'track-1', fromSegment: 2 }]);

    first.serverCloses(code, reason);
    expect(FakeSocket.all).toHaveLength(1); // not all at once: after a backoff
    await vi.advanceTimersByTimeAsync(400);
    await settle();
    expect(FakeSocket.all).toHaveLength(2);
    const second = FakeSocket.all[1];
    second.serverOpens();
    expect(second.plays()).toEqual([{ type: 'play', trackId: 'track-1', fromSegment: 2 }]);
    expect(second.sent.some((m) => m.type === 'credit')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps trying while the service is still restarting, with growing waits', async () => {
    const { engine, errors } = engineWithFakes();
    engine.load('track-1', 0);
    await settle();
    FakeSocket.all[0].serverOpens();
    FakeSocket.all[0].serverCloses(1012, 'streaming-service went away, reconnect');
    // The gateway refuses the handshakes meanwhile (503): a socket that closes without opening.
    for (let attempt = 1; attempt <= 4; attempt++) {
      await vi.advanceTimersByTimeAsync(10_000);
      await settle();
      expect(FakeSocket.all).toHaveLength(attempt + 1);
      FakeSocket.all[attempt].serverCloses(1006);
    }
    await vi.advanceTimersByTimeAsync(10_000);
    await settle();
    const back = FakeSocket.all[FakeSocket.all.length - 1];
    back.serverOpens();
    expect(back.plays()).toEqual([{ type: 'play', trackId: 'track-1', fromSegment: 0 }]);
    expect(errors).toEqual([]);
  });

  it('asks for a fresh token when the server no longer accepts its token', async () => {
    const { engine, tokenRequests } = engineWithFakes();
    engine.load('track-1', 0);
    await settle();
    FakeSocket.all[0].serverOpens();
    FakeSocket.all[0].serverCloses(4401, 'token expired');
    await vi.advanceTimersByTimeAsync(400);
    await settle();
    expect(tokenRequests).toEqual([{ refresh: false }, { refresh: true }]);
    expect(FakeSocket.all[1].protocols).toContain('bearer.token-2');
  });

  it('stops and says why on too many connections', async () => {
    const { engine, errors } = engineWithFakes();
    engine.load('track-1', 0);
    await settle();
    FakeSocket.all[0].serverOpens();
    FakeSocket.all[0].serverCloses(4429, 'too many connections');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(errors).toEqual(['too-many-connections']);
  });
});

describe('closeAction', () => {
  it('reconnects on the codes that mean the service went away or restarts', () => {
    for (const code of [1000, 1001, 1005, 1006, 1011, 1012, 1014]) {
      expect(closeAction(code, true)).toEqual({ kind: 'reconnect', firstAttempt: 0 });
    }
    expect(closeAction(1013, true)).toEqual({ kind: 'reconnect', firstAttempt: 3 });
  });
  it('refreshes the token on 4401 and 1008, and after a refused handshake', () => {
    expect(closeAction(4401, true).kind).toBe('refresh-token');
    expect(closeAction(1008, true).kind).toBe('refresh-token');
    expect(closeAction(1012, false).kind).toBe('refresh-token');
  });
  it('gives up where retrying cannot help', () => {
    expect(closeAction(4429, true)).toMatchObject({ kind: 'give-up', code: 'too-many-connections' });
    for (const code of [1002, 1003, 1007, 1009, 1010]) {
      expect(closeAction(code, true)).toMatchObject({ kind: 'give-up', code: 'protocol-error' });
    }
  });
});
