import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { SearchBox, SUGGEST_DEBOUNCE_MS } from './SearchBox';
import { json, mockFetch, renderRoutes } from '@/test/utils';

afterEach(() => vi.unstubAllGlobals());

const suggestions = (q: string) => ({
  query: q,
  items: [
    { type: 'track', id: 't-1', text: `${q} 노래`, subtitle: 'Mina' },
    { type: 'artist', id: 'u-1', text: 'Mina', subtitle: '@mina' },
    { type: 'playlist', id: 'p-1', text: `${q} mix`, subtitle: 'Jun' },
  ],
});

function setup() {
  const calls: { q: string; signal?: AbortSignal | null }[] = [];
  const fetch = mockFetch({
    'GET /api/search/suggest': (url, init) => {
      const q = new URL(url, 'http://x').searchParams.get('q')!;
      calls.push({ q, signal: init.signal });
      return json(200, suggestions(q));
    },
  });
  const view = renderRoutes([
    { path: '*', element: <SearchBox /> },
  ], '/');
  const input = screen.getByRole('combobox', { name: 'Search songs, artists and playlists' });
  return { fetch, calls, input, ...view };
}

const sleep = (ms: number) => act(() => new Promise((r) => setTimeout(r, ms)));

test('keystrokes in quick succession ask once, for the whole text, after the quiet time', async () => {
  const { calls, input } = setup();
  fireEvent.change(input, { target: { value: 'l' } });
  fireEvent.change(input, { target: { value: 'lo' } });
  fireEvent.change(input, { target: { value: 'lov' } });
  expect(calls).toHaveLength(0);
  await screen.findByRole('option', { name: /lov 노래/ });
  await sleep(SUGGEST_DEBOUNCE_MS * 2);
  expect(calls.map((c) => c.q)).toEqual(['lov']);
  expect(input).toHaveAttribute('aria-expanded', 'true');
  expect(screen.getByRole('listbox', { name: 'Suggestions' })).toBeVisible();
});

test('a newer query aborts the request still in flight, and its late answer is ignored', async () => {
  let releaseFirst: (r: Response) => void = () => {};
  const signals: AbortSignal[] = [];
  mockFetch({
    'GET /api/search/suggest': (url, init) => {
      const q = new URL(url, 'http://x').searchParams.get('q')!;
      signals.push(init.signal!);
      if (q === 'slow') return new Promise<Response>((r) => { releaseFirst = r; });
      return json(200, suggestions(q));
    },
  });
  renderRoutes([{ path: '*', element: <SearchBox /> }], '/');
  const input = screen.getByRole('combobox', { name: /search songs/i });
  fireEvent.change(input, { target: { value: 'slow' } });
  await waitFor(() => expect(signals).toHaveLength(1));
  fireEvent.change(input, { target: { value: 'fast' } });
  await screen.findByRole('option', { name: /fast 노래/ });
  expect(signals[0].aborted).toBe(true);
  expect(signals[1].aborted).toBe(false);
  releaseFirst(json(200, suggestions('slow')));
  await sleep(50);
  expect(screen.queryByRole('option', { name: /slow/ })).toBeNull();
});

test('no request while an IME composes a Hangul syllable; one when the composition ends', async () => {
  const { calls, input } = setup();
  fireEvent.compositionStart(input);
  for (const v of ['ㅅ', '사', '사ㄹ', '사라', '사랑']) fireEvent.change(input, { target: { value: v } });
  await sleep(SUGGEST_DEBOUNCE_MS * 3);
  expect(calls).toHaveLength(0);
  // Enter that commits the syllable belongs to the IME: it neither opens a suggestion nor searches.
  fireEvent.keyDown(input, { key: 'Enter', keyCode: 229 });
  fireEvent.compositionEnd(input, { data: '사랑' });
  await screen.findByRole('option', { name: /사랑 노래/ });
  expect(calls.map((c) => c.q)).toEqual(['사랑']);
});

test('arrows move through the suggestions, Enter opens the active one, Escape closes then clears', async () => {
  const { input, router } = setup();
  const user = userEvent.setup();
  await user.type(input, 'mi');
  await screen.findByRole('option', { name: /^Artist Mina/ });
  await user.keyboard('{ArrowDown}');
  const options = screen.getAllByRole('option');
  expect(options[0]).toHaveAttribute('aria-selected', 'true');
  expect(input).toHaveAttribute('aria-activedescendant', options[0].id);
  await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
  expect(options[0]).toHaveAttribute('aria-selected', 'true'); // wrapped around
  await user.keyboard('{ArrowUp}');
  expect(options[2]).toHaveAttribute('aria-selected', 'true');
  await user.keyboard('{ArrowUp}');
  expect(input).toHaveAttribute('aria-activedescendant', options[1].id);
  await user.keyboard('{Enter}');
  await waitFor(() => expect(router.state.location.pathname).toBe('/u/mina'));

  await user.type(input, 'ab');
  await screen.findByRole('option', { name: /ab 노래/ });
  await user.keyboard('{Escape}');
  expect(input).toHaveAttribute('aria-expanded', 'false');
  expect(input).toHaveValue('ab');
  await user.keyboard('{Escape}');
  expect(input).toHaveValue('');
});

test('Enter without a chosen suggestion opens the results page; a click opens a suggestion', async () => {
  const { input, router } = setup();
  const user = userEvent.setup();
  await user.type(input, '봄 노래');
  await screen.findByRole('option', { name: /봄 노래 노래/ });
  await user.keyboard('{Enter}');
  await waitFor(() => expect(router.state.location.pathname).toBe('/search'));
  expect(new URLSearchParams(router.state.location.search).get('q')).toBe('봄 노래');

  await user.clear(input);
  await user.type(input, 'x');
  await user.click(await screen.findByRole('option', { name: /x mix/ }));
  await waitFor(() => expect(router.state.location.pathname).toBe('/playlists/p-1'));
});
