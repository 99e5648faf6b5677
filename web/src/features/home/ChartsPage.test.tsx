import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { ChartsPage } from './ChartsPage';
import { json, mockFetch, renderRoutes } from '@/test/utils';

afterEach(() => vi.unstubAllGlobals());

test('the charts page: tabs per window, the genre in the address so it can be shared', async () => {
  const fetch = mockFetch({
    'GET /api/tracks/genres': () => json(200, { items: [{ id: 'jazz', name: 'Jazz' }] }),
    'GET /api/charts/': (url) => {
      const u = new URL(url, 'http://x');
      const window = u.pathname.split('/').pop();
      return json(200, { window, items: [{ rank: 1, plays: 5, trackId: `${window}-1`, ownerId: 'a', title: `Top ${window}${u.searchParams.get('genre') ? ' jazz' : ''}` }] });
    },
    'GET /api/users/a': () => json(200, { id: 'a', handle: 'a', displayName: 'Ari', role: 'ARTIST', createdAt: '' }),
  });
  const { router } = renderRoutes([{ path: '/charts', element: <ChartsPage /> }], '/charts?genre=jazz');
  expect(await screen.findByRole('heading', { level: 1, name: 'Charts: Jazz' })).toBeInTheDocument();
  expect(await screen.findByRole('link', { name: 'Top 24h jazz' })).toBeInTheDocument();
  const user = userEvent.setup();
  await user.click(screen.getByRole('tab', { name: 'All time' }));
  expect(await screen.findByRole('link', { name: 'Top all jazz' })).toBeInTheDocument();
  await user.selectOptions(screen.getByLabelText('Genre'), '');
  expect(await screen.findByRole('link', { name: 'Top all' })).toBeInTheDocument();
  expect(router.state.location.search).toBe('');
  await waitFor(() => expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/charts/all?limit=50&genre=jazz'));
  expect(await screen.findByText('Ari')).toBeInTheDocument();
});
