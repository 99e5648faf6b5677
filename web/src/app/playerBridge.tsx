// Fills the lib's player bridge with the player feature, so pages can play songs without importing it.
import { configurePlayer, player, usePlayer, Waveform } from '@/features/player';
import type { PlayerBridge } from '@/lib/player-bridge';
import { getAccessToken } from '@/lib/auth/session';

configurePlayer({ getAccessToken });

function useNowPlaying() {
  const p = usePlayer();
  return { trackId: p.track?.id ?? null, playing: p.status === 'playing' || p.status === 'buffering', positionMs: p.positionMs };
}

export const playerBridge: PlayerBridge = {
  playTrack: (t) => player.playTrack(t),
  playList: (list, start) => player.playList(list, start),
  playNext: (t) => player.playNext(t),
  enqueue: (t) => player.enqueue(t),
  seekTrack: (t, f) => player.seekTrack(t, f),
  toggle: () => player.toggle(),
  followRoom: (room) => player.follow(room),
  syncSample: () => player.syncSample(),
  useNowPlaying,
  Waveform: (props) => <Waveform {...props} />,
};
