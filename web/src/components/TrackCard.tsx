import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Cover } from './Cover';
import { SongMenu } from './SongMenu';
import { formatDuration, formatPlays } from '@/lib/format';
import type { PlayableTrack } from '@/lib/player-bridge';

export interface CardTrack extends PlayableTrack {
  subtitle?: string;
  plays?: number;
  rank?: number;
  status?: string;
}

/** One song in a grid: cover, title (a link to its page), and a play button (never hover-only). */
export function TrackCard({ track, onPlay, playing, menu = true }: { track: CardTrack; onPlay?: () => void; playing?: boolean; menu?: boolean }) {
  return (
    <li className={`track-card${playing ? ' track-card--playing' : ''}`}>
      <div className="track-card__art">
        <Cover src={track.coverUrl} seed={track.id} />
        {track.rank !== undefined && <span className="track-card__rank"><span className="visually-hidden">Rank </span>{track.rank}</span>}
        {onPlay && (
          <button type="button" className="track-card__play" onClick={onPlay} aria-label={`Play ${track.title}`}>
            <span aria-hidden="true">▶</span>
          </button>
        )}
      </div>
      <div className="track-card__head">
        <Link className="track-card__title" to={`/songs/${track.id}`}>{track.title}</Link>
        {menu && (!track.status || track.status === 'READY') && <SongMenu track={track} />}
      </div>
      <p className="track-card__meta">
        {track.subtitle && <span>{track.subtitle}</span>}
        {track.plays !== undefined && <span>{formatPlays(track.plays)}</span>}
        {track.durationMs ? <span>{formatDuration(track.durationMs)}</span> : null}
        {track.status && track.status !== 'READY' && <span className={`badge badge--${track.status.toLowerCase()}`}>{track.status.toLowerCase()}</span>}
      </p>
    </li>
  );
}

export function TrackGrid({ children, label }: { children: ReactNode; label: string }) {
  return <ul className="track-grid" aria-label={label}>{children}</ul>;
}
