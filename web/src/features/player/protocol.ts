// The streaming socket's wire format (docs/streaming.md, streaming-service StreamSession): JSON text frames both
// ways, and one binary frame per segment: 16 bytes of track UUID, a 4-byte big-endian segment index, a FLAC file.

export const SUBPROTOCOL = 'lalala.stream.v1';
export const TOKEN_PREFIX = 'bearer.';
export const FRAME_HEADER_BYTES = 20;

export interface TrackHeader {
  type: 'track';
  trackId: string;
  playId: string;
  fromSegment: number;
  segmentCount: number;
  segmentDurationMs: number;
  segmentSamples: number;
  lastSegmentSamples: number;
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
  gainDb: number;
  loudnessLufs: number;
  waveform: number[];
}

export type ServerMessage =
  | { type: 'hello'; service?: string; serverTime: number }
  | { type: 'pong'; t0: number; serverTime: number }
  | TrackHeader
  | { type: 'end'; trackId: string }
  | { type: 'error'; code: string; message: string; trackId?: string | null };

export type ClientCommand =
  | { type: 'ping'; t0: number }
  | { type: 'play'; trackId: string; fromSegment: number }
  | { type: 'credit'; n: number }
  | { type: 'seek'; segment: number }
  | { type: 'stop' };

export interface SegmentFrame {
  trackId: string;
  index: number;
  /** A complete FLAC file, in its own buffer (decodeAudioData detaches what it is given). */
  flac: ArrayBuffer;
}

/** The subprotocols a browser offers: the protocol, and the access token (it cannot set headers on a socket). */
export function offeredProtocols(accessToken: string): string[] {
  return [SUBPROTOCOL, TOKEN_PREFIX + accessToken];
}

/** The socket's address, next to the page (the gateway serves both). */
export function streamUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/stream/ws`;
}

/** A text frame from the server, or null when it is not one we understand. */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || typeof (value as { type?: unknown }).type !== 'string') {
    return null;
  }
  const message = value as { type: string } & Record<string, unknown>;
  switch (message.type) {
    case 'hello':
    case 'pong':
    case 'end':
      return message as ServerMessage;
    case 'error':
      return typeof message.code === 'string' ? (message as ServerMessage) : null;
    case 'track':
      return isTrackHeader(message) ? message : null;
    default:
      return null;
  }
}

function isTrackHeader(m: Record<string, unknown>): m is TrackHeader & Record<string, unknown> {
  return (
    typeof m.trackId === 'string' &&
    Number.isInteger(m.segmentCount) &&
    (m.segmentCount as number) > 0 &&
    typeof m.segmentDurationMs === 'number' &&
    (m.segmentDurationMs as number) > 0 &&
    Number.isInteger(m.fromSegment)
  );
}

/** Reads a binary segment frame; throws on a frame too short to hold the header. */
export function parseSegmentFrame(data: ArrayBuffer): SegmentFrame {
  if (data.byteLength <= FRAME_HEADER_BYTES) {
    throw new Error(`segment frame of ${data.byteLength} bytes is too short`);
  }
  const view = new DataView(data);
  return {
    trackId: uuidFromBytes(new Uint8Array(data, 0, 16)),
    index: view.getInt32(16, false),
    flac: data.slice(FRAME_HEADER_BYTES),
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** 16 bytes, most significant first (Java's UUID bits), as the canonical lower-case string. */
export function uuidFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== 16) {
    throw new Error('a UUID is 16 bytes');
  }
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[bytes[i]];
  }
  return s;
}
