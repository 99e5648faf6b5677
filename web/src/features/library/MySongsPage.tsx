import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { tracks } from '@/lib/api/endpoints';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { SongList } from './SongList';

export function MySongsPage() {
  useDocumentTitle('My songs');
  const q = useInfiniteQuery({
    queryKey: ['mine', 'all'],
    queryFn: ({ pageParam }) => tracks.mine(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="page">
      <div className="section__head">
        <h1>My songs</h1>
        <Link className="button button--primary" to="/upload">Upload</Link>
      </div>
      {q.isPending && <Spinner label="Loading your songs" />}
      <ErrorAlert error={q.error} />
      {q.data && items.length === 0 && <p className="empty">You have not uploaded a song yet.</p>}
      {items.length > 0 && <SongList items={items} label="My songs" showStatus />}
      {q.hasNextPage && <button type="button" className="button" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>Show more</button>}
    </div>
  );
}
