import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { tracks } from '@/lib/api/endpoints';
import { search, type SearchHit, type SearchType } from '@/lib/api/social';
import { formatCount, formatDuration, formatPlays } from '@/lib/format';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Avatar } from '@/components/Avatar';
import { Cover } from '@/components/Cover';
import { SongMenu } from '@/components/SongMenu';
import { TabPanel, Tabs } from '@/components/Tabs';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { Highlight } from './Highlight';
import { pathOf } from './paths';

type Tab = Exclude<SearchType, 'all'>;
const TABS: { id: Tab; label: string }[] = [
  { id: 'track', label: 'Songs' },
  { id: 'artist', label: 'Artists' },
  { id: 'playlist', label: 'Playlists' },
];

/** /search?q=&type=track|artist|playlist&genre=: the results, a tab per kind, genre facets for songs. */
export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const type = (TABS.some((t) => t.id === params.get('type')) ? params.get('type') : 'track') as Tab;
  const genre = type === 'track' ? params.get('genre') ?? '' : '';
  useDocumentTitle(q ? `“${q}”` : 'Search');
  const player = usePlayerBridge();
  const now = player.useNowPlaying();

  const results = useInfiniteQuery({
    queryKey: ['search', q, type, genre],
    queryFn: ({ pageParam }) => search.query(q, type, genre || undefined, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: q.length > 0,
    // The old results (and facets) stay while the next ones load, instead of the page collapsing to a spinner.
    placeholderData: keepPreviousData,
  });
  // The counts per kind for the tab labels: one query over all kinds (its first page carries the facets).
  const all = useQuery({ queryKey: ['search-all', q], queryFn: () => search.query(q, 'all'), enabled: q.length > 0 });
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const genreName = (g: string) => genres.data?.items.find((x) => x.id === g)?.name ?? g;

  const typeCounts = all.data?.facets?.type ?? {};
  const genreFacets = Object.entries(results.data?.pages[0]?.facets?.genre ?? {});
  const hits = results.data?.pages.flatMap((p) => p.items) ?? [];
  const songs: PlayableTrack[] = hits.filter((h) => h.type === 'track').map(toPlayable);

  function set(next: Record<string, string | null>) {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    setParams(p, { replace: true });
  }

  if (!q) {
    return (
      <div className="page">
        <h1>Search</h1>
        <p className="empty">Type in the search box above: songs, artists and playlists, in Korean or English.</p>
      </div>
    );
  }
  return (
    <div className="page">
      <h1 className="search-page__title">Results for “{q}”</h1>
      <Tabs idPrefix="search" label="Kind of result" value={type} onChange={(t) => set({ type: t, genre: null })}
        tabs={TABS.map((t) => ({ id: t.id, label: typeCounts[t.id] !== undefined ? <>{t.label} <span className="tabs__count">{formatCount(typeCounts[t.id])}</span></> : t.label }))} />
      <TabPanel idPrefix="search" value={type}>
        {type === 'track' && genreFacets.length > 0 && (
          <div className="facets" role="group" aria-label="Genre">
            <button type="button" className="chip" aria-pressed={!genre} onClick={() => set({ genre: null })}>All genres</button>
            {genreFacets.map(([g, n]) => (
              <button key={g} type="button" className="chip" aria-pressed={genre === g} onClick={() => set({ genre: genre === g ? null : g })}>
                {genreName(g)} <span className="chip__count">{n}</span>
              </button>
            ))}
          </div>
        )}
        {(results.isPending || results.isPlaceholderData) && <Spinner label="Searching" />}
        <ErrorAlert error={results.error} />
        {results.data && hits.length === 0 && <p className="empty">Nothing found for “{q}”{genre ? ` in ${genreName(genre)}` : ''}. Try fewer or other words.</p>}
        {hits.length > 0 && (
          <ul className="result-list" aria-label={TABS.find((t) => t.id === type)!.label}>
            {hits.map((h) => {
              const index = songs.findIndex((s) => s.id === h.id);
              return <ResultRow key={`${h.type}-${h.id}`} hit={h} genreName={genreName}
                playing={now.trackId === h.id && now.playing}
                onPlay={h.type === 'track' ? () => player.playList(songs, index) : undefined} />;
            })}
          </ul>
        )}
        {results.hasNextPage && (
          <p className="load-more">
            <button type="button" className="button" disabled={results.isFetchingNextPage} onClick={() => void results.fetchNextPage()}>
              {results.isFetchingNextPage ? 'Loading…' : 'More results'}
            </button>
          </p>
        )}
      </TabPanel>
    </div>
  );
}

function toPlayable(h: SearchHit): PlayableTrack {
  return { id: h.id, title: h.title ?? '', artistName: h.subtitle ?? undefined, coverUrl: h.imageUrl ?? undefined, durationMs: h.durationMs ?? undefined };
}

function ResultRow({ hit, onPlay, playing, genreName }: { hit: SearchHit; onPlay?: () => void; playing: boolean; genreName: (g: string) => string }) {
  const title = hit.title ?? '';
  return (
    <li className={`result-row${playing ? ' result-row--playing' : ''}`}>
      {hit.type === 'artist' ? <Avatar url={hit.imageUrl} name={title} /> : <Cover src={hit.imageUrl} seed={hit.id} size="sm" />}
      <div className="result-row__text">
        <Link className="result-row__title" to={pathOf(hit)} aria-label={title}><Highlight html={hit.highlight} fallback={title} /></Link>
        <p className="result-row__meta">
          {hit.subtitle && <span>{hit.subtitle}</span>}
          {hit.type === 'track' && hit.genre && <span>{genreName(hit.genre)}</span>}
          {hit.type === 'track' && hit.plays != null && <span>{formatPlays(hit.plays)}</span>}
          {hit.type === 'track' && hit.durationMs ? <span>{formatDuration(hit.durationMs)}</span> : null}
          {hit.type === 'artist' && hit.followers != null && <span>{formatCount(hit.followers)} {hit.followers === 1 ? 'follower' : 'followers'}</span>}
          {hit.type === 'playlist' && hit.trackCount != null && <span>{hit.trackCount} {hit.trackCount === 1 ? 'song' : 'songs'}</span>}
        </p>
      </div>
      {onPlay && (
        <>
          <button type="button" className="icon-button" onClick={onPlay} aria-label={`Play ${title}`}><span aria-hidden="true">▶</span></button>
          <SongMenu track={toPlayable(hit)} />
        </>
      )}
    </li>
  );
}
