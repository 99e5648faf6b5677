import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { playlists } from '@/lib/api/social';
import { ApiError } from '@/lib/api/problem';
import type { Visibility } from '@/lib/api/types';
import { ErrorAlert, Spinner } from '@/components/Alert';
import { Cover } from '@/components/Cover';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { VISIBILITY } from './reorder';

/** /playlists: your playlists and those you collaborate on, and a form for a new one. */
export function PlaylistsPage() {
  useDocumentTitle('Playlists');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: ['my-playlists'], queryFn: () => playlists.mine() });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('PUBLIC');
  const create = useMutation({
    mutationFn: () => playlists.create({ name: name.trim(), description: description.trim() || undefined, visibility }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: ['my-playlists'] });
      navigate(`/playlists/${p.id}`);
    },
  });
  const fieldErrors = create.error instanceof ApiError ? create.error.fieldErrors() : {};
  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate();
  }
  const items = mine.data?.items ?? [];
  return (
    <div className="page">
      <h1>Playlists</h1>
      <div className="playlists-layout">
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">Yours</h2>
          {mine.isPending && <Spinner label="Loading your playlists" />}
          <ErrorAlert error={mine.error} />
          {mine.data && items.length === 0 && <p className="empty">No playlists yet. Make one here, or from any song’s ⋯ menu.</p>}
          {items.length > 0 && (
            <ul className="track-grid" aria-label="Your playlists">
              {items.map((p) => (
                <li key={p.id} className="track-card">
                  <div className="track-card__art"><Cover src={p.coverUrl} seed={p.id} /></div>
                  <Link className="track-card__title" to={`/playlists/${p.id}`}>{p.name}</Link>
                  <p className="track-card__meta">
                    <span>{p.trackCount} {p.trackCount === 1 ? 'song' : 'songs'}</span>
                    <span>{VISIBILITY[p.visibility].label}</span>
                    {p.role === 'COLLABORATOR' && <span className="badge">collaborating</span>}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="new-playlist-heading">
          <h2 id="new-playlist-heading">New playlist</h2>
          <form onSubmit={onSubmit} noValidate>
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} error={fieldErrors.name} />
            <TextArea label="Description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={3} error={fieldErrors.description} />
            <SelectField label="Who can see it" value={visibility} onChange={(e) => setVisibility(e.target.value as Visibility)}
              hint={VISIBILITY[visibility].hint}>
              {(Object.keys(VISIBILITY) as Visibility[]).map((v) => <option key={v} value={v}>{VISIBILITY[v].label}</option>)}
            </SelectField>
            {create.error && !Object.keys(fieldErrors).length && <ErrorAlert error={create.error} />}
            <button type="submit" className="button button--primary" disabled={!name.trim() || create.isPending}>Create playlist</button>
          </form>
        </section>
      </div>
    </div>
  );
}
