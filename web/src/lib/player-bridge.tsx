// What pages need of the player, as a context the app fills in with the player feature (features never import
// each other). The app's App.tsx provides the real one; tests provide a fake.

import { createContext, useContext, type ComponentType } from 'react';

export interface PlayableTrack {
  id: string;
  title: string;
  artistName?: string;
  artistId?: string;
  coverUrl?: string;
  durationMs?: number;
}

/**
 * A listening room steering the player: what plays and from when, on the page clock (`localNow()` of lib/clock), the
 * room's queue, and who may steer. While a room is followed the player bar's buttons call `control` (the host's
 * steer everyone) or do nothing (`readOnly`: a guest).
 */
export interface RoomPlayback {
  roomName: string;
  track: PlayableTrack | null;
  paused: boolean;
  /** While paused: where the song stands (ms). */
  positionMs: number;
  /** While playing: the page clock's time (epoch ms) at which the song's position 0 was (server startedAt - offset). */
  startedAtLocal: number;
  queue: PlayableTrack[];
  readOnly: boolean;
  control: { play(): void; pause(): void; seek(positionMs: number): void; next(): void; ended(): void };
}

/** What the speakers play now: the song position (ms) heard at page-clock time `localMs`. */
export interface SyncSample {
  trackId: string;
  positionMs: number;
  localMs: number;
  playing: boolean;
}

export interface PlayerBridge {
  playTrack(track: PlayableTrack): void;
  playList(tracks: PlayableTrack[], start?: number): void;
  playNext(track: PlayableTrack): void;
  enqueue(track: PlayableTrack): void;
  seekTrack(track: PlayableTrack, fraction: number): void;
  toggle(): void;
  /** A room takes the player over, or lets go of it (null). Call it again whenever the room's state changes. */
  followRoom(room: RoomPlayback | null): void;
  /** For sync checks: what is heard now, and when (null when nothing plays). */
  syncSample(): SyncSample | null;
  /** The current song's id, status and position (re-renders while playing). */
  useNowPlaying(): { trackId: string | null; playing: boolean; positionMs: number };
  /** A waveform that seeks when clicked or moved with the arrow keys. */
  Waveform: ComponentType<{
    peaks: number[];
    positionMs: number;
    durationMs: number;
    onSeek: (fraction: number) => void;
    label: string;
  }>;
}

const noop = () => {};
const fallback: PlayerBridge = {
  playTrack: noop,
  playList: noop,
  playNext: noop,
  enqueue: noop,
  seekTrack: noop,
  toggle: noop,
  followRoom: noop,
  syncSample: () => null,
  useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }),
  Waveform: () => null,
};

export const PlayerBridgeContext = createContext<PlayerBridge>(fallback);

export function usePlayerBridge(): PlayerBridge {
  return useContext(PlayerBridgeContext);
}
