import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlayerBridgeContext, type PlayerBridge, type RoomPlayback } from '@/lib/player-bridge';
import { clearSession } from '@/lib/auth/session';
import { localNow } from '@/lib/clock';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';
import { RoomPage } from './RoomPage';

const ROOM = '11111111-1111-4111-8111-111111111111';
const SONG = '22222222-2222-4222-8222-222222222222';
const NEXT = '33333333-3333-4333-8333-333333333333';
const HOST = 'u-host';
const GUEST = 'u-guest';

/** Stands in for the browser's WebSocket: records what the page sends, delivers what the test says. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(readonly url: string, readonly protocols: string[]) {
    FakeSocket.all.push(this);
  }
  send(text: string) {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    act(() => {
      this.readyState = 1;
      this.onopen?.();
    });
  }
  deliver(frame: Record<string, unknown>) {
    act(() => this.onmessage?.({ data: JSON.stringify(frame) }));
  }
  drop(code = 1006) {
    act(() => {
      this.readyState = 3;
      this.onclose?.({ code });
    });
  }
  /** Answers the page's clock samples as a server 1000 ms ahead would, stamping halfway through the round trip. */
  answerTime() {
    for (const f of this.sent.filter((s) => s.type === 'time')) {
      const t0 = f.clientSentAt as number;
      this.deliver({ type: 'time', clientSentAt: t0, serverTime: (t0 + localNow()) / 2 + 1000 });
    }
  }
  framesOf(type: string) {
    return this.sent.filter((s) => s.type === type);
  }
  static latest(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}

function fakeBridge() {
  const follows: (RoomPlayback | null)[] = [];
  const bridge: PlayerBridge = {
    playTrack: vi.fn(),
    playList: vi.fn(),
    playNext: vi.fn(),
    enqueue: vi.fn(),
    seekTrack: vi.fn(),
    toggle: vi.fn(),
    followRoom: (r) => follows.push(r),
    syncSample: () => null,
    useNowPlaying: () => ({ trackId: null, playing: false, positionMs: 0 }),
    Waveform: ({ label, onSeek }) => <button type="button" onClick={() => onSeek(0.5)}>{label}</button>,
  };
  return { bridge, follows };
}

const track = (id: string, title: string) => ({
  id, ownerId: HOST, title, genre: 'pop', tags: [], visibility: 'PUBLIC', status: 'READY', playCount: 0, likeCount: 0,
  createdAt: '2026-01-01T00:00:00Z', durationMs: 120_000, waveform: [0.2, 0.8, 0.5],
});

function mockApi() {
  return mockFetch({
    [`GET /api/rooms/${ROOM}/messages`]: () => json(200, {
      items: [{ id: 'm-1', roomId: ROOM, from: HOST, text: 'welcome in', trackId: SONG, positionMs: 3000, sentAt: '2026-01-01T00:00:00Z' }],
    }),
    [`GET /api/rooms/${ROOM}`]: () => json(200, { id: ROOM, hostId: HOST, name: 'Friday night', visibility: 'PUBLIC', createdAt: '2026-01-01T00:00:00Z', listeners: 1 }),
    [`GET /api/tracks/${SONG}`]: () => json(200, track(SONG, 'First song')),
    [`GET /api/tracks/${NEXT}`]: () => json(200, track(NEXT, 'Second song')),
    'GET /api/tracks/latest': () => json(200, { items: [track(NEXT, 'Second song')] }),
    'GET /api/tracks/mine': () => json(200, { items: [] }),
    'GET /api/users/': (url) => json(200, { id: url.split('/').pop(), handle: 'h', displayName: url.endsWith(HOST) ? 'Hana' : 'Gil' }),
  });
}

function renderRoom(bridge: PlayerBridge) {
  return renderRoutes([{
    path: '/rooms/:id',
    element: <PlayerBridgeContext.Provider value={bridge}><RoomPage /></PlayerBridgeContext.Provider>,
  }], `/rooms/${ROOM}`);
}

const state = (hostId: string, extra: Record<string, unknown> = {}) => ({
  type: 'state', roomId: ROOM, hostId, trackId: SONG, positionMs: 5000, startedAt: 1_000_000, paused: false,
  queue: [NEXT], listeners: 2, serverTime: 1_005_000, ...extra,
});

