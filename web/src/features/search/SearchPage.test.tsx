import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { SearchPage } from './SearchPage';
import { json, mockFetch, renderRoutes } from '@/test/utils';

afterEach(() => vi.unstubAllGlobals());

test('tabs per kind with counts, genre facets that filter songs, highlights as marks never as HTML', async () => {
  const fetch = mockFetch({
    'GET /api/tracks/genres': () => json(200, { items: [{ id: 'k-pop', name: 'K-pop' }, { id: 'jazz', name: 'Jazz' }] }),
    'GET /api/search': (url) => {
      const p = new URL(url, 'http://x').searchParams;
      const type = p.get('type');
      if (type === 'all') return json(200, { query: '사랑', type: 'all', items: [], facets: { type: { track: 12, artist: 2, playlist: 1 }, genre: {} } });
      if (type === 'artist') {
        return json(200, { query: '사랑', type, items: [{ type: 'artist', id: 'u-1', title: '사랑꾼', subtitle: '@lover', highlight: '<em>사랑</em>꾼', followers: 1200 }], facets: {} });
      }
      const genre = p.get('genre');
      return json(200, {
        query: '사랑', type,
        items: [{ type: 'track', id: genre ? 't-jazz' : 't-1', title: genre ? '재즈 사랑' : '첫 사랑 <b>', subtitle: 'Mina', highlight: genre ? '재즈 <em>사랑</em>' : '첫 <em>사랑</em> &lt;b&gt;', genre: genre ?? 'k-pop', plays: 3, durationMs: 200000 }],
        facets: { genre: { 'k-pop': 10, jazz: 2 } },
      });
    },
  });
  const { router } = renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=%EC%82%AC%EB%9E%91');
  expect(await screen.findByRole('heading', { name: 'Results for “사랑”' })).toBeInTheDocument();
  const songLink = await screen.findByRole('link', { name: '첫 사랑 <b>' });
  expect(songLink.querySelector('mark')).toHaveTextContent('사랑');
  expect(songLink.querySelector('b')).toBeNull();
  expect(await screen.findByRole('tab', { name: 'Songs 12' })).toHaveAttribute('aria-selected', 'true');

  const user = userEvent.setup();
  const facets = screen.getByRole('group', { name: 'Genre' });
  await user.click(await within(facets).findByRole('button', { name: 'Jazz 2' }));
  expect(await screen.findByRole('link', { name: '재즈 사랑' })).toBeInTheDocument();
  await waitFor(() => expect(within(screen.getByRole('group', { name: 'Genre' })).getByRole('button', { name: 'Jazz 2' })).toHaveAttribute('aria-pressed', 'true'));
  expect(new URLSearchParams(router.state.location.search).get('genre')).toBe('jazz');
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/search?q=%EC%82%AC%EB%9E%91&type=track&genre=jazz&limit=20');

  await user.click(screen.getByRole('tab', { name: 'Artists 2' }));
  const artist = await screen.findByRole('link', { name: '사랑꾼' });
  expect(artist).toHaveAttribute('href', '/u/lover');
  expect(screen.getByText('1.2k followers')).toBeInTheDocument();
  await waitFor(() => expect(new URLSearchParams(router.state.location.search).get('genre')).toBeNull());
  expect(screen.queryByRole('group', { name: 'Genre' })).toBeNull();
});

test('nothing found says so', async () => {
  mockFetch({
    'GET /api/tracks/genres': () => json(200, { items: [] }),
    'GET /api/search': () => json(200, { query: 'zzz', type: 'track', items: [], facets: {} }),
  });
  renderRoutes([{ path: '/search', element: <SearchPage /> }], '/search?q=zzz');
  expect(await screen.findByText(/Nothing found for “zzz”/)).toBeInTheDocument();
});
