import type { Track } from '@/lib/api/types';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { TrackCard, TrackGrid } from '@/components/TrackCard';

export function toPlayable(t: Track): PlayableTrack {
  return { id: t.id, title: t.title, artistId: t.ownerId, coverUrl: t.coverUrl ?? undefined, durationMs: t.durationMs ?? undefined };
}

/** A grid of songs; the ready ones play as a list from the one pressed. */
export function SongList({ items, label, showStatus }: { items: Track[]; label: string; showStatus?: boolean }) {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const playable = items.filter((t) => t.status === 'READY');
  const list = playable.map(toPlayable);
  return (
    <TrackGrid label={label}>
      {items.map((t) => {
        const index = playable.indexOf(t);
        return (
          <TrackCard key={t.id} playing={now.trackId === t.id && now.playing}
            track={{ ...toPlayable(t), plays: t.status === 'READY' ? t.playCount : undefined, status: showStatus ? t.status : undefined, subtitle: t.genre }}
            onPlay={index >= 0 ? () => player.playList(list, index) : undefined} />
        );
      })}
    </TrackGrid>
  );
}
