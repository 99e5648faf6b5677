import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { ProfilePage } from './ProfilePage';
import { PlayerBridgeContext, type PlayerBridge } from '@/lib/player-bridge';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => signIn({ sub: 'me', email_verified: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

const mina = { id: 'u-mina', handle: 'mina', displayName: 'Mina', role: 'ARTIST', createdAt: '2026-01-01T00:00:00Z' };
const track = (n: number) => ({ id: `t-${n}`, ownerId: 'u-mina', title: `Song ${n}`, genre: 'k-pop', tags: [], visibility: 'PUBLIC', status: 'READY', playCount: n, likeCount: 0, createdAt: '2026-01-01T00:00:00Z', durationMs: 1000 * n });

function setup(following: boolean) {
  let followers = 7;
  const writes: string[] = [];
  const fetch = mockFetch({
    'GET /api/users/by-handle/mina': () => json(200, mina),
    'GET /api/tracks?artist=u-mina': () => json(200, { items: [track(1), track(2)] }),
    'GET /api/users/u-mina/playlists': () => json(200, { items: [{ id: 'p-1', ownerId: 'u-mina', name: 'Night drive', visibility: 'PUBLIC', collaborative: false, trackCount: 4, likeCount: 0, role: 'VIEWER', createdAt: '', updatedAt: '' }] }),
    'GET /api/follows/u-mina/counts': () => json(200, { userId: 'u-mina', followers, following: 2, followedByYou: following }),
    'GET /api/follows/u-mina/followers': () => json(200, { items: [{ userId: 'u-jun', handle: 'jun', displayName: 'Jun', since: '', followedByYou: false }] }),
    'PUT /api/follows/u-mina': (url) => { writes.push(`PUT ${url}`); followers++; return json(200, { userId: 'u-mina', following: true, changed: true, followers }); },
    'DELETE /api/follows/u-mina': (url) => { writes.push(`DELETE ${url}`); followers--; return json(200, { userId: 'u-mina', following: false, changed: true, followers }); },
  });
  const bridge = { playList: vi.fn(), useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }) } as unknown as PlayerBridge;
  renderRoutes([{ path: '/u/:handle', element: <PlayerBridgeContext.Provider value={bridge}><ProfilePage /></PlayerBridgeContext.Provider> }], '/u/mina');
  return { fetch, writes, bridge };
}

test('an artist page: counts, follow and unfollow (counts follow), play all, songs and playlists', async () => {
  const { writes, bridge } = setup(false);
  expect(await screen.findByRole('heading', { name: 'Mina' })).toBeInTheDocument();
  expect(await screen.findByRole('button', { name: '7 followers' })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: '2 following' })).toBeInTheDocument();

  const user = userEvent.setup();
  const follow = await screen.findByRole('button', { name: 'Follow Mina' });
  expect(follow).toHaveAttribute('aria-pressed', 'false');
  await user.click(follow);
  expect(await screen.findByRole('button', { name: 'Following Mina' })).toHaveAttribute('aria-pressed', 'true');
  expect(await screen.findByRole('button', { name: '8 followers' })).toBeInTheDocument();
  await user.click(screen.getByRole('button', { name: 'Following Mina' }));
  expect(await screen.findByRole('button', { name: 'Follow Mina' })).toHaveAttribute('aria-pressed', 'false');
  expect(await screen.findByRole('button', { name: '7 followers' })).toBeInTheDocument();
  expect(writes).toEqual(['PUT /api/follows/u-mina', 'DELETE /api/follows/u-mina']);

  const songs = await screen.findByRole('list', { name: 'Songs by Mina' });
  expect(within(songs).getAllByRole('listitem')).toHaveLength(2);
  await user.click(screen.getByRole('button', { name: 'Play all songs by Mina' }));
  expect(bridge.playList).toHaveBeenCalledWith([expect.objectContaining({ id: 't-1', artistName: 'Mina' }), expect.objectContaining({ id: 't-2' })], 0);

  await user.click(screen.getByRole('tab', { name: 'Playlists' }));
  expect(await screen.findByRole('link', { name: 'Night drive' })).toHaveAttribute('href', '/playlists/p-1');
});

test('someone already followed shows Following (from the counts call alone); the followers tab lists people with their own follow buttons', async () => {
  const { fetch } = setup(true);
  expect(await screen.findByRole('button', { name: 'Following Mina' })).toHaveAttribute('aria-pressed', 'true');
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: '7 followers' }));
  expect(screen.getByRole('tab', { name: 'Followers 7' })).toHaveAttribute('aria-selected', 'true');
  const list = await screen.findByRole('list', { name: 'Followers of Mina' });
  expect(within(list).getByRole('link', { name: 'Jun' })).toHaveAttribute('href', '/u/jun');
  await waitFor(() => expect(within(list).getByRole('button', { name: 'Follow Jun' })).toBeInTheDocument());
  // No paging through the caller's own follows to find out.
  expect(fetch.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('/api/follows/me/'))).toEqual([]);
});