describe('a listening room', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.stubGlobal('WebSocket', FakeSocket);
    mockApi();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    clearSession();
  });

  it('joins with the bearer subprotocol, follows the room in the player read-only, shows chat, reactions and who joined', async () => {
    signIn({ sub: GUEST, email_verified: true });
    const { bridge, follows } = fakeBridge();
    renderRoom(bridge);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const ws = FakeSocket.latest();
    expect(ws.url).toMatch(/\/api\/chat\/ws$/);
    expect(ws.protocols[0]).toBe('lalala.chat.v1');
    expect(ws.protocols[1]).toMatch(/^bearer\./);
    ws.open();
    expect(ws.framesOf('join')).toEqual([{ type: 'join', roomId: ROOM }]);
    await waitFor(() => expect(ws.framesOf('time').length).toBeGreaterThanOrEqual(4));
    ws.answerTime();
    ws.deliver(state(HOST));

    // The player gets the room's song, started on the page clock at the server's startedAt minus the offset.
    await waitFor(() => expect(follows.some((f) => f?.track?.id === SONG)).toBe(true));
    const followed = follows.filter((f) => f?.track?.id === SONG).pop()!;
    expect(followed.readOnly).toBe(true);
    expect(followed.paused).toBe(false);
    expect(Math.abs(followed.startedAtLocal - (1_000_000 - 1000))).toBeLessThan(5);
    expect(followed.queue.map((q) => q.id)).toEqual([NEXT]);
    expect(await screen.findByText('First song')).toBeInTheDocument();
    expect(await within(screen.getByTestId('room-queue')).findByText('Second song')).toBeInTheDocument();

    // A guest cannot skip, and the bar's controls do nothing for them.
    expect(screen.getByTestId('room-skip')).toBeDisabled();
    followed.control.next();
    expect(ws.framesOf('skip')).toHaveLength(0);

    // History and live chat, with who said it.
    const log = screen.getByRole('log', { name: 'Messages' });
    expect(await within(log).findByText('welcome in')).toBeInTheDocument();
    ws.deliver({ type: 'chat', roomId: ROOM, id: 'm-2', text: 'hello there', from: GUEST, sentAt: Date.now(), trackId: SONG, positionMs: 7000 });
    expect(within(log).getByText('hello there')).toBeInTheDocument();
    expect(within(log).getAllByText('You').length).toBeGreaterThan(0);

    // Sending a message and a clap.
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Message'), 'so good');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    expect(ws.framesOf('chat')).toEqual([{ type: 'chat', text: 'so good', roomId: ROOM }]);
    await user.click(screen.getByRole('button', { name: 'Send clap' }));
    expect(ws.framesOf('react')).toEqual([{ type: 'react', kind: 'clap', roomId: ROOM }]);

    // Someone's reaction bursts on screen and is pinned at its position; presence updates the count.
    ws.deliver({ type: 'reaction', roomId: ROOM, kind: 'mirrorball', from: HOST, trackId: SONG, positionMs: 60_000, sentAt: Date.now() });
    expect(screen.getByTestId('room-bursts').querySelector('[data-kind="mirrorball"]')).not.toBeNull();
    expect(screen.getByText('1:00 · Mirror ball')).toBeInTheDocument();
    expect(screen.getByText('0:07 · “hello there”')).toBeInTheDocument();
    ws.deliver({ type: 'presence', roomId: ROOM, joined: 'u-3', user: 'u-3', listeners: 3 });
    expect(screen.getByTestId('room-listeners')).toHaveTextContent('3 listeners');
    expect(await within(screen.getByTestId('room-presence')).findByText(/joined/)).toBeInTheDocument();

    // A refusal is shown in words.
    ws.deliver({ type: 'error', code: 'not-host', message: 'Only the room host may do that.', roomId: ROOM });
    expect(screen.getByTestId('room-notice')).toHaveTextContent('Only the host steers the music.');
  });

  it('reconnects with backoff when the socket drops, and joins again', async () => {
    signIn({ sub: GUEST, email_verified: true });
    const { bridge } = fakeBridge();
    renderRoom(bridge);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const first = FakeSocket.latest();
    first.open();
    first.deliver(state(HOST));
    first.drop(1006);
    expect(await screen.findByText('Reconnecting…')).toBeInTheDocument();
    await waitFor(() => expect(FakeSocket.all).toHaveLength(2), { timeout: 5000 });
    const second = FakeSocket.latest();
    second.open();
    expect(second.framesOf('join')).toHaveLength(1);
    second.deliver(state(HOST));
    expect(await screen.findByText('Live')).toBeInTheDocument();
  });

  it("lets the host steer everyone from the page and the player bar", async () => {
    signIn({ sub: HOST, email_verified: true });
    const { bridge, follows } = fakeBridge();
    renderRoom(bridge);
    await waitFor(() => expect(FakeSocket.all).toHaveLength(1));
    const ws = FakeSocket.latest();
    ws.open();
    await waitFor(() => expect(ws.framesOf('time').length).toBeGreaterThanOrEqual(1));
    ws.answerTime();
    ws.deliver(state(HOST));
    await waitFor(() => expect(follows.some((f) => f?.track?.id === SONG && !f.readOnly)).toBe(true));
    const followed = follows.filter((f) => f?.track?.id === SONG).pop()!;

    fireEvent.click(await screen.findByRole('button', { name: 'Pause for everyone' }));
    expect(ws.framesOf('pause')).toEqual([{ type: 'pause', roomId: ROOM }]);
    followed.control.next();
    followed.control.seek(42_000);
    expect(ws.framesOf('skip')).toHaveLength(1);
    expect(ws.framesOf('seek')).toEqual([{ type: 'seek', positionMs: 42_000, roomId: ROOM }]);
    // The waveform seeks for everyone (the fake waveform seeks to the middle: 60 s of 120).
    fireEvent.click(screen.getByRole('button', { name: 'Seek in First song for everyone' }));
    expect(ws.framesOf('seek')[1]).toEqual({ type: 'seek', positionMs: 60_000, roomId: ROOM });
    // Songs to play and queue.
    fireEvent.click(await screen.findByRole('button', { name: "Add Second song to the room's queue" }));
    expect(ws.framesOf('queue.add')).toEqual([{ type: 'queue.add', trackId: NEXT, roomId: ROOM }]);

    // The host pauses: the player is told.
    ws.deliver(state(HOST, { paused: true, positionMs: 9000 }));
    await waitFor(() => expect(follows[follows.length - 1]?.paused).toBe(true));
    expect(follows[follows.length - 1]?.positionMs).toBe(9000);
  });
});
