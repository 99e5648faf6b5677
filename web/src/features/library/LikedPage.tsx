import { useInfiniteQuery } from '@tanstack/react-query';
import { tracks } from '@/lib/api/endpoints';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { SongList } from './SongList';

export function LikedPage() {
  useDocumentTitle('Liked songs');
  const q = useInfiniteQuery({
    queryKey: ['liked'],
    queryFn: ({ pageParam }) => tracks.liked(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <h1>Liked songs</h1>
      {q.isPending && <Spinner label="Loading your liked songs" />}
      <ErrorAlert error={q.error} />
      {q.data && items.length === 0 && <p className="empty">Songs you like show up here.</p>}
      {items.length > 0 && <SongList items={items} label="Liked songs" />}
      {q.hasNextPage && <button type="button" className="button" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>Show more</button>}
    </div>
  );
}
