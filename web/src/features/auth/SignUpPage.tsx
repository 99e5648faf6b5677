import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { auth } from '@/lib/api/endpoints';
import { TextField } from '@/components/Field';
import { Alert, ErrorAlert } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { ApiError } from '@/lib/api/problem';
import { useProblemForm } from './useProblemForm';

export function SignUpPage() {
  useDocumentTitle('Sign up');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  const form = useProblemForm();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const ok = await form.run(() => auth.signUp({ email, password, displayName }));
    if (ok) setDone(true);
  }

  if (done) {
    return (
      <section className="auth-card">
        <h1>Check your mail</h1>
        <Alert kind="success">We sent a link to <strong>{email}</strong>. Open it to verify your email; then you can upload songs.</Alert>
        <p><Link className="button" to="/login">Log in</Link></p>
      </section>
    );
  }

  const taken = form.error instanceof ApiError && form.error.status === 409;
  return (
    <section className="auth-card">
      <h1>Create your account</h1>
      <form onSubmit={submit} noValidate>
        <TextField label="Display name" name="displayName" autoComplete="nickname" required maxLength={50}
          value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={form.fieldErrors.displayName} />
        <TextField label="Email" name="email" type="email" autoComplete="email" required
          value={email} onChange={(e) => setEmail(e.target.value)} error={form.fieldErrors.email} />
        <TextField label="Password" name="password" type="password" autoComplete="new-password" required minLength={10}
          hint="10 characters or more; a phrase is easiest." value={password}
          onChange={(e) => setPassword(e.target.value)} error={form.fieldErrors.password} />
        {taken ? (
          <Alert>That email already has an account. <Link to="/login">Log in</Link> or <Link to="/forgot-password">reset the password</Link>.</Alert>
        ) : (
          <ErrorAlert error={form.error} />
        )}
        <button className="button button--primary" type="submit" disabled={form.busy}>{form.busy ? 'Creating…' : 'Sign up'}</button>
      </form>
      <p className="auth-card__alt">Already have an account? <Link to="/login">Log in</Link></p>
    </section>
  );
}
