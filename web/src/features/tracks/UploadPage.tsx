import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Link } from 'react-router';
import { tracks } from '@/lib/api/endpoints';
import { readEventStream, uploadWithProgress } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import type { Progress, UploadAccepted, Visibility } from '@/lib/api/types';
import { useSession } from '@/lib/auth/useSession';
import { formatBytes } from '@/lib/format';
import { Alert, ErrorAlert } from '@/components/Alert';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { UploadProgressView, type UploadPhase } from './UploadProgressView';

const AUDIO = '.mp3,.wav,.flac,.ogg,.opus,.m4a,.aac,audio/*';

export function UploadPage() {
  useDocumentTitle('Upload');
  const session = useSession();
  const queryClient = useQueryClient();
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const [file, setFile] = useState<File | null>(null);
  const [cover, setCover] = useState<File | null>(null);
  const [coverPreview, setCoverPreview] = useState<string | null>(null);
  const [title, setTitle] = useState('');
  const [genre, setGenre] = useState('');
  const [tags, setTags] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('PUBLIC');
  const [dragging, setDragging] = useState(false);
  const [phase, setPhase] = useState<UploadPhase>({ kind: 'idle' });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => () => abort.current?.abort(), []);
  useEffect(() => {
    if (!cover) return setCoverPreview(null);
    const url = URL.createObjectURL(cover);
    setCoverPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [cover]);

  function pick(f: File | undefined | null) {
    if (!f) return;
    setFile(f);
    if (!title) setTitle(f.name.replace(/\.[^.]+$/, ''));
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    pick(e.dataTransfer.files?.[0]);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!file) {
      setFieldErrors({ file: 'Choose an audio file first.' });
      return;
    }
    setFieldErrors({});
    setError(null);
    const form = new FormData();
    form.append('file', file);
    form.append('genre', genre);
    if (title.trim()) form.append('title', title.trim());
    if (tags.trim()) form.append('tags', tags);
    if (description.trim()) form.append('description', description);
    form.append('visibility', visibility);
    if (cover) form.append('cover', cover);
    abort.current = new AbortController();
    setPhase({ kind: 'uploading', loaded: 0, total: file.size });
    try {
      const accepted = await uploadWithProgress<UploadAccepted>('/api/tracks', form,
        (p) => setPhase({ kind: 'uploading', loaded: p.loaded, total: p.total }), { signal: abort.current.signal });
      setPhase({ kind: 'processing', trackId: accepted.id, stage: 'RECEIVED', percent: 0 });
      await follow(accepted.id, abort.current.signal);
      queryClient.invalidateQueries({ queryKey: ['mine'] });
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      if (err instanceof ApiError) setFieldErrors(err.fieldErrors());
      setError(err);
      setPhase((p) => (p.kind === 'processing' ? p : { kind: 'idle' }));
    }
  }

  async function follow(trackId: string, signal: AbortSignal) {
    let last: Progress | null = null;
    try {
      await readEventStream(`/api/tracks/${trackId}/progress`, (name, data) => {
        if (name !== 'progress') return;
        last = data as Progress;
        const p = last;
        if (p.status === 'READY') setPhase({ kind: 'ready', trackId, title });
        else if (p.status === 'FAILED') setPhase({ kind: 'failed', trackId, reason: p.failureReason ?? 'The song could not be processed.' });
        else setPhase({ kind: 'processing', trackId, stage: p.stage, percent: p.percent });
      }, signal);
    } catch (e) {
      if ((e as Error).name === 'AbortError') throw e;
    }
    // The stream ended without a final state (dropped): ask once.
    if (!last || (last as Progress).status === 'PROCESSING') {
      const t = await tracks.get(trackId);
      if (t.status === 'READY') setPhase({ kind: 'ready', trackId, title: t.title });
      else if (t.status === 'FAILED') setPhase({ kind: 'failed', trackId, reason: t.processing?.failureReason ?? 'The song could not be processed.' });
      else setPhase({ kind: 'processing', trackId, stage: t.processing?.stage ?? 'RECEIVED', percent: t.processing?.percent ?? 0 });
    }
  }

  function reset() {
    setPhase({ kind: 'idle' });
    setFile(null);
    setCover(null);
    setTitle('');
    setTags('');
    setDescription('');
    setError(null);
  }

  const verified = session.user?.emailVerified !== false;
  const busy = phase.kind === 'uploading' || phase.kind === 'processing';

  return (
    <div className="page page--narrow">
      <h1>Upload a song</h1>
      {!verified && <Alert kind="info">Verify your email before uploading: open the link we mailed you. <Link to="/verify-email">Send it again</Link></Alert>}
      {phase.kind !== 'idle' ? (
        <>
          <UploadProgressView phase={phase} fileName={file?.name ?? ''} />
          <ErrorAlert error={error} />
          {(phase.kind === 'ready' || phase.kind === 'failed') && (
            <p className="row">
              {phase.kind === 'ready' && <Link className="button button--primary" to={`/songs/${phase.trackId}`}>{title || 'Open the song'}</Link>}
              <button type="button" className="button" onClick={reset}>Upload another</button>
            </p>
          )}
          {phase.kind === 'uploading' && <button type="button" className="button" onClick={() => abort.current?.abort()}>Cancel</button>}
        </>
      ) : (
        <form onSubmit={submit} noValidate className="upload-form">
          <div className={`dropzone${dragging ? ' dropzone--over' : ''}${fieldErrors.file ? ' dropzone--invalid' : ''}`}
            onDragOver={(e) => { e.preventDefault(); setDragging(true); }} onDragLeave={() => setDragging(false)} onDrop={onDrop}>
            <p className="dropzone__title">{file ? file.name : 'Drop your song here'}</p>
            <p className="dropzone__hint">{file ? formatBytes(file.size) : 'MP3, WAV, FLAC, OGG or M4A, up to 200 MB and 20 minutes'}</p>
            <label className="button" htmlFor="upload-file">{file ? 'Choose another file' : 'Choose a file'}</label>
            <input ref={inputRef} id="upload-file" className="visually-hidden" type="file" accept={AUDIO}
              aria-describedby={fieldErrors.file ? 'upload-file-error' : undefined}
              onChange={(e) => pick(e.target.files?.[0])} />
            {fieldErrors.file && <p className="field__error" id="upload-file-error" role="alert">{fieldErrors.file}</p>}
          </div>
          <TextField label="Title" name="title" maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)}
            hint="Empty: the file's own title tag, or its name." error={fieldErrors.title} />
          <SelectField label="Genre" name="genre" required value={genre} onChange={(e) => setGenre(e.target.value)} error={fieldErrors.genre}>
            <option value="">Choose a genre</option>
            {(genres.data?.items ?? []).map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </SelectField>
          <TextField label="Tags" name="tags" value={tags} onChange={(e) => setTags(e.target.value)}
            hint="Separate with commas; up to 10." error={fieldErrors.tags} />
          <TextArea label="Description" name="description" rows={3} value={description}
            onChange={(e) => setDescription(e.target.value)} error={fieldErrors.description} />
          <SelectField label="Who can listen" name="visibility" value={visibility}
            onChange={(e) => setVisibility(e.target.value as Visibility)} error={fieldErrors.visibility}>
            <option value="PUBLIC">Everyone</option>
            <option value="UNLISTED">Anyone with the link</option>
            <option value="PRIVATE">Only me</option>
          </SelectField>
          <div className="field cover-field">
            <label htmlFor="upload-cover">Cover image</label>
            <div className="row">
              {coverPreview && <img className="cover-field__preview" src={coverPreview} alt="The chosen cover" />}
              <input id="upload-cover" type="file" accept="image/jpeg,image/png,image/webp,image/gif"
                onChange={(e) => setCover(e.target.files?.[0] ?? null)} />
            </div>
            {fieldErrors.cover && <p className="field__error" role="alert">{fieldErrors.cover}</p>}
          </div>
          <ErrorAlert error={error} />
          <button className="button button--primary" type="submit" disabled={busy || !verified}>Upload</button>
        </form>
      )}
    </div>
  );
}
