import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { UploadPage } from './UploadPage';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

/** Stands in for the browser's XMLHttpRequest: the test drives upload progress and the answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  status = 0;
  responseText = '';
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  private responseType = 'application/json';
  open(method: string, url: string) { this.method = method; this.url = url; }
  setRequestHeader(name: string, value: string) { this.headers[name] = value; }
  getResponseHeader() { return this.responseType; }
  send(body: FormData) { this.body = body; FakeXhr.last = this; }
  abort() { this.onabort?.(); }
  progress(loaded: number, total: number) { this.upload.onprogress?.({ lengthComputable: true, loaded, total }); }
  answer(status: number, body: unknown, type = 'application/json') {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.responseType = type;
    this.onload?.();
  }
}

function sse(events: object[]): Response {
  const text = events.map((e) => `event:progress\ndata:${JSON.stringify(e)}\n\n`).join('');
  return new Response(text, { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

beforeEach(() => {
  clearSession();
  signIn();
  FakeXhr.last = null;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

const genres = () => json(200, { items: [{ id: 'jazz', name: 'Jazz' }] });

async function fillAndSend() {
  const user = userEvent.setup();
  renderRoutes([{ path: '/upload', element: <UploadPage /> }], '/upload');
  await screen.findByRole('option', { name: 'Jazz' });
  const file = new File([new Uint8Array(4096)], 'night-drive.wav', { type: 'audio/wav' });
  await user.upload(screen.getByLabelText('Choose a file'), file);
  expect(screen.getByLabelText('Title')).toHaveValue('night-drive');
  await user.selectOptions(screen.getByLabelText('Genre'), 'jazz');
  await user.type(screen.getByLabelText('Tags'), 'late, drive');
  await user.click(screen.getByRole('button', { name: 'Upload' }));
  return FakeXhr.last!;
}

test('the bar follows the bytes sent, then the stages from the progress stream, until ready', async () => {
  mockFetch({
    'GET /api/tracks/genres': genres,
    'GET /api/tracks/t-9/progress': () => sse([
      { trackId: 't-9', status: 'PROCESSING', stage: 'VALIDATING', percent: 10 },
      { trackId: 't-9', status: 'PROCESSING', stage: 'SEGMENTING', percent: 50 },
      { trackId: 't-9', status: 'READY', stage: 'DONE', percent: 100 },
    ]),
  });
  const xhr = await fillAndSend();
  expect(xhr.method).toBe('POST');
  expect(xhr.url).toBe('/api/tracks');
  expect(xhr.headers.Authorization).toMatch(/^Bearer /);
  expect(xhr.body!.get('genre')).toBe('jazz');
  expect(xhr.body!.get('tags')).toBe('late, drive');
  expect((xhr.body!.get('file') as File).name).toBe('night-drive.wav');

  act(() => xhr.progress(1024, 4096));
  expect(screen.getByRole('progressbar', { name: 'Uploading' })).toHaveAttribute('value', '25');
  act(() => xhr.progress(4096, 4096));
  expect(screen.getByRole('progressbar', { name: 'Uploading' })).toHaveAttribute('value', '100');

  await act(async () => xhr.answer(202, { id: 't-9', status: 'PROCESSING' }));
  expect(await screen.findByText(/Your song is ready/)).toBeInTheDocument();
  expect(screen.getByRole('link', { name: 'night-drive' })).toHaveAttribute('href', '/songs/t-9');
});

test("a failed processing shows the server's reason", async () => {
  mockFetch({
    'GET /api/tracks/genres': genres,
    'GET /api/tracks/t-8/progress': () => sse([
      { trackId: 't-8', status: 'FAILED', stage: 'VALIDATING', percent: 0, failureReason: 'The file is cut off at 0:12.' },
    ]),
  });
  const xhr = await fillAndSend();
  await act(async () => xhr.answer(202, { id: 't-8', status: 'PROCESSING' }));
  expect(await screen.findByText('Processing failed: The file is cut off at 0:12.')).toBeInTheDocument();
});

test('a refused upload puts the problem next to its field and keeps the form', async () => {
  mockFetch({ 'GET /api/tracks/genres': genres });
  const xhr = await fillAndSend();
  await act(async () => xhr.answer(400, {
    type: 'https://lalala.dev/problems/validation', title: 'Invalid', status: 400, detail: 'The request has invalid fields.',
    errors: [{ field: 'tags', message: 'At most 10 tags.' }],
  }, 'application/problem+json'));
  expect(await screen.findByText('At most 10 tags.')).toBeInTheDocument();
  expect(screen.getByLabelText('Tags')).toHaveAttribute('aria-invalid', 'true');
  expect(screen.getByRole('button', { name: 'Upload' })).toBeEnabled();
});
