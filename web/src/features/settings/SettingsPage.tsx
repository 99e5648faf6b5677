import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { auth, users } from '@/lib/api/endpoints';
import { ApiError } from '@/lib/api/problem';
import { clearSession } from '@/lib/auth/session';
import { Alert, ErrorAlert, Spinner } from '@/components/Alert';
import { TextArea, TextField } from '@/components/Field';
import { useDocumentTitle } from '@/components/useDocumentTitle';

function useFieldErrors(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}

export function SettingsPage() {
  useDocumentTitle('Settings');
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: ['me'], queryFn: users.me });
  const [displayName, setDisplayName] = useState('');
  const [bio, setBio] = useState('');
  useEffect(() => {
    if (me.data) {
      setDisplayName(me.data.displayName);
      setBio(me.data.bio ?? '');
    }
  }, [me.data]);

  const saveProfile = useMutation({
    mutationFn: () => users.update({ displayName, bio: bio.trim() ? bio : null }),
    onSuccess: (p) => queryClient.setQueryData(['me'], p),
  });
  const avatar = useMutation({
    mutationFn: (file: File) => users.setAvatar(file),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const password = useMutation({ mutationFn: () => auth.changePassword(current, next), onSuccess: () => { setCurrent(''); setNext(''); } });
  const everywhere = useMutation({ mutationFn: auth.logoutAll, onSuccess: () => leave() });
  const logout = useMutation({ mutationFn: auth.logout, onSettled: () => leave() });
  const [deletePassword, setDeletePassword] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const remove = useMutation({ mutationFn: () => auth.deleteAccount(deletePassword), onSuccess: () => leave() });

  function leave() {
    clearSession();
    queryClient.clear();
    navigate('/', { replace: true });
  }

  const profileErrors = useFieldErrors(saveProfile.error);
  const passwordErrors = useFieldErrors(password.error);
  const deleteErrors = useFieldErrors(remove.error);

  return (
    <div className="page page--narrow settings">
      <h1>Settings</h1>
      <section className="panel" aria-labelledby="s-profile">
        <h2 id="s-profile">Profile</h2>
        {me.isPending && <Spinner label="Loading your profile" />}
        <ErrorAlert error={me.error} />
        {me.data && (
          <>
            <div className="row avatar-row">
              {me.data.avatarUrl ? <img className="avatar avatar--lg" src={`${me.data.avatarUrl}?size=256`} alt="Your avatar" />
                : <span className="avatar avatar--lg avatar--initial" aria-hidden="true">{me.data.displayName.slice(0, 1).toUpperCase()}</span>}
              <div className="field">
                <label htmlFor="avatar-file">Avatar (JPEG, PNG or WebP, up to 5 MB)</label>
                <input id="avatar-file" type="file" accept="image/jpeg,image/png,image/webp"
                  onChange={(e) => { const f = e.target.files?.[0]; if (f) avatar.mutate(f); }} />
              </div>
            </div>
            <ErrorAlert error={avatar.error} />
            <form onSubmit={(e: FormEvent) => { e.preventDefault(); saveProfile.mutate(); }} noValidate>
              <TextField label="Display name" maxLength={50} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={profileErrors.displayName} />
              <TextArea label="Bio" rows={2} maxLength={160} hint="One line, up to 160 characters." value={bio} onChange={(e) => setBio(e.target.value)} error={profileErrors.bio} />
              {saveProfile.error && Object.keys(profileErrors).length === 0 && <ErrorAlert error={saveProfile.error} />}
              {saveProfile.isSuccess && <Alert kind="success">Saved.</Alert>}
              <button className="button button--primary" type="submit" disabled={saveProfile.isPending}>Save profile</button>
            </form>
            <p className="muted">Signed in as {me.data.email}{me.data.emailVerified ? '' : ' (not verified yet)'}</p>
          </>
        )}
      </section>

      <section className="panel" aria-labelledby="s-password">
        <h2 id="s-password">Password</h2>
        <form onSubmit={(e: FormEvent) => { e.preventDefault(); password.mutate(); }} noValidate>
          <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={passwordErrors.currentPassword} />
          <TextField label="New password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={passwordErrors.newPassword} hint="10 characters or more. Your other devices are logged out." />
          {password.error && Object.keys(passwordErrors).length === 0 && <ErrorAlert error={password.error} />}
          {password.isSuccess && <Alert kind="success">Password changed; your other devices were logged out.</Alert>}
          <button className="button" type="submit" disabled={password.isPending}>Change password</button>
        </form>
      </section>

      <section className="panel" aria-labelledby="s-sessions">
        <h2 id="s-sessions">Sessions</h2>
        <div className="row">
          <button type="button" className="button" onClick={() => logout.mutate()} disabled={logout.isPending}>Log out</button>
          <button type="button" className="button" onClick={() => everywhere.mutate()} disabled={everywhere.isPending}>Log out everywhere</button>
        </div>
        <ErrorAlert error={everywhere.error} />
      </section>

      <section className="panel panel--danger" aria-labelledby="s-delete">
        <h2 id="s-delete">Delete account</h2>
        <p>Your profile, songs, likes and sessions are removed. This cannot be undone.</p>
        {!confirmDelete ? (
          <button type="button" className="button button--danger" onClick={() => setConfirmDelete(true)}>Delete my account…</button>
        ) : (
          <form onSubmit={(e: FormEvent) => { e.preventDefault(); remove.mutate(); }} noValidate>
            <TextField label="Your password, to confirm" type="password" autoComplete="current-password" value={deletePassword}
              onChange={(e) => setDeletePassword(e.target.value)} error={deleteErrors.password} />
            {remove.error && Object.keys(deleteErrors).length === 0 && <ErrorAlert error={remove.error} />}
            <div className="row">
              <button type="submit" className="button button--danger" disabled={remove.isPending}>Delete for good</button>
              <button type="button" className="button" onClick={() => setConfirmDelete(false)}>Keep my account</button>
            </div>
          </form>
        )}
      </section>
    </div>
  );
}
