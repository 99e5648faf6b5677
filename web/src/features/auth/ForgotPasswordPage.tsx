import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { auth } from '@/lib/api/endpoints';
import { TextField } from '@/components/Field';
import { Alert, ErrorAlert } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useProblemForm } from './useProblemForm';

export function ForgotPasswordPage() {
  useDocumentTitle('Forgot password');
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const form = useProblemForm();

  async function submit(e: FormEvent) {
    e.preventDefault();
    await form.run(async () => {
      await auth.requestReset(email);
      setSent(true);
    });
  }

  return (
    <section className="auth-card">
      <h1>Reset your password</h1>
      {sent ? (
        <Alert kind="success">If <strong>{email}</strong> has an account, a link to choose a new password is on its way. It works for an hour.</Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField label="Email" name="email" type="email" autoComplete="email" required
            value={email} onChange={(e) => setEmail(e.target.value)} error={form.fieldErrors.email} />
          <ErrorAlert error={form.error} />
          <button className="button button--primary" type="submit" disabled={form.busy}>Send the link</button>
        </form>
      )}
      <p className="auth-card__alt"><Link to="/login">Back to log in</Link></p>
    </section>
  );
}
