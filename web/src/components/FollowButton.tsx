import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { follows, type FollowStatus } from '@/lib/api/social';
import { messageOf } from '@/lib/api/problem';

/**
 * One click to follow or unfollow. aria-pressed carries the state; the name says whom, so a list of them reads well.
 * The caches that depend on the graph (counts, the feed, suggestions, lists) are refreshed after a change.
 */
export function FollowButton({ userId, name, following, onChange, size }: {
  userId: string;
  name: string;
  following: boolean;
  onChange?: (status: FollowStatus) => void;
  size?: 'sm';
}) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<boolean | null>(null);
  const now = state ?? following;
  const toggle = useMutation({
    mutationFn: (follow: boolean) => (follow ? follows.follow(userId) : follows.unfollow(userId)),
    onSuccess: (status) => {
      setState(status.following);
      onChange?.(status);
      queryClient.setQueriesData({ queryKey: ['follow-counts', userId] }, (old: { followers: number; following: number; followedByYou: boolean } | undefined) =>
        old ? { ...old, followers: status.followers, followedByYou: status.following } : old);
      void queryClient.invalidateQueries({ queryKey: ['feed'] });
      void queryClient.invalidateQueries({ queryKey: ['follow-list'] });
    },
  });
  return (
    <span className="follow-button">
      <button type="button" className={`button${now ? ' button--on' : ' button--primary'}${size === 'sm' ? ' button--sm' : ''}`}
        aria-pressed={now} disabled={toggle.isPending} onClick={() => toggle.mutate(!now)}>
        {now ? 'Following' : 'Follow'} <span className="visually-hidden">{name}</span>
      </button>
      {toggle.error && <span role="alert" className="field__error">{messageOf(toggle.error)}</span>}
    </span>
  );
}
