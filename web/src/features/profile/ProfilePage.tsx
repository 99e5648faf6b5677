import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { tracks, users } from '@/lib/api/endpoints';
import { useSession } from '@/lib/auth/useSession';
import { usePlayerBridge } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { TrackCard, TrackGrid } from '@/components/TrackCard';
import { useDocumentTitle } from '@/components/useDocumentTitle';

export function Avatar({ url, name, size = 'md' }: { url?: string | null; name: string; size?: 'sm' | 'md' | 'lg' }) {
  const px = size === 'lg' ? 256 : 64;
  return url ? (
    <img className={`avatar avatar--${size}`} src={`${url}?size=${px}`} alt="" />
  ) : (
    <span className={`avatar avatar--${size} avatar--initial`} aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
  );
}

/** Anyone's profile (/u/:handle), or the signed-in user's own (/profile). */
export function ProfilePage() {
  const { handle } = useParams();
  const session = useSession();
  const own = !handle;
  const profile = useQuery({
    queryKey: own ? ['me'] : ['profile', handle],
    queryFn: () => (own ? users.me() : users.byHandle(handle!)),
    retry: (n, e) => n < 3 && (e as { status?: number }).status === 404 && own,
  });
  const songs = useQuery({
    queryKey: ['artist', profile.data?.id],
    queryFn: () => tracks.byArtist(profile.data!.id),
    enabled: !!profile.data,
  });
  const player = usePlayerBridge();
  useDocumentTitle(profile.data?.displayName ?? 'Profile');

  if (profile.isPending) return <div className="page"><Spinner label="Loading the profile" /></div>;
  if (profile.error) return <div className="page"><ErrorAlert error={profile.error} /></div>;
  const p = profile.data;
  const list = (songs.data?.items ?? []).map((t) => ({ id: t.id, title: t.title, artistName: p.displayName, artistId: p.id, coverUrl: t.coverUrl ?? undefined, durationMs: t.durationMs ?? undefined, plays: t.playCount }));
  const isMe = session.user?.id === p.id;
  return (
    <div className="page">
      <header className="profile">
        <Avatar url={p.avatarUrl} name={p.displayName} size="lg" />
        <div>
          <p className="song__kicker">{p.role === 'ARTIST' ? 'Artist' : 'Listener'}</p>
          <h1>{p.displayName}</h1>
          <p className="profile__handle">@{p.handle}</p>
          {p.bio && <p className="profile__bio">{p.bio}</p>}
          {isMe && <Link className="button" to="/settings">Edit profile</Link>}
        </div>
      </header>
      <section className="section" aria-labelledby="profile-songs">
        <h2 id="profile-songs">Songs</h2>
        <ErrorAlert error={songs.error} />
        {songs.data && list.length === 0 && <p className="empty">No public songs yet.</p>}
        {list.length > 0 && (
          <TrackGrid label={`Songs by ${p.displayName}`}>
            {list.map((t, i) => <TrackCard key={t.id} track={t} onPlay={() => player.playList(list, i)} />)}
          </TrackGrid>
        )}
      </section>
    </div>
  );
}
