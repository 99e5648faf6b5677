import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { coverOf, tracks, users } from '@/lib/api/endpoints';
import type { LikeState, Track } from '@/lib/api/types';
import { useSession } from '@/lib/auth/useSession';
import { formatCount, formatDuration, formatPlays } from '@/lib/format';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Cover } from '@/components/Cover';
import { useDocumentTitle } from '@/components/useDocumentTitle';

export function SongPage() {
  const { id = '' } = useParams();
  const session = useSession();
  const track = useQuery({ queryKey: ['track', id], queryFn: () => tracks.get(id), enabled: session.status !== 'unknown' });
  const artist = useQuery({ queryKey: ['user', track.data?.ownerId], queryFn: () => users.byId(track.data!.ownerId), enabled: !!track.data });
  useDocumentTitle(track.data?.title ?? 'Song');

  if (track.isPending) return <div className="page"><Spinner label="Loading the song" /></div>;
  if (track.error) return <div className="page"><ErrorAlert error={track.error} /></div>;
  const t = track.data;
  return <SongView track={t} artistName={artist.data?.displayName} artistHandle={artist.data?.handle} signedIn={session.status === 'signed-in'} />;
}

function SongView({ track: t, artistName, artistHandle, signedIn }: { track: Track; artistName?: string; artistHandle?: string; signedIn: boolean }) {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const queryClient = useQueryClient();
  const ref: PlayableTrack = { id: t.id, title: t.title, artistName, artistId: t.ownerId, coverUrl: t.coverUrl ?? undefined, durationMs: t.durationMs ?? undefined };
  const isCurrent = now.trackId === t.id;
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const genreName = genres.data?.items.find((g) => g.id === t.genre)?.name ?? t.genre;
  const like = useQuery({ queryKey: ['like', t.id], queryFn: () => tracks.likeState(t.id), enabled: signedIn });
  const toggleLike = useMutation({
    mutationFn: (liked: boolean) => (liked ? tracks.unlike(t.id) : tracks.like(t.id)),
    onSuccess: (state: LikeState) => {
      queryClient.setQueryData(['like', t.id], state);
      queryClient.invalidateQueries({ queryKey: ['liked'] });
    },
  });
  const liked = like.data?.liked ?? false;
  const likeCount = like.data?.likeCount ?? t.likeCount;
  const ready = t.status === 'READY';

  return (
    <article className="page song">
      <div className="song__head">
        <Cover src={t.coverUrl ? coverOf(t.id, 1200) : null} seed={t.id} size="lg" alt={`Cover of ${t.title}`} />
        <div className="song__info">
          <p className="song__kicker">{genreName}</p>
          <h1>{t.title}</h1>
          <p className="song__artist">
            {artistHandle ? <Link to={`/u/${artistHandle}`}>{artistName}</Link> : <span>{artistName ?? ' '}</span>}
          </p>
          <p className="song__stats">
            <span>{formatPlays(t.playCount)}</span>
            <span>{formatCount(likeCount)} {likeCount === 1 ? "like" : "likes"}</span>
            {t.durationMs ? <span>{formatDuration(t.durationMs)}</span> : null}
          </p>
          <div className="row song__actions">
            <button type="button" className="button button--primary button--round" disabled={!ready}
              onClick={() => (isCurrent ? player.toggle() : player.playTrack(ref))}
              aria-label={isCurrent && now.playing ? `Pause ${t.title}` : `Play ${t.title}`}>
              <span aria-hidden="true">{isCurrent && now.playing ? '❚❚' : '▶'}</span>
            </button>
            {signedIn ? (
              <button type="button" className={`button${liked ? ' button--on' : ''}`} aria-pressed={liked}
                disabled={toggleLike.isPending || like.isPending} onClick={() => toggleLike.mutate(liked)}>
                {liked ? 'Unlike' : 'Like'}
              </button>
            ) : (
              <Link className="button" to={`/login?next=/songs/${t.id}`}>Log in to like</Link>
            )}
            <button type="button" className="button" disabled={!ready} onClick={() => player.playNext(ref)}>Play next</button>
            <button type="button" className="button" disabled={!ready} onClick={() => player.enqueue(ref)}>Add to queue</button>
          </div>
          <ErrorAlert error={toggleLike.error} />
        </div>
      </div>
      {ready && t.waveform && (
        <div className="song__wave">
          <player.Waveform peaks={t.waveform} durationMs={t.durationMs ?? 0} positionMs={isCurrent ? now.positionMs : 0}
            label={`Seek in ${t.title}`} onSeek={(f) => player.seekTrack(ref, f)} />
        </div>
      )}
      {!ready && (
        <p className="empty">{t.status === 'FAILED' ? `Processing failed: ${t.processing?.failureReason ?? ''}` : `Still processing${t.processing ? `: ${t.processing.stage.toLowerCase()} ${t.processing.percent}%` : ''}…`}</p>
      )}
      {t.description && <p className="song__description">{t.description}</p>}
      {t.tags.length > 0 && <ul className="tags" aria-label="Tags">{t.tags.map((tag) => <li key={tag}>#{tag}</li>)}</ul>}
    </article>
  );
}
