import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { tracks, users } from '@/lib/api/endpoints';
import { follows, playlists } from '@/lib/api/social';
import { useSession } from '@/lib/auth/useSession';
import { formatCount } from '@/lib/format';
import { usePlayerBridge } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Avatar } from '@/components/Avatar';
import { Cover } from '@/components/Cover';
import { FollowButton } from '@/components/FollowButton';
import { TabPanel, Tabs } from '@/components/Tabs';
import { TrackCard, TrackGrid } from '@/components/TrackCard';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { FollowList } from './FollowList';

type Tab = 'songs' | 'playlists' | 'followers' | 'following';
/** An artist's (anyone's) page: /u/:handle, /users/:id, or the signed-in user's own at /profile. */
export function ProfilePage() {
  const { handle, id } = useParams();
  const session = useSession();
  const own = !handle && !id;
  const profile = useQuery({
    queryKey: own ? ['me'] : handle ? ['profile', handle] : ['user', id],
    queryFn: () => (own ? users.me() : handle ? users.byHandle(handle) : users.byId(id!)),
    retry: (n, e) => n < 3 && (e as { status?: number }).status === 404 && own,
  });
  const userId = profile.data?.id;
  const songs = useQuery({ queryKey: ['artist', userId], queryFn: () => tracks.byArtist(userId!), enabled: !!userId });
  const lists = useQuery({ queryKey: ['user-playlists', userId], queryFn: () => playlists.ofUser(userId!), enabled: !!userId });
  const me = session.user?.id;
  // The counts answer whether the caller follows them too (followedByYou), so the key carries who asks.
  const counts = useQuery({ queryKey: ['follow-counts', userId, me ?? null], queryFn: () => follows.counts(userId!), enabled: !!userId });
  const isMe = !!userId && me === userId;
  const [tab, setTab] = useState<Tab>('songs');
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  useDocumentTitle(profile.data?.displayName ?? 'Profile');

  if (profile.isPending) return <div className="page"><Spinner label="Loading the profile" /></div>;
  if (profile.error) return <div className="page"><ErrorAlert error={profile.error} /></div>;
  const p = profile.data;
  const list = (songs.data?.items ?? []).filter((t) => t.status === 'READY').map((t) => ({
    id: t.id, title: t.title, artistName: p.displayName, artistId: p.id, coverUrl: t.coverUrl ?? undefined,
    durationMs: t.durationMs ?? undefined, plays: t.playCount,
  }));
  const c = counts.data;
  const tabs: { id: Tab; label: string }[] = [
    { id: 'songs', label: 'Songs' },
    { id: 'playlists', label: 'Playlists' },
    { id: 'followers', label: c ? `Followers ${formatCount(c.followers)}` : 'Followers' },
    { id: 'following', label: c ? `Following ${formatCount(c.following)}` : 'Following' },
  ];
  return (
    <div className="page">
      <header className="profile">
        <Avatar url={p.avatarUrl} name={p.displayName} size="lg" />
        <div className="profile__info">
          <p className="song__kicker">{p.role === 'ARTIST' ? 'Artist' : 'Listener'}</p>
          <h1>{p.displayName}</h1>
          <p className="profile__handle">@{p.handle}</p>
          {c && (
            <p className="profile__counts">
              <button type="button" className="link-button" onClick={() => setTab('followers')}>
                <strong>{formatCount(c.followers)}</strong> {c.followers === 1 ? 'follower' : 'followers'}
              </button>
              <button type="button" className="link-button" onClick={() => setTab('following')}>
                <strong>{formatCount(c.following)}</strong> following
              </button>
            </p>
          )}
          {p.bio && <p className="profile__bio">{p.bio}</p>}
          <p className="profile__id muted">User id <code>{p.id}</code></p>
          <div className="row">
            {list.length > 0 && (
              <button type="button" className="button button--primary" onClick={() => player.playList(list, 0)}>
                <span aria-hidden="true">▶</span> Play all <span className="visually-hidden">songs by {p.displayName}</span>
              </button>
            )}
            {isMe && <Link className="button" to="/settings">Edit profile</Link>}
            {!isMe && session.status === 'signed-in' && counts.isSuccess && (
              <FollowButton key={String(counts.data.followedByYou)} userId={p.id} name={p.displayName} following={counts.data.followedByYou} />
            )}
            {session.status === 'signed-out' && <Link className="button" to={`/login?next=${encodeURIComponent(`/u/${p.handle}`)}`}>Log in to follow</Link>}
          </div>
        </div>
      </header>
      <div className="section">
        <Tabs idPrefix="profile" label={`${p.displayName}'s music and people`} tabs={tabs} value={tab} onChange={setTab} />
        <TabPanel idPrefix="profile" value={tab}>
          {tab === 'songs' && (
            <>
              <ErrorAlert error={songs.error} />
              {songs.isPending && <Spinner label="Loading the songs" />}
              {songs.data && list.length === 0 && <p className="empty">No public songs yet.</p>}
              {list.length > 0 && (
                <TrackGrid label={`Songs by ${p.displayName}`}>
                  {list.map((t, i) => <TrackCard key={t.id} track={t} playing={now.trackId === t.id && now.playing} onPlay={() => player.playList(list, i)} />)}
                </TrackGrid>
              )}
            </>
          )}
          {tab === 'playlists' && (
            <>
              <ErrorAlert error={lists.error} />
              {lists.isPending && <Spinner label="Loading the playlists" />}
              {lists.data && lists.data.items.length === 0 && <p className="empty">No public playlists yet.</p>}
              {lists.data && lists.data.items.length > 0 && (
                <ul className="track-grid" aria-label={`Playlists by ${p.displayName}`}>
                  {lists.data.items.map((l) => (
                    <li key={l.id} className="track-card">
                      <div className="track-card__art"><Cover src={l.coverUrl} seed={l.id} /></div>
                      <Link className="track-card__title" to={`/playlists/${l.id}`}>{l.name}</Link>
                      <p className="track-card__meta"><span>{l.trackCount} {l.trackCount === 1 ? 'song' : 'songs'}</span></p>
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}
          {(tab === 'followers' || tab === 'following') && <FollowList userId={p.id} kind={tab} ownerName={p.displayName} />}
        </TabPanel>
      </div>
    </div>
  );
}
