import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { auth } from '@/lib/api/endpoints';
import { TextField } from '@/components/Field';
import { Alert, ErrorAlert } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useProblemForm } from './useProblemForm';

/** The reset mail's link lands here: /reset-password?token=… */
export function ResetPasswordPage() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const [token] = useState(() => {
    const t = params.get('token');
    if (t) window.history.replaceState(null, '', '/reset-password');
    return t;
  });
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useProblemForm();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!token) return;
    await form.run(async () => {
      await auth.resetPassword(token, password);
      setDone(true);
    });
  }

  return (
    <section className="auth-card">
      <h1>Choose a new password</h1>
      {!token && <Alert>This link has no token. <Link to="/forgot-password">Ask for a new link</Link>.</Alert>}
      {done ? (
        <>
          <Alert kind="success">Your password is changed, and every device was logged out.</Alert>
          <p><Link className="button button--primary" to="/login">Log in</Link></p>
        </>
      ) : token && (
        <form onSubmit={submit} noValidate>
          <TextField label="New password" name="newPassword" type="password" autoComplete="new-password" required
            minLength={10} hint="10 characters or more." value={password} onChange={(e) => setPassword(e.target.value)}
            error={form.fieldErrors.newPassword ?? form.fieldErrors.password} />
          <ErrorAlert error={form.error} />
          <button className="button button--primary" type="submit" disabled={form.busy}>Save the new password</button>
        </form>
      )}
    </section>
  );
}
