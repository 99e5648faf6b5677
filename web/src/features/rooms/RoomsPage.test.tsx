import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';
import { pathOfRoomLink } from './api';
import { RoomsPage } from './RoomsPage';

const ID = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const KEY = '12345678-1234-4234-8234-123456789abc';

describe('the rooms page', () => {
  afterEach(() => clearSession());

  it('lists live rooms, opens a new one and goes into it', async () => {
    signIn();
    const fetch = mockFetch({
      'GET /api/rooms': () => json(200, { items: [{ id: ID, hostId: 'u-2', name: 'Late night', visibility: 'PUBLIC', createdAt: '2026-01-01T00:00:00Z', listeners: 4, playback: { trackId: 't', positionMs: 0, startedAt: 0, paused: false, queue: [] } }] }),
      'POST /api/rooms': () => json(201, { id: 'new-room', hostId: 'u-1', name: 'Mine', visibility: 'PRIVATE', createdAt: '2026-01-01T00:00:00Z', listeners: 0 }),
    });
    const { router } = renderRoutes([{ path: '/rooms', element: <RoomsPage /> }, { path: '/rooms/:id', element: <p>in the room</p> }], '/rooms');
    expect(await screen.findByRole('link', { name: 'Join Late night' })).toHaveAttribute('href', `/rooms/${ID}`);
    expect(screen.getByText('4 listeners · playing')).toBeInTheDocument();

    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Name'), 'Mine');
    await user.selectOptions(screen.getByLabelText('Who can find it'), 'PRIVATE');
    await user.click(screen.getByRole('button', { name: 'Open the room' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/rooms/new-room'));
    const post = fetch.mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(post[1]!.body as string)).toEqual({ name: 'Mine', visibility: 'PRIVATE' });
  });

  it('joins by a pasted link, keeping a private room’s invite key', async () => {
    mockFetch({ 'GET /api/rooms': () => json(200, { items: [] }) });
    const { router } = renderRoutes([{ path: '/rooms', element: <RoomsPage /> }, { path: '/rooms/:id', element: <p>in the room</p> }], '/rooms');
    expect(await screen.findByText(/No public room is open/)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Room link'), 'not a link');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(await screen.findByText(/Paste a room link/)).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Room link'));
    await user.type(screen.getByLabelText('Room link'), `https://lalala.example/rooms/${ID}?key=${KEY}`);
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/rooms/${ID}`));
    expect(router.state.location.search).toBe(`?key=${KEY}`);
  });

  it('reads room links and bare ids', () => {
    expect(pathOfRoomLink(ID.toUpperCase())).toBe(`/rooms/${ID}`);
    expect(pathOfRoomLink(`  http://127.0.0.1:8080/rooms/${ID}  `)).toBe(`/rooms/${ID}`);
    expect(pathOfRoomLink('/rooms/123')).toBeNull();
  });
});
