import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { follows, userPath, type Suggestion } from '@/lib/api/social';
import { formatCount } from '@/lib/format';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Avatar } from '@/components/Avatar';
import { FollowButton } from '@/components/FollowButton';

function why(s: Suggestion): string {
  if (s.mutualCount > 0) {
    const names = s.mutualNames.slice(0, 2).join(', ');
    const rest = s.mutualCount - Math.min(2, s.mutualNames.length);
    return `Followed by ${names || `${s.mutualCount} people you follow`}${names && rest > 0 ? ` and ${rest} more` : ''}`;
  }
  return `Popular · ${formatCount(s.followers)} ${s.followers === 1 ? 'follower' : 'followers'}`;
}

/** Whom to follow: people followed by the people you follow (popular artists for a newcomer), one click each. */
export function FollowSuggestions() {
  // Not refetched after a follow: the row stays (showing "Following") instead of jumping away under the pointer.
  const suggestions = useQuery({ queryKey: ['suggestions'], queryFn: () => follows.suggestions(6), staleTime: 300_000 });
  const items = suggestions.data?.items ?? [];
  return (
    <section className="panel suggestions" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Who to follow</h2>
      {suggestions.isPending && <Spinner label="Loading suggestions" />}
      <ErrorAlert error={suggestions.error} />
      {suggestions.data && items.length === 0 && <p className="muted">No suggestions yet. Search for artists you like.</p>}
      <ul className="user-list">
        {items.map((s) => {
          const name = s.user.displayName || (s.user.handle ? `@${s.user.handle}` : 'Someone');
          return (
            <li key={s.user.id} className="user-row">
              <Avatar url={s.user.avatarUrl} name={name} />
              <div className="user-row__text">
                <Link to={userPath(s.user)} className="user-row__name">{name}</Link>
                <p className="user-row__meta">{why(s)}</p>
              </div>
              <FollowButton userId={s.user.id} name={name} following={false} size="sm" />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
