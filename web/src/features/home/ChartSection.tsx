import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { coverOf, tracks, users } from '@/lib/api/endpoints';
import type { ChartWindow, Track } from '@/lib/api/types';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { TrackCard, TrackGrid } from '@/components/TrackCard';
import { ChartTabs, WINDOWS } from './ChartTabs';

/** Display names of the artists of chart entries and songs: one cached profile query per artist. */
function useArtistNames(ids: string[]) {
  const owners = [...new Set(ids)];
  const profiles = useQueries({
    queries: owners.map((id) => ({ queryKey: ['user', id], queryFn: () => users.byId(id), staleTime: 300_000 })),
  });
  return (id: string) => profiles[owners.indexOf(id)]?.data?.displayName;
}

export function GenreSelect({ id, value, onChange }: { id: string; value: string; onChange: (g: string) => void }) {
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  return (
    <div className="genre-filter">
      <label htmlFor={id}>Genre</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">All genres</option>
        {(genres.data?.items ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
      </select>
    </div>
  );
}

/** The charts (24 h, 7 days, all time as tabs) with a genre filter. */
export function ChartSection({ genre, onGenre, headingLevel = 2, title = 'Charts' }: {
  genre: string;
  onGenre: (g: string) => void;
  headingLevel?: 1 | 2;
  title?: string;
}) {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const [window, setWindow] = useState<ChartWindow>('24h');
  const chart = useQuery({ queryKey: ['chart', window, genre], queryFn: () => tracks.chart(window, genre || undefined) });
  const nameOf = useArtistNames((chart.data?.items ?? []).map((e) => e.ownerId));
  const chartTracks: (PlayableTrack & { rank: number; plays: number; subtitle?: string })[] = (chart.data?.items ?? []).map((e) => ({
    id: e.trackId, title: e.title, artistId: e.ownerId, artistName: nameOf(e.ownerId), subtitle: nameOf(e.ownerId), durationMs: e.durationMs ?? undefined,
    coverUrl: coverOf(e.trackId), rank: e.rank, plays: e.plays,
  }));
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const label = WINDOWS.find((w) => w.id === window)?.label ?? window;
  return (
    <section aria-labelledby="charts-heading" className="section">
      <div className="section__head">
        <Heading id="charts-heading">{title}</Heading>
        <GenreSelect id="chart-genre" value={genre} onChange={onGenre} />
      </div>
      <ChartTabs value={window} onChange={setWindow} />
      <div role="tabpanel" id={`chart-panel-${window}`} aria-labelledby={`chart-tab-${window}`}>
        {chart.isPending && <Spinner label="Loading the chart" />}
        <ErrorAlert error={chart.error} />
        {chart.data && chartTracks.length === 0 && (
          <p className="empty">Nothing has been played enough to chart here yet. A play counts after 30 seconds.</p>
        )}
        {chartTracks.length > 0 && (
          <TrackGrid label={`Chart, ${label}`}>
            {chartTracks.map((t, i) => (
              <TrackCard key={t.id} track={t} playing={now.trackId === t.id && now.playing}
                onPlay={() => player.playList(chartTracks, i)} />
            ))}
          </TrackGrid>
        )}
      </div>
    </section>
  );
}

/** The newest public songs, optionally of one genre. */
export function NewSongs({ genre, genreName }: { genre: string; genreName?: string }) {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const latest = useQuery({ queryKey: ['latest', genre], queryFn: () => tracks.latest(genre || undefined) });
  const items: Track[] = latest.data?.items ?? [];
  const nameOf = useArtistNames(items.map((t) => t.ownerId));
  const newest: PlayableTrack[] = items.map((t) => ({
    id: t.id, title: t.title, artistId: t.ownerId, artistName: nameOf(t.ownerId), coverUrl: t.coverUrl ?? undefined,
    durationMs: t.durationMs ?? undefined,
  }));
  return (
    <section aria-labelledby="new-heading" className="section">
      <div className="section__head">
        <h2 id="new-heading">New songs{genre ? ` in ${genreName ?? genre}` : ''}</h2>
      </div>
      {latest.isPending && <Spinner label="Loading the newest songs" />}
      <ErrorAlert error={latest.error} />
      {latest.data && newest.length === 0 && <p className="empty">No songs here yet. Be the first to upload one.</p>}
      {newest.length > 0 && (
        <TrackGrid label="New songs">
          {newest.map((t, i) => (
            <TrackCard key={t.id} track={{ ...t, subtitle: t.artistName, plays: items[i]?.playCount }}
              playing={now.trackId === t.id && now.playing} onPlay={() => player.playList(newest, i)} />
          ))}
        </TrackGrid>
      )}
    </section>
  );
}
