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

export interface PlayerBridge {
  playTrack(track: PlayableTrack): void;
  playList(tracks: PlayableTrack[], start?: number): void;
  playNext(track: PlayableTrack): void;
  enqueue(track: PlayableTrack): void;
  seekTrack(track: PlayableTrack, fraction: number): void;
  toggle(): void;
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
  useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }),
  Waveform: () => null,
};

export const PlayerBridgeContext = createContext<PlayerBridge>(fallback);

export function usePlayerBridge(): PlayerBridge {
  return useContext(PlayerBridgeContext);
}
