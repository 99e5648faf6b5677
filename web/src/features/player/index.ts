// The player feature's public API: the bar the layout renders, and what pages use to play songs.
export { PlayerBar } from './PlayerBar';
export { Waveform } from './Waveform';
export type { WaveformProps } from './Waveform';
export { configurePlayer, player, usePlayer, usePlayerActions } from './player';
export type { PlayerActions } from './player';
export type { PlayerSnapshot, PlayerStatus, RoomFollow } from './store';
export type { TrackRef } from './queue';
export { formatTime } from './schedule';
