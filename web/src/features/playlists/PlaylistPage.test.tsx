import { createEvent, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PlaylistPage } from './PlaylistPage';
import { PlayerBridgeContext, type PlayerBridge } from '@/lib/player-bridge';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => signIn({ sub: 'me', email_verified: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  clearSession();
});

const item = (n: number, available = true) => ({
  itemId: `i-${n}`, position: n - 1, trackId: `t-${n}`, available, title: available ? `Song ${n}` : null,
  artistName: available ? 'Mina' : null, artistHandle: available ? 'mina' : null, durationMs: available ? 60000 : null, addedAt: '2026-01-01T00:00:00Z',
});

function setup(role: 'OWNER' | 'COLLABORATOR' | 'VIEWER' = 'OWNER') {
  let items = [item(1), item(2), item(3, false), item(4)];
  let meta = { name: 'Road trip', description: 'For the car', visibility: 'PUBLIC', collaborators: [] as string[] };
  const writes: { method: string; url: string; body?: unknown }[] = [];
  const view = () => ({ id: 'p-1', ownerId: 'me', ownerName: 'Me', ownerHandle: 'me', ...meta, collaborative: meta.collaborators.length > 0, trackCount: items.length, likeCount: 0, role, liked: false, version: 1, createdAt: '', updatedAt: '', items: items.map((x, i) => ({ ...x, position: i })) });
  const record = (method: string) => (url: string, init: RequestInit) => {
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    writes.push({ method, url, body });
    return body;
  };
  const fetch = mockFetch({
    'GET /api/playlists/p-1': () => json(200, view()),
    'PATCH /api/playlists/p-1/items/': (url, init) => {
      const body = record('PATCH')(url, init) as { position: number };
      const id = url.split('/').pop()!;
      const from = items.findIndex((x) => x.itemId === id);
      const [it] = items.splice(from, 1);
      items.splice(body.position, 0, it);
      return new Response(null, { status: 204 });
    },
    'DELETE /api/playlists/p-1/items/': (url, init) => {
      record('DELETE')(url, init);
      items = items.filter((x) => x.itemId !== url.split('/').pop());
      return new Response(null, { status: 204 });
    },
    'PATCH /api/playlists/p-1': (url, init) => {
      meta = { ...meta, ...(record('PATCH')(url, init) as object) };
      return json(200, view());
    },
    'POST /api/playlists/p-1/collaborators': (url, init) => {
      meta.collaborators = [...meta.collaborators, (record('POST')(url, init) as { userId: string }).userId];
      return new Response(null, { status: 204 });
    },
    'GET /api/users/': () => json(200, { id: 'x', handle: 'jun', displayName: 'Jun', role: 'LISTENER', createdAt: '' }),
  });
  const bridge = { playList: vi.fn(), useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }) } as unknown as PlayerBridge;
  renderRoutes([{ path: '/playlists/:id', element: <PlayerBridgeContext.Provider value={bridge}><PlaylistPage /></PlayerBridgeContext.Provider> }], '/playlists/p-1');
  return { fetch, writes, bridge };
}

const titles = () => within(screen.getByRole('list', { name: 'Songs in Road trip' })).getAllByRole('listitem')
  .map((li) => li.querySelector('.playlist-row__title')!.textContent);

