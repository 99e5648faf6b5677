import type { FieldError, Problem } from './types';

/** A failed call: the server's problem details, or one made up for a network failure. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The problem's field errors by field name (the first message per field). */
  fieldErrors(): Record<string, string> {
    return fieldErrorsOf(this.problem.errors);
  }

  /** True when the service behind the gateway is down or unreachable. */
  get unavailable(): boolean {
    return this.status === 503 || this.status === 502 || this.status === 504 || this.status === 0;
  }
}

export function fieldErrorsOf(errors: FieldError[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors ?? []) {
    const key = e.field.replace(/^.*\./, '');
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}

/** Reads a problem from a response body; a non-problem body becomes a generic one. */
export async function problemOf(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      return { ...body, status: body.status ?? response.status };
    } catch {
      /* fall through */
    }
  }
  return { status: response.status, title: response.statusText || `HTTP ${response.status}` };
}

export function problemFromText(status: number, text: string, contentType: string | null): Problem {
  if (contentType?.includes('json')) {
    try {
      const body = JSON.parse(text) as Partial<Problem>;
      return { ...body, status: body.status ?? status };
    } catch {
      /* fall through */
    }
  }
  return { status, title: `HTTP ${status}` };
}

/** What a person reads for an error. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.unavailable) {
      return 'This part of LALALA is not answering right now. Please try again in a moment.';
    }
    return error.problem.detail ?? error.problem.title ?? `Something went wrong (${error.status}).`;
  }
  return error instanceof Error ? error.message : 'Something went wrong.';
}
