import { useMutation, useQuery, useQueries, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { users } from '@/lib/api/endpoints';
import { playlists, type Playlist, type PlaylistItem } from '@/lib/api/social';
import { ApiError, messageOf } from '@/lib/api/problem';
import type { Visibility } from '@/lib/api/types';
import { formatDuration } from '@/lib/format';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Cover } from '@/components/Cover';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { SongMenu } from '@/components/SongMenu';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { moved, serial, VISIBILITY } from './reorder';

function toPlayable(i: PlaylistItem): PlayableTrack {
  return { id: i.trackId, title: i.title ?? '', artistName: i.artistName ?? undefined, artistId: i.artistId ?? undefined,
    coverUrl: i.coverUrl ?? undefined, durationMs: i.durationMs ?? undefined };
}

/** /playlists/:id: the songs in order; the owner and collaborators reorder (drag, buttons, Alt+arrows) and remove. */
export function PlaylistPage() {
  const { id = '' } = useParams();
  const playlist = useQuery({ queryKey: ['playlist', id], queryFn: () => playlists.get(id) });
  useDocumentTitle(playlist.data?.name ?? 'Playlist');
  if (playlist.isPending) return <div className="page"><Spinner label="Loading the playlist" /></div>;
  if (playlist.error) return <div className="page"><ErrorAlert error={playlist.error} /></div>;
  return <PlaylistView playlist={playlist.data} />;
}

