import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { feed, userPath, type FeedItem, type UserSummary } from '@/lib/api/social';
import { formatDuration } from '@/lib/format';
import { formatAgo } from '@/lib/time';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Avatar } from '@/components/Avatar';
import { Cover } from '@/components/Cover';
import { SongMenu } from '@/components/SongMenu';

const nameOf = (u?: UserSummary | null) => u?.displayName || (u?.handle ? `@${u.handle}` : 'Someone');

function verb(item: FeedItem) {
  switch (item.kind) {
    case 'TRACK_PUBLISHED': return 'released a new song';
    case 'TRACK_LIKED': return 'liked a song';
    case 'PLAYLIST_PUBLISHED': return 'shared a playlist';
    case 'USER_FOLLOWED': return 'started following';
    default: return 'did something';
  }
}

function toPlayable(item: FeedItem): PlayableTrack {
  const s = item.subject;
  return { id: s.id, title: s.title ?? 'Untitled', artistName: s.user?.displayName ?? undefined, artistId: s.user?.id,
    coverUrl: s.imageUrl ?? undefined, durationMs: s.durationMs ?? undefined };
}

/**
 * The signed-in user's feed: what the people they follow did, newest first, one page of 20 at a time. The next page
 * loads when the end of the list scrolls into view (and by a button, for keyboards and old webviews).
 */
export function Feed() {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const pages = useInfiniteQuery({
    queryKey: ['feed'],
    queryFn: ({ pageParam }) => feed.page(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = pages.data?.pages.flatMap((p) => p.items) ?? [];
  const songs = items.filter((i) => i.subject.type === 'TRACK');
  const playable = songs.map(toPlayable);

  const sentinel = useRef<HTMLDivElement>(null);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && hasNextPage && !isFetchingNextPage) void fetchNextPage();
    }, { rootMargin: '400px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const nextPageError = pages.isFetchNextPageError ? pages.error : null;
  if (pages.isPending) return <Spinner label="Loading your feed" />;
  if (pages.error && !pages.data) return <ErrorAlert error={pages.error} />;
  if (items.length === 0) {
    return <p className="empty">Your feed is empty. Follow artists and friends to see their new songs, likes and playlists here.</p>;
  }
  return (
    <>
      <ol className="feed" aria-label="Your feed" aria-busy={isFetchingNextPage}>
        {items.map((item) => {
          const s = item.subject;
          const actor = nameOf(item.actor);
          return (
            <li key={item.id} className="feed-item">
              <article aria-label={`${actor} ${verb(item)}${s.type === 'USER' ? ` ${s.title ?? nameOf(s.user)}` : `: ${s.title ?? ''}`}`}>
                <p className="feed-item__head">
                  <Avatar url={item.actor?.avatarUrl} name={actor} size="sm" />
                  <span className="feed-item__what">
                    <Link to={userPath(item.actor)}>{actor}</Link> {verb(item)}
                    {s.type === 'USER' && <> <Link to={userPath({ id: s.id, handle: s.user?.handle })}>{s.title ?? nameOf(s.user)}</Link></>}
                  </span>
                  <time className="feed-item__time" dateTime={item.occurredAt}>{formatAgo(item.occurredAt)}</time>
                </p>
                {s.type === 'TRACK' && (
                  <div className={`feed-card${now.trackId === s.id && now.playing ? ' feed-card--playing' : ''}`}>
                    <Cover src={s.imageUrl} seed={s.id} size="sm" />
                    <div className="feed-card__text">
                      <Link className="feed-card__title" to={`/songs/${s.id}`}>{s.title}</Link>
                      <p className="feed-card__meta">
                        {s.user && <span>{nameOf(s.user)}</span>}
                        {s.durationMs ? <span>{formatDuration(s.durationMs)}</span> : null}
                      </p>
                    </div>
                    <button type="button" className="icon-button" aria-label={`Play ${s.title ?? 'the song'}`}
                      onClick={() => player.playList(playable, songs.indexOf(item))}>
                      <span aria-hidden="true">▶</span>
                    </button>
                    <SongMenu track={toPlayable(item)} />
                  </div>
                )}
                {s.type === 'PLAYLIST' && (
                  <div className="feed-card">
                    <Cover src={s.imageUrl} seed={s.id} size="sm" />
                    <div className="feed-card__text">
                      <Link className="feed-card__title" to={`/playlists/${s.id}`}>{s.title}</Link>
                      <p className="feed-card__meta">
                        <span>Playlist</span>
                        {s.trackCount != null && <span>{s.trackCount} {s.trackCount === 1 ? 'song' : 'songs'}</span>}
                      </p>
                    </div>
                  </div>
                )}
              </article>
            </li>
          );
        })}
      </ol>
      <div ref={sentinel} aria-hidden="true" />
      {isFetchingNextPage && <Spinner label="Loading more" />}
      <ErrorAlert error={nextPageError} />
      {hasNextPage && !isFetchingNextPage && (
        <p className="load-more"><button type="button" className="button" onClick={() => void fetchNextPage()}>Load more</button></p>
      )}
      {!hasNextPage && items.length > 10 && <p className="muted load-more">You are all caught up.</p>}
    </>
  );
}
