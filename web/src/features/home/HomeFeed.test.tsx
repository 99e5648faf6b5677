import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { HomePage } from './HomePage';
import { PlayerBridgeContext, type PlayerBridge } from '@/lib/player-bridge';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => signIn({ sub: 'me', email_verified: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

const mina = { id: 'u-mina', handle: 'mina', displayName: 'Mina', avatarUrl: null };
function item(n: number) {
  return {
    id: `a-${n}`, kind: 'TRACK_PUBLISHED', actor: mina, occurredAt: new Date(Date.now() - n * 60_000).toISOString(),
    subject: { type: 'TRACK', id: `t-${n}`, title: `Song ${n}`, durationMs: 180000, user: mina },
  };
}

test('the feed pages with its cursor, plays from the pressed song, and suggestions follow with one click', async () => {
  const follows: string[] = [];
  const fetch = mockFetch({
    'GET /api/feed': (url) => {
      const cursor = new URL(url, 'http://x').searchParams.get('cursor');
      if (!cursor) return json(200, { items: [1, 2].map(item).concat([{ id: 'f-1', kind: 'USER_FOLLOWED', actor: mina, occurredAt: new Date().toISOString(), subject: { type: 'USER', id: 'u-jun', title: 'Jun', user: { id: 'u-jun', handle: 'jun', displayName: 'Jun' } } } as never]), nextCursor: 'c2' });
      return json(200, { items: [item(3)], nextCursor: null });
    },
    'GET /api/follows/suggestions': () => json(200, { items: [
      { user: { id: 'u-kim', handle: 'kim', displayName: 'Kim' }, mutualCount: 3, mutualNames: ['Mina', 'Jun', 'Lee'], followers: 40, reason: 'FOLLOWED_BY_PEOPLE_YOU_FOLLOW' },
      { user: { id: 'u-star', handle: 'star', displayName: 'Star' }, mutualCount: 0, mutualNames: [], followers: 12000, reason: 'POPULAR_ARTIST' },
    ] }),
    'PUT /api/follows/': (url) => {
      follows.push(url);
      return json(200, { userId: 'u-kim', following: true, changed: true, followers: 41 });
    },
    'GET /api/tracks/': () => json(200, { items: [] }),
  });
  const bridge = { playList: vi.fn(), useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }) } as unknown as PlayerBridge;
  renderRoutes([{ path: '/', element: <PlayerBridgeContext.Provider value={bridge}><HomePage /></PlayerBridgeContext.Provider> }], '/');

  const feed = await screen.findByRole('list', { name: 'Your feed' });
  expect(within(feed).getByRole('article', { name: 'Mina released a new song: Song 1' })).toBeInTheDocument();
  expect(within(feed).getByRole('article', { name: 'Mina started following Jun' })).toBeInTheDocument();
  expect(within(feed).getByRole('link', { name: 'Jun' })).toHaveAttribute('href', '/u/jun');
  expect(within(feed).getAllByText('1 min ago').length).toBeGreaterThan(0);

  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Load more' }));
  expect(await within(feed).findByRole('link', { name: 'Song 3' })).toBeInTheDocument();
  expect(fetch.mock.calls.map(([u]) => String(u))).toContain('/api/feed?limit=20&cursor=c2');
  expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();

  await user.click(within(feed).getByRole('button', { name: 'Play Song 2' }));
  expect(bridge.playList).toHaveBeenCalledWith(expect.arrayContaining([expect.objectContaining({ id: 't-1' })]), 1);

  const aside = screen.getByRole('complementary', { name: 'Suggestions' });
  expect(within(aside).getByText('Followed by Mina, Jun and 1 more')).toBeInTheDocument();
  expect(within(aside).getByText('Popular · 12k followers')).toBeInTheDocument();
  const follow = within(aside).getByRole('button', { name: 'Follow Kim' });
  expect(follow).toHaveAttribute('aria-pressed', 'false');
  await user.click(follow);
  await waitFor(() => expect(within(aside).getByRole('button', { name: 'Following Kim' })).toHaveAttribute('aria-pressed', 'true'));
  expect(follows).toEqual(['/api/follows/u-kim']);
});

test('an empty feed tells the newcomer what to do', async () => {
  mockFetch({
    'GET /api/feed': () => json(200, { items: [] }),
    'GET /api/follows/suggestions': () => json(200, { items: [] }),
    'GET /api/tracks/': () => json(200, { items: [] }),
  });
  renderRoutes([{ path: '/', element: <HomePage /> }], '/');
  expect(await screen.findByText(/Your feed is empty/)).toBeInTheDocument();
});
