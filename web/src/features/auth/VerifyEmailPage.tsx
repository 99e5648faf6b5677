import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { auth } from '@/lib/api/endpoints';
import { refresh } from '@/lib/auth/session';
import { Alert, ErrorAlert, Spinner } from '@/components/Alert';
import { TextField } from '@/components/Field';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { useProblemForm } from './useProblemForm';

/** The verification mail's link lands here: /verify-email?token=… */
export function VerifyEmailPage() {
  useDocumentTitle('Verify email');
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token ? 'working' : 'failed');
  const [error, setError] = useState<unknown>(null);
  const started = useRef(false);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const resend = useProblemForm();

  useEffect(() => {
    if (!token || started.current) return;
    started.current = true;
    // The token must not linger in the address bar or history.
    window.history.replaceState(null, '', '/verify-email');
    auth.verifyEmail(token)
      .then(async () => {
        setState('done');
        // A session's token says email_verified=false until it is refreshed.
        await refresh().catch(() => null);
      })
      .catch((e) => {
        setError(e);
        setState('failed');
      });
  }, [token]);

  async function again(e: FormEvent) {
    e.preventDefault();
    const ok = await resend.run(() => auth.resendVerification(email));
    if (ok !== undefined || !resend.error) setSent(true);
  }

  return (
    <section className="auth-card">
      <h1>Verify your email</h1>
      {state === 'working' && <Spinner label="Verifying" />}
      {state === 'done' && (
        <>
          <Alert kind="success">Your email is verified. You can upload songs now.</Alert>
          <p><Link className="button button--primary" to="/upload">Upload a song</Link> <Link className="button" to="/login">Log in</Link></p>
        </>
      )}
      {state === 'failed' && (
        <>
          {token ? <ErrorAlert error={error} /> : <Alert>This link has no token. Open the link from the mail again.</Alert>}
          <form onSubmit={again} noValidate>
            <p>Send a new link:</p>
            <TextField label="Email" type="email" autoComplete="email" value={email}
              onChange={(e) => setEmail(e.target.value)} error={resend.fieldErrors.email} />
            <ErrorAlert error={resend.error} />
            {sent && !resend.error && <Alert kind="success">If that address has an account, a new link is on its way.</Alert>}
            <button className="button" type="submit" disabled={resend.busy}>Send the link again</button>
          </form>
        </>
      )}
    </section>
  );
}
