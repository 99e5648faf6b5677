import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useId, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { playlists } from '@/lib/api/social';
import { messageOf } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/useSession';
import { usePlayerBridge, type PlayableTrack } from '@/lib/player-bridge';
import { useDismiss } from './useDismiss';
import './social.css';

/**
 * A song's "more" menu, on every song card and page: play next, add to queue, add to one of your playlists or to a
 * new one. A disclosure (button + panel of buttons) rather than an ARIA menu: it holds a text field, which a menu
 * may not. Escape or a click outside closes it and gives focus back to its button.
 */
export function SongMenu({ track, className = '' }: { track: PlayableTrack; className?: string }) {
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState('');
  const [name, setName] = useState('');
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const session = useSession();
  const signedIn = session.status === 'signed-in';
  const player = usePlayerBridge();
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: ['my-playlists'], queryFn: () => playlists.mine(), enabled: open && signedIn });
  const writable = (mine.data?.items ?? []).filter((p) => p.role === 'OWNER' || p.role === 'COLLABORATOR');

  const added = (playlistId: string, listName: string) => {
    setDone(`Added to ${listName}`);
    void queryClient.invalidateQueries({ queryKey: ['playlist', playlistId] });
    void queryClient.invalidateQueries({ queryKey: ['my-playlists'] });
  };
  const add = useMutation({
    mutationFn: (p: { id: string; name: string }) => playlists.addItem(p.id, track.id),
    onSuccess: (_, p) => added(p.id, p.name),
  });
  const create = useMutation({
    mutationFn: async (listName: string) => {
      const p = await playlists.create({ name: listName, visibility: 'PUBLIC' });
      await playlists.addItem(p.id, track.id);
      return p;
    },
    onSuccess: (p) => {
      setName('');
      added(p.id, p.name);
    },
  });

  const dismiss = useCallback(() => setOpen(false), []);
  useDismiss(open, dismiss, root, button);

  function close() {
    setOpen(false);
    button.current?.focus();
  }
  function onCreate(e: FormEvent) {
    e.preventDefault();
    if (name.trim()) create.mutate(name.trim());
  }
  const error = add.error ?? create.error;

  return (
    <div className={`song-menu ${className}`} ref={root}>
      <button ref={button} type="button" className="song-menu__toggle" aria-expanded={open} aria-controls={open ? `${id}-panel` : undefined}
        aria-label={`More for ${track.title}`} onClick={() => { setDone(''); setOpen((o) => !o); }}>
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div className="song-menu__panel" id={`${id}-panel`} role="group" aria-label={`Actions for ${track.title}`}>
          <button type="button" className="song-menu__item" onClick={() => { player.playNext(track); close(); }}>Play next</button>
          <button type="button" className="song-menu__item" onClick={() => { player.enqueue(track); close(); }}>Add to queue</button>
          {signedIn ? (
            <>
              <p className="song-menu__heading" id={`${id}-lists`}>Add to playlist</p>
              <ul className="song-menu__lists" aria-labelledby={`${id}-lists`}>
                {mine.isPending && <li className="muted">Loading your playlists…</li>}
                {writable.map((p) => (
                  <li key={p.id}>
                    <button type="button" className="song-menu__item" disabled={add.isPending}
                      onClick={() => add.mutate({ id: p.id, name: p.name })}>
                      <span className="visually-hidden">Add to</span> {p.name}
                    </button>
                  </li>
                ))}
              </ul>
              <form className="song-menu__new" onSubmit={onCreate}>
                <label htmlFor={`${id}-new`} className="visually-hidden">New playlist name</label>
                <input id={`${id}-new`} value={name} onChange={(e) => setName(e.target.value)} placeholder="New playlist" maxLength={100} />
                <button type="submit" className="button" disabled={!name.trim() || create.isPending}>Create</button>
              </form>
            </>
          ) : (
            <Link className="song-menu__item" to="/login">Log in to make playlists</Link>
          )}
          <p role="status" className="song-menu__status">{done}</p>
          {error && <p role="alert" className="field__error">{messageOf(error)}</p>}
        </div>
      )}
    </div>
  );
}
