import type { ReactNode } from 'react';
import { messageOf } from '@/lib/api/problem';

export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: ReactNode }) {
  return (
    <div className={`alert alert--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A failed call as a person reads it (a service that is down says so). */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return <Alert>{messageOf(error)}</Alert>;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="spinner" role="status" aria-live="polite">
      <span className="spinner__dot" aria-hidden="true" />
      <span className="visually-hidden">{label}</span>
    </div>
  );
}