test('reorder by buttons, by Alt+arrows and by drag and drop; each move is one PATCH with the new index', async () => {
  const { writes } = setup();
  await screen.findByRole('heading', { name: 'Road trip' });
  expect(titles()).toEqual(['Song 1', 'Song 2', 'Unavailable song', 'Song 4']);
  const user = userEvent.setup();

  await user.click(screen.getByRole('button', { name: 'Move Song 1 down' }));
  expect(titles()).toEqual(['Song 2', 'Song 1', 'Unavailable song', 'Song 4']);
  expect(screen.getByRole('status')).toHaveTextContent('Song 1 moved to position 2 of 4');
  await waitFor(() => expect(screen.getByRole('button', { name: 'Move Song 1 down' })).toHaveFocus());

  // Alt+ArrowUp on the focused row's handle moves it, and the keyboard stays with it.
  screen.getByRole('button', { name: /Reorder Song 4/ }).focus();
  await user.keyboard('{Alt>}{ArrowUp}{/Alt}');
  expect(titles()).toEqual(['Song 2', 'Song 1', 'Song 4', 'Unavailable song']);
  await waitFor(() => expect(screen.getByRole('button', { name: 'Reorder Song 4, position 3 of 4' })).toHaveFocus());

  // Drag Song 2 (first) onto the last row.
  const rows = within(screen.getByRole('list', { name: 'Songs in Road trip' })).getAllByRole('listitem');
  const dataTransfer = { effectAllowed: '', setData: vi.fn(), getData: vi.fn() };
  fireEvent(rows[0], Object.assign(createEvent.dragStart(rows[0]), { dataTransfer }));
  fireEvent(rows[3], Object.assign(createEvent.dragOver(rows[3]), { dataTransfer }));
  fireEvent(rows[3], Object.assign(createEvent.drop(rows[3]), { dataTransfer }));
  expect(titles()).toEqual(['Song 1', 'Song 4', 'Unavailable song', 'Song 2']);

  await waitFor(() => expect(writes.filter((w) => w.method === 'PATCH')).toHaveLength(3));
  expect(writes.map((w) => `${w.url} ${JSON.stringify(w.body)}`)).toEqual([
    '/api/playlists/p-1/items/i-1 {"position":1}',
    '/api/playlists/p-1/items/i-4 {"position":2}',
    '/api/playlists/p-1/items/i-2 {"position":3}',
  ]);
  // After the writes the server's order (refetched) is the one on screen.
  await waitFor(() => expect(titles()).toEqual(['Song 1', 'Song 4', 'Unavailable song', 'Song 2']));
});

test('unavailable songs are greyed and not playable; remove; play all plays only the available ones', async () => {
  const { writes, bridge } = setup();
  await screen.findByRole('heading', { name: 'Road trip' });
  const list = screen.getByRole('list', { name: 'Songs in Road trip' });
  const unavailable = within(list).getAllByRole('listitem')[2];
  expect(unavailable).toHaveClass('playlist-row--unavailable');
  expect(within(unavailable).getByText('Deleted or made private by its artist')).toBeInTheDocument();
  expect(within(unavailable).queryByRole('button', { name: /^Play/ })).toBeNull();

  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Play all' }));
  expect(bridge.playList).toHaveBeenCalledWith([expect.objectContaining({ id: 't-1' }), expect.objectContaining({ id: 't-2' }), expect.objectContaining({ id: 't-4' })], 0);

  await user.click(screen.getByRole('button', { name: 'Remove Unavailable song from the playlist' }));
  expect(titles()).toEqual(['Song 1', 'Song 2', 'Song 4']);
  await waitFor(() => expect(writes).toEqual([{ method: 'DELETE', url: '/api/playlists/p-1/items/i-3', body: undefined }]));
});

test('the owner renames, describes, changes visibility and invites a collaborator by user id', async () => {
  const { writes } = setup();
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'Edit details' }));
  const name = screen.getByLabelText('Name');
  await user.clear(name);
  await user.type(name, 'Summer');
  await user.clear(screen.getByLabelText('Description'));
  await user.type(screen.getByLabelText('Description'), 'Hot days');
  await user.selectOptions(screen.getByLabelText('Who can see it'), 'UNLISTED');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(await screen.findByRole('heading', { name: 'Summer' })).toBeInTheDocument();
  expect(screen.getByText(/Playlist · Unlisted/)).toBeInTheDocument();
  expect(writes[0]).toEqual({ method: 'PATCH', url: '/api/playlists/p-1', body: { name: 'Summer', description: 'Hot days', visibility: 'UNLISTED' } });

  const invite = screen.getByLabelText('Invite by user id');
  await user.type(invite, 'not-an-id');
  await user.click(screen.getByRole('button', { name: 'Invite' }));
  expect(invite).toHaveAttribute('aria-invalid', 'true');
  await user.clear(invite);
  await user.type(invite, '1b4e28ba-2fa1-11d2-883f-0016d3cca427');
  await user.click(screen.getByRole('button', { name: 'Invite' }));
  expect(await screen.findByRole('button', { name: 'Remove Jun' })).toBeInTheDocument();
  expect(writes[1]).toEqual({ method: 'POST', url: '/api/playlists/p-1/collaborators', body: { userId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' } });
});

test('a viewer sees the songs but no editing controls', async () => {
  setup('VIEWER');
  await screen.findByRole('heading', { name: 'Road trip' });
  expect(screen.queryByRole('button', { name: /^Move/ })).toBeNull();
  expect(screen.queryByRole('button', { name: /^Remove/ })).toBeNull();
  expect(screen.queryByRole('button', { name: 'Edit details' })).toBeNull();
  expect(screen.queryByRole('heading', { name: 'Collaborators' })).toBeNull();
});
