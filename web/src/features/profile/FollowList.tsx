import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { follows, userPath } from '@/lib/api/social';
import { useSession } from '@/lib/auth/useSession';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Avatar } from '@/components/Avatar';
import { FollowButton } from '@/components/FollowButton';

/** A user's followers or the people they follow, newest follow first, paged, each with a follow button. */
export function FollowList({ userId, kind, ownerName }: { userId: string; kind: 'followers' | 'following'; ownerName: string }) {
  const session = useSession();
  const me = session.user?.id;
  const list = useInfiniteQuery({
    queryKey: ['follow-list', kind, userId, me ?? ''],
    queryFn: ({ pageParam }) => (kind === 'followers' ? follows.followers(userId, pageParam) : follows.following(userId, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  if (list.isPending) return <Spinner label={`Loading ${kind}`} />;
  if (list.error) return <ErrorAlert error={list.error} />;
  if (items.length === 0) {
    return <p className="empty">{kind === 'followers' ? `Nobody follows ${ownerName} yet.` : `${ownerName} does not follow anyone yet.`}</p>;
  }
  return (
    <>
      <ul className="user-list user-list--grid" aria-label={kind === 'followers' ? `Followers of ${ownerName}` : `Followed by ${ownerName}`}>
        {items.map((u) => {
          const name = u.displayName || (u.handle ? `@${u.handle}` : 'Someone');
          return (
            <li key={u.userId} className="user-row">
              <Avatar url={u.avatarUrl} name={name} />
              <div className="user-row__text">
                <Link className="user-row__name" to={userPath({ id: u.userId, handle: u.handle })}>{name}</Link>
                {u.handle && <p className="user-row__meta">@{u.handle}</p>}
              </div>
              {session.status === 'signed-in' && me !== u.userId && (
                <FollowButton userId={u.userId} name={name} following={u.followedByYou} size="sm" />
              )}
            </li>
          );
        })}
      </ul>
      {list.hasNextPage && (
        <p className="load-more">
          <button type="button" className="button" disabled={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
            {list.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
        </p>
      )}
    </>
  );
}
