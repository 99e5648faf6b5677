import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { SongMenu } from './SongMenu';
import { PlayerBridgeContext, type PlayerBridge } from '@/lib/player-bridge';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => signIn({ sub: 'me', email_verified: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

const song = { id: 't-9', title: 'Blue' };

test('adds the song to one of your playlists, or to a new one, and queues it', async () => {
  const posts: { url: string; body: unknown }[] = [];
  mockFetch({
    'GET /api/me/playlists': () => json(200, { items: [
      { id: 'p-1', name: 'Road trip', role: 'OWNER', visibility: 'PUBLIC', trackCount: 1 },
      { id: 'p-2', name: 'Shared', role: 'COLLABORATOR', visibility: 'PRIVATE', trackCount: 0 },
      { id: 'p-3', name: 'Not mine', role: 'VIEWER', visibility: 'PUBLIC', trackCount: 0 },
    ] }),
    'POST /api/playlists': (url, init) => {
      posts.push({ url, body: JSON.parse(String(init.body)) });
      return url === '/api/playlists' ? json(201, { id: 'p-new', name: 'Fresh' }) : json(201, { itemId: 'i', trackId: 't-9' });
    },
  });
  const bridge = { enqueue: vi.fn(), playNext: vi.fn() } as unknown as PlayerBridge;
  renderRoutes([{ path: '/', element: <PlayerBridgeContext.Provider value={bridge}><SongMenu track={song} /></PlayerBridgeContext.Provider> }], '/');
  const user = userEvent.setup();
  const toggle = screen.getByRole('button', { name: 'More for Blue' });
  await user.click(toggle);
  expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await user.click(await screen.findByRole('button', { name: 'Add to Road trip' }));
  expect(await screen.findByText('Added to Road trip')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Add to Shared' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Add to Not mine' })).toBeNull();

  await user.type(screen.getByLabelText('New playlist name'), 'Fresh');
  await user.click(screen.getByRole('button', { name: 'Create' }));
  expect(await screen.findByText('Added to Fresh')).toBeInTheDocument();
  expect(posts).toEqual([
    { url: '/api/playlists/p-1/items', body: { trackId: 't-9' } },
    { url: '/api/playlists', body: { name: 'Fresh', visibility: 'PUBLIC' } },
    { url: '/api/playlists/p-new/items', body: { trackId: 't-9' } },
  ]);

  await user.keyboard('{Escape}');
  expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await waitFor(() => expect(toggle).toHaveFocus());
  await user.click(toggle);
  await user.click(screen.getByRole('button', { name: 'Add to queue' }));
  expect(bridge.enqueue).toHaveBeenCalledWith(song);
});