function PlaylistView({ playlist: p }: { playlist: Playlist }) {
  const player = usePlayerBridge();
  const now = player.useNowPlaying();
  const queryClient = useQueryClient();
  const owner = p.role === 'OWNER';
  const canEdit = owner || p.role === 'COLLABORATOR';
  const [editing, setEditing] = useState(false);

  // The order on screen: the server's, changed at once by a move or removal while the write goes out.
  const [items, setItems] = useState(p.items);
  const writes = useRef(serial());
  useEffect(() => {
    if (writes.current.pending === 0) setItems(p.items);
  }, [p]);
  const [announcement, setAnnouncement] = useState('');
  const [writeError, setWriteError] = useState<unknown>(null);
  const rowRefs = useRef(new Map<string, HTMLLIElement>());
  const [dragging, setDragging] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);

  const settle = () => {
    if (writes.current.pending <= 1) void queryClient.invalidateQueries({ queryKey: ['playlist', p.id] });
  };
  function move(from: number, to: number, focus?: string) {
    if (to < 0 || to >= items.length || from === to) return;
    const item = items[from];
    setItems(moved(items, from, to));
    setAnnouncement(`${item.title ?? 'Unavailable song'} moved to position ${to + 1} of ${items.length}`);
    setWriteError(null);
    void writes.current.run(() => playlists.moveItem(p.id, item.itemId, to))
      .catch((e) => setWriteError(e))
      .finally(settle);
    if (focus) {
      // Keep the keyboard on the moved row's control, wherever the row went.
      requestAnimationFrame(() => rowRefs.current.get(item.itemId)?.querySelector<HTMLElement>(`[data-focus="${focus}"]`)?.focus());
    }
  }
  function remove(index: number) {
    const item = items[index];
    setItems(items.filter((_, i) => i !== index));
    setAnnouncement(`${item.title ?? 'Unavailable song'} removed`);
    void writes.current.run(() => playlists.removeItem(p.id, item.itemId))
      .catch((e) => setWriteError(e))
      .finally(settle);
  }
  function onRowKey(e: KeyboardEvent, index: number) {
    if (!canEdit || !e.altKey) return;
    if (e.key === 'ArrowUp') { e.preventDefault(); move(index, index - 1, (e.target as HTMLElement).dataset.focus ?? 'handle'); }
    if (e.key === 'ArrowDown') { e.preventDefault(); move(index, index + 1, (e.target as HTMLElement).dataset.focus ?? 'handle'); }
  }
  function onDrop(e: DragEvent, index: number) {
    e.preventDefault();
    if (dragging !== null) move(dragging, index);
    setDragging(null);
    setOver(null);
  }

  const available = items.filter((i) => i.available);
  const playable = available.map(toPlayable);
  const total = available.reduce((sum, i) => sum + (i.durationMs ?? 0), 0);

  return (
    <article className="page playlist">
      <header className="song__head">
        <Cover src={p.coverUrl} seed={p.id} size="lg" alt="" />
        <div className="song__info">
          <p className="song__kicker">Playlist · {VISIBILITY[p.visibility].label}{p.collaborative ? ' · collaborative' : ''}</p>
          <h1>{p.name}</h1>
          {p.description && <p className="song__description">{p.description}</p>}
          <p className="song__stats">
            {p.ownerName && <span>by {p.ownerHandle ? <Link to={`/u/${p.ownerHandle}`}>{p.ownerName}</Link> : p.ownerName}</span>}
            <span>{items.length} {items.length === 1 ? 'song' : 'songs'}</span>
            {total > 0 && <span>{formatDuration(total)}</span>}
          </p>
          <div className="row">
            <button type="button" className="button button--primary" disabled={playable.length === 0} onClick={() => player.playList(playable, 0)}>
              <span aria-hidden="true">▶</span> Play all
            </button>
            {owner && !editing && <button type="button" className="button" onClick={() => setEditing(true)}>Edit details</button>}
          </div>
        </div>
      </header>

      {owner && editing && <DetailsForm playlist={p} onDone={() => setEditing(false)} />}

      <section className="section" aria-labelledby="songs-heading">
        <div className="section__head">
          <h2 id="songs-heading">Songs</h2>
          {canEdit && items.length > 1 && <p className="muted playlist__hint">Drag a song by its handle, or use its ↑ ↓ buttons (Alt+↑/↓ on a focused row).</p>}
        </div>
        <ErrorAlert error={writeError} />
        <p className="visually-hidden" role="status" aria-live="polite">{announcement}</p>
        {items.length === 0 && <p className="empty">No songs yet. Add them from any song’s ⋯ menu.</p>}
        {items.length > 0 && (
          <ol className="playlist-items" aria-label={`Songs in ${p.name}`}>
            {items.map((item, index) => {
              const label = item.available ? item.title ?? 'Untitled' : 'Unavailable song';
              const playIndex = available.indexOf(item);
              return (
                <li key={item.itemId} ref={(el) => { if (el) rowRefs.current.set(item.itemId, el); else rowRefs.current.delete(item.itemId); }}
                  className={`playlist-row${item.available ? '' : ' playlist-row--unavailable'}${over === index && dragging !== null ? ' playlist-row--over' : ''}${dragging === index ? ' playlist-row--dragging' : ''}${now.trackId === item.trackId && now.playing ? ' playlist-row--playing' : ''}`}
                  draggable={canEdit} onKeyDown={(e) => onRowKey(e, index)}
                  onDragStart={(e) => { setDragging(index); e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', item.itemId); }}
                  onDragOver={(e) => { if (dragging !== null) { e.preventDefault(); setOver(index); } }}
                  onDragEnd={() => { setDragging(null); setOver(null); }}
                  onDrop={(e) => onDrop(e, index)}>
                  {canEdit && (
                    <button type="button" className="playlist-row__handle" data-focus="handle"
                      aria-label={`Reorder ${label}, position ${index + 1} of ${items.length}`}
                      aria-describedby="reorder-help">
                      <span aria-hidden="true">⠿</span>
                    </button>
                  )}
                  <span className="playlist-row__index" aria-hidden="true">{index + 1}</span>
                  <Cover src={item.available ? item.coverUrl : null} seed={item.trackId} size="sm" />
                  <div className="playlist-row__text">
                    {item.available ? <Link className="playlist-row__title" to={`/songs/${item.trackId}`}>{label}</Link>
                      : <span className="playlist-row__title">{label}</span>}
                    <p className="playlist-row__meta">
                      {item.available ? (
                        <>
                          {item.artistName && <span>{item.artistHandle ? <Link to={`/u/${item.artistHandle}`}>{item.artistName}</Link> : item.artistName}</span>}
                          {item.durationMs ? <span>{formatDuration(item.durationMs)}</span> : null}
                        </>
                      ) : <span>Deleted or made private by its artist</span>}
                    </p>
                  </div>
                  <div className="playlist-row__actions">
                    {item.available && (
                      <button type="button" className="icon-button" aria-label={`Play ${label}`} onClick={() => player.playList(playable, playIndex)}>
                        <span aria-hidden="true">▶</span>
                      </button>
                    )}
                    {canEdit && (
                      <>
                        <button type="button" className="icon-button" data-focus="up" aria-label={`Move ${label} up`} disabled={index === 0}
                          onClick={() => move(index, index - 1, 'up')}><span aria-hidden="true">↑</span></button>
                        <button type="button" className="icon-button" data-focus="down" aria-label={`Move ${label} down`} disabled={index === items.length - 1}
                          onClick={() => move(index, index + 1, 'down')}><span aria-hidden="true">↓</span></button>
                        <button type="button" className="icon-button" aria-label={`Remove ${label} from the playlist`} onClick={() => remove(index)}>
                          <span aria-hidden="true">✕</span>
                        </button>
                      </>
                    )}
                    {item.available && <SongMenu track={toPlayable(item)} />}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
        <p id="reorder-help" className="visually-hidden">Alt plus arrow up or down moves the song.</p>
      </section>

      {owner && <Collaborators playlist={p} />}
    </article>
  );
}

function DetailsForm({ playlist: p, onDone }: { playlist: Playlist; onDone: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(p.name);
  const [description, setDescription] = useState(p.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(p.visibility);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const save = useMutation({
    mutationFn: () => playlists.change(p.id, { name: name.trim(), description: description.trim() || null, visibility }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['playlist', p.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['my-playlists'] });
      onDone();
    },
  });
  const del = useMutation({
    mutationFn: () => playlists.remove(p.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['my-playlists'] });
      navigate('/playlists');
    },
  });
  const errors = save.error instanceof ApiError ? save.error.fieldErrors() : {};
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    save.mutate();
  }
  return (
    <section className="panel section" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <form onSubmit={onSubmit} noValidate>
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required error={errors.name} />
        <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={3} error={errors.description} />
        <SelectField label="Who can see it" value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)} hint={VISIBILITY[visibility].hint} error={errors.visibility}>
          {(Object.keys(VISIBILITY) as Visibility[]).map((v) => <option key={v} value={v}>{VISIBILITY[v].label}</option>)}
        </SelectField>
        {save.error && !Object.keys(errors).length && <ErrorAlert error={save.error} />}
        <div className="row">
          <button type="submit" className="button button--primary" disabled={!name.trim() || save.isPending}>Save</button>
          <button type="button" className="button" onClick={onDone}>Cancel</button>
          <button type="button" className="button button--danger" disabled={del.isPending}
            onClick={() => (confirmDelete ? del.mutate() : setConfirmDelete(true))}>
            {confirmDelete ? 'Really delete it' : 'Delete playlist'}
          </button>
        </div>
        <ErrorAlert error={del.error} />
      </form>
    </section>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function Collaborators({ playlist: p }: { playlist: Playlist }) {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState('');
  const [formError, setFormError] = useState('');
  const profiles = useQueries({
    queries: p.collaborators.map((id) => ({ queryKey: ['user', id], queryFn: () => users.byId(id), staleTime: 300_000 })),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['playlist', p.id] });
  const invite = useMutation({
    mutationFn: (id: string) => playlists.invite(p.id, id),
    onSuccess: () => { setUserId(''); void refresh(); },
  });
  const uninvite = useMutation({ mutationFn: (id: string) => playlists.uninvite(p.id, id), onSuccess: () => void refresh() });
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const id = userId.trim();
    if (!UUID.test(id)) {
      setFormError('A user id looks like 1b4e28ba-2fa1-11d2-883f-0016d3cca427 (shown on their profile page).');
      return;
    }
    setFormError('');
    invite.mutate(id);
  }
  return (
    <section className="panel section" aria-labelledby="collab-heading">
      <h2 id="collab-heading">Collaborators</h2>
      <p className="muted">Collaborators add, move and remove songs; only you rename, change who can see it or delete it.</p>
      {p.collaborators.length > 0 && (
        <ul className="user-list">
          {p.collaborators.map((id, i) => {
            const name = profiles[i]?.data?.displayName ?? id;
            return (
              <li key={id} className="user-row">
                <div className="user-row__text">
                  {profiles[i]?.data ? <Link className="user-row__name" to={`/u/${profiles[i].data!.handle}`}>{name}</Link> : <span className="user-row__name">{name}</span>}
                </div>
                <button type="button" className="button button--sm" onClick={() => uninvite.mutate(id)} disabled={uninvite.isPending}>
                  Remove <span className="visually-hidden">{name}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <form onSubmit={onSubmit} className="invite-form" noValidate>
        <TextField label="Invite by user id" value={userId} onChange={(e) => setUserId(e.target.value)} autoComplete="off" spellCheck={false}
          error={formError || (invite.error ? messageOf(invite.error) : undefined)} />
        <button type="submit" className="button" disabled={!userId.trim() || invite.isPending}>Invite</button>
      </form>
      <ErrorAlert error={uninvite.error} />
    </section>
  );
}
