import { FRAME_HEADER_BYTES, offeredProtocols, parseSegmentFrame, parseServerMessage, streamUrl, uuidFromBytes } from './protocol';

function frame(uuid: string, index: number, payload: number[]): ArrayBuffer {
  const hex = uuid.replace(/-/g, '');
  const bytes = new Uint8Array(FRAME_HEADER_BYTES + payload.length);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  new DataView(bytes.buffer).setInt32(16, index, false);
  bytes.set(payload, FRAME_HEADER_BYTES);
  return bytes.buffer;
}

describe('segment frames', () => {
  it('reads the track id, the big-endian index and the FLAC bytes after the 20-byte header', () => {
    const id = '0f8e2c1a-9b7d-4e3f-a1b2-c3d4e5f60718';
    const parsed = parseSegmentFrame(frame(id, 258, [0x66, 0x4c, 0x61, 0x43, 9]));
    expect(parsed.trackId).toBe(id);
    expect(parsed.index).toBe(258);
    expect(Array.from(new Uint8Array(parsed.flac))).toEqual([0x66, 0x4c, 0x61, 0x43, 9]);
  });

  it('gives the FLAC bytes their own buffer, since decodeAudioData detaches it', () => {
    const data = frame('00000000-0000-0000-0000-000000000001', 0, [1, 2, 3]);
    const parsed = parseSegmentFrame(data);
    expect(parsed.flac).not.toBe(data);
    expect(parsed.flac.byteLength).toBe(3);
  });

  it('refuses a frame with no audio after the header', () => {
    expect(() => parseSegmentFrame(new ArrayBuffer(FRAME_HEADER_BYTES))).toThrow(/too short/);
  });

  it('formats 16 bytes as Java prints a UUID', () => {
    const bytes = Uint8Array.from([0xff, 0, 0x10, 0xab, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0xfe]);
    expect(uuidFromBytes(bytes)).toBe('ff0010ab-0102-0304-0506-0708090a0bfe');
  });
});

describe('text frames', () => {
  it('understands a track header', () => {
    const m = parseServerMessage(
      JSON.stringify({ type: 'track', trackId: 'a', playId: 'p', fromSegment: 2, segmentCount: 8, segmentDurationMs: 5000, gainDb: -3, waveform: [0.5] }),
    );
    expect(m?.type).toBe('track');
  });

  it('drops what it does not know, and malformed headers', () => {
    expect(parseServerMessage('not json')).toBeNull();
    expect(parseServerMessage('{"type":"surprise"}')).toBeNull();
    expect(parseServerMessage('{"type":"track","trackId":"a","segmentCount":0,"segmentDurationMs":5000,"fromSegment":0}')).toBeNull();
    expect(parseServerMessage('[1]')).toBeNull();
  });

  it('keeps errors with their code', () => {
    expect(parseServerMessage('{"type":"error","code":"forbidden","message":"private"}')).toEqual({
      type: 'error',
      code: 'forbidden',
      message: 'private',
    });
  });
});

describe('handshake', () => {
  it('offers the protocol and the token as a subprotocol', () => {
    expect(offeredProtocols('abc.def.ghi')).toEqual(['lalala.stream.v1', 'bearer.abc.def.ghi']);
  });

  it('uses wss next to an https page', () => {
    expect(streamUrl({ protocol: 'https:', host: 'lalala.dev' })).toBe('wss://lalala.dev/api/stream/ws');
    expect(streamUrl({ protocol: 'http:', host: '127.0.0.1:8080' })).toBe('ws://127.0.0.1:8080/api/stream/ws');
  });
});
