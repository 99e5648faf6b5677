import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { HomePage } from './HomePage';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes } from '@/test/utils';

beforeEach(() => clearSession());
afterEach(() => vi.unstubAllGlobals());

function chart(window: string, genre: string | null, title: string) {
  return { window, genre, items: [{ rank: 1, plays: 42, trackId: `${window}-${genre}`, ownerId: 'a', title, genre: genre ?? 'jazz', durationMs: 180000 }] };
}

test('the chart tabs switch the window, by click and by arrow keys, and the genre filter narrows it', async () => {
  const fetch = mockFetch({
    'GET /api/tracks/genres': () => json(200, { items: [{ id: 'jazz', name: 'Jazz' }, { id: 'k-pop', name: 'K-pop' }] }),
    'GET /api/charts/': (url) => {
      const u = new URL(url, 'http://x');
      const window = u.pathname.split('/').pop()!;
      const genre = u.searchParams.get('genre');
      return json(200, chart(window, genre, `Top of ${window}${genre ? ` in ${genre}` : ''}`));
    },
  });
  renderRoutes([{ path: '/', element: <HomePage /> }], '/');
  expect(await screen.findByRole('link', { name: 'Top of 24h' })).toBeInTheDocument();
  const day = screen.getByRole('tab', { name: '24 hours' });
  expect(day).toHaveAttribute('aria-selected', 'true');
  expect(screen.getByRole('tabpanel')).toHaveAttribute('aria-labelledby', day.id);

  const user = userEvent.setup();
  await user.click(screen.getByRole('tab', { name: '7 days' }));
  expect(await screen.findByRole('link', { name: 'Top of 7d' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: '7 days' })).toHaveAttribute('aria-selected', 'true');
  expect(day).toHaveAttribute('tabindex', '-1');

  await user.keyboard('{ArrowRight}');
  expect(await screen.findByRole('link', { name: 'Top of all' })).toBeInTheDocument();
  expect(screen.getByRole('tab', { name: 'All time' })).toHaveFocus();

  await screen.findByRole('option', { name: 'K-pop' });
  await user.selectOptions(screen.getByLabelText('Genre'), 'k-pop');
  expect(await screen.findByRole('link', { name: 'Top of all in k-pop' })).toBeInTheDocument();
  await waitFor(() => expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/charts/all?limit=50&genre=k-pop'));
  expect(screen.getByText('42 plays')).toBeInTheDocument();
});

test('an empty chart explains itself', async () => {
  mockFetch({
    'GET /api/tracks/genres': () => json(200, { items: [] }),
    'GET /api/charts/': () => json(200, { window: '24h', items: [] }),
  });
  renderRoutes([{ path: '/', element: <HomePage /> }], '/');
  expect(await screen.findByText(/Nothing has been played enough/)).toBeInTheDocument();
});
