import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { coverOf, tracks, users } from '@/lib/api/endpoints';
import type { ChartWindow } from '@/lib/api/types';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { useSession } from '@/lib/auth/useSession';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { TrackCard, TrackGrid } from '@/components/TrackCard';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { ChartTabs } from './ChartTabs';

export function HomePage() {
  useDocumentTitle('');
  const session = useSession();
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const [window, setWindow] = useState<ChartWindow>('24h');
  const [genre, setGenre] = useState('');
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const chart = useQuery({ queryKey: ['chart', window, genre], queryFn: () => tracks.chart(window, genre || undefined) });
  const mine = useQuery({ queryKey: ['mine'], queryFn: () => tracks.mine(), enabled: session.status === 'signed-in' });
  const latest = useQuery({ queryKey: ['latest', genre], queryFn: () => tracks.latest(genre || undefined) });

  // Chart entries and new songs name the artist by id: their profiles, one cached query per artist.
  const owners = [...new Set([...(chart.data?.items ?? []).map((e) => e.ownerId), ...(latest.data?.items ?? []).map((t) => t.ownerId)])];
  const profiles = useQueries({
    queries: owners.map((id) => ({ queryKey: ['user', id], queryFn: () => users.byId(id), staleTime: 300_000 })),
  });
  const nameOf = (id: string) => profiles[owners.indexOf(id)]?.data?.displayName;
  const chartTracks: (PlayableTrack & { rank: number; plays: number; subtitle?: string })[] = (chart.data?.items ?? []).map((e) => ({
    id: e.trackId, title: e.title, artistId: e.ownerId, artistName: nameOf(e.ownerId), subtitle: nameOf(e.ownerId), durationMs: e.durationMs ?? undefined,
    coverUrl: coverOf(e.trackId), rank: e.rank, plays: e.plays,
  }));
  const latestMine = (mine.data?.items ?? []).filter((t) => t.status === 'READY').slice(0, 6);
  const newest: PlayableTrack[] = (latest.data?.items ?? []).map((t) => ({
    id: t.id, title: t.title, artistId: t.ownerId, artistName: nameOf(t.ownerId), coverUrl: t.coverUrl ?? undefined,
    durationMs: t.durationMs ?? undefined,
  }));

  return (
    <div className="page">
      <section className={`hero${session.status === 'signed-in' ? ' hero--compact' : ''}`}>
        <h1>{session.status === 'signed-in' ? 'What are people playing?' : 'Music made by the people who play it.'}</h1>
        {session.status !== 'signed-in' && <p>Independent artists, lossless streams, charts counted from real listens.</p>}
        {session.status === 'signed-out' && (
          <p className="hero__actions">
            <Link className="button button--primary" to="/signup">Create an account</Link>
            <Link className="button" to="/login">Log in</Link>
          </p>
        )}
      </section>

      <section aria-labelledby="charts-heading" className="section">
        <div className="section__head">
          <h2 id="charts-heading">Charts</h2>
          <div className="genre-filter">
            <label htmlFor="chart-genre">Genre</label>
            <select id="chart-genre" value={genre} onChange={(e) => setGenre(e.target.value)}>
              <option value="">All genres</option>
              {(genres.data?.items ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
            </select>
          </div>
        </div>
        <ChartTabs value={window} onChange={setWindow} />
        <div role="tabpanel" id={`chart-panel-${window}`} aria-labelledby={`chart-tab-${window}`}>
          {chart.isPending && <Spinner label="Loading the chart" />}
          <ErrorAlert error={chart.error} />
          {chart.data && chartTracks.length === 0 && (
            <p className="empty">Nothing has been played enough to chart here yet. A play counts after 30 seconds.</p>
          )}
          {chartTracks.length > 0 && (
            <TrackGrid label={`Chart ${window}`}>
              {chartTracks.map((t, i) => (
                <TrackCard key={t.id} track={t} playing={now.trackId === t.id && now.playing}
                  onPlay={() => player.playList(chartTracks, i)} />
              ))}
            </TrackGrid>
          )}
        </div>
      </section>

      <section aria-labelledby="new-heading" className="section">
        <div className="section__head">
          <h2 id="new-heading">New songs{genre ? ` in ${(genres.data?.items ?? []).find((g) => g.id === genre)?.name ?? genre}` : ''}</h2>
        </div>
        {latest.isPending && <Spinner label="Loading the newest songs" />}
        <ErrorAlert error={latest.error} />
        {latest.data && newest.length === 0 && <p className="empty">No songs here yet. Be the first to upload one.</p>}
        {newest.length > 0 && (
          <TrackGrid label="New songs">
            {newest.map((t, i) => (
              <TrackCard key={t.id} track={{ ...t, subtitle: t.artistName, plays: latest.data?.items[i]?.playCount }}
                playing={now.trackId === t.id && now.playing} onPlay={() => player.playList(newest, i)} />
            ))}
          </TrackGrid>
        )}
      </section>

      {latestMine.length > 0 && (
        <section aria-labelledby="latest-heading" className="section">
          <div className="section__head">
            <h2 id="latest-heading">Your latest songs</h2>
            <Link to="/my-songs">All your songs</Link>
          </div>
          <TrackGrid label="Your latest songs">
            {latestMine.map((t) => {
              const p = { id: t.id, title: t.title, coverUrl: t.coverUrl ?? undefined, durationMs: t.durationMs ?? undefined, artistId: t.ownerId };
              return <TrackCard key={t.id} track={{ ...p, plays: t.playCount }} playing={now.trackId === t.id && now.playing} onPlay={() => player.playTrack(p)} />;
            })}
          </TrackGrid>
        </section>
      )}
    </div>
  );
}
