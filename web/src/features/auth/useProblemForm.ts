import { useState } from 'react';
import { ApiError } from '@/lib/api/problem';

/** A form's submit state: field errors from the server's problem, or a general error, and busy. */
export function useProblemForm() {
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setFieldErrors({});
    try {
      return await action();
    } catch (e) {
      const fields = e instanceof ApiError ? e.fieldErrors() : {};
      setFieldErrors(fields);
      // The general message too, unless every word of it is already next to a field.
      if (Object.keys(fields).length === 0 || !(e instanceof ApiError) || e.status !== 400) setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { busy, fieldErrors, error, run, setError };
}
