import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { auth } from '@/lib/api/endpoints';
import { acceptTokens } from '@/lib/auth/session';
import { TextField } from '@/components/Field';
import { Alert, ErrorAlert } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useProblemForm } from './useProblemForm';

/** Only paths inside the app may be returned to (no open redirect). */
export function safeReturnPath(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  useDocumentTitle('Log in');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useProblemForm();
  const expired = params.get('expired') === '1';

  async function submit(e: FormEvent) {
    e.preventDefault();
    const tokens = await form.run(() => auth.login({ email, password }));
    if (tokens) {
      acceptTokens(tokens);
      navigate(safeReturnPath(params.get('next')), { replace: true });
    }
  }

  return (
    <section className="auth-card">
      <h1>Log in</h1>
      {expired && <Alert kind="info">Your session has ended. Log in to continue where you were.</Alert>}
      <form onSubmit={submit} noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="email" required
          value={email} onChange={(e) => setEmail(e.target.value)} error={form.fieldErrors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required
          value={password} onChange={(e) => setPassword(e.target.value)} error={form.fieldErrors.password} />
        <ErrorAlert error={form.error} />
        <button className="button button--primary" type="submit" disabled={form.busy}>{form.busy ? 'Logging in…' : 'Log in'}</button>
      </form>
      <p className="auth-card__alt"><Link to="/forgot-password">Forgot your password?</Link></p>
      <p className="auth-card__alt">New here? <Link to="/signup">Create an account</Link></p>
    </section>
  );
}
