// The one player of the app, and the hooks pages use to read and drive it.

import { useSyncExternalStore } from 'react';
import type { TokenProvider } from './engine';
import { PlayerStore, type PlayerSnapshot } from './store';
import type { TrackRef } from './queue';
import { installTestHook } from './testHook';

export const player = new PlayerStore();
installTestHook(player);

/** Wires the socket's handshake to the app's auth (the access token stays in memory there). */
export function configurePlayer(options: { getAccessToken: TokenProvider }): void {
  player.setTokenProvider(options.getAccessToken);
}

export interface PlayerActions {
  playTrack(track: TrackRef): void;
  playList(tracks: TrackRef[], start?: number): void;
  playNext(track: TrackRef): void;
  enqueue(track: TrackRef): void;
  removeAt(index: number): void;
  jumpTo(index: number): void;
  play(): void;
  pause(): void;
  toggle(): void;
  next(): void;
  previous(): void;
  /** Seeks the current song (ms). */
  seek(positionMs: number): void;
  /** Plays `track` from a fraction (0..1) of it, or seeks there when it is the current song. */
  seekTrack(track: TrackRef, fraction: number): void;
}

const actions: PlayerActions = {
  playTrack: player.playTrack,
  playList: player.playList,
  playNext: player.playNext,
  enqueue: player.enqueue,
  removeAt: player.removeAt,
  jumpTo: player.jumpTo,
  play: player.play,
  pause: player.pause,
  toggle: player.toggle,
  next: player.next,
  previous: player.previous,
  seek: player.seek,
  seekTrack: player.seekTrack,
};

/** The actions only: a page that starts songs does not re-render with every tick of the clock. */
export function usePlayerActions(): PlayerActions {
  return actions;
}

/** The player's state (re-renders a few times a second while playing) and its actions. */
export function usePlayer(): PlayerSnapshot & PlayerActions {
  const snapshot = useSyncExternalStore(player.subscribe, player.getSnapshot, player.getSnapshot);
  return { ...snapshot, ...actions };
}
