import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { Alert, ErrorAlert, Spinner } from '@/components/Alert';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { tracks, users } from '@/lib/api/endpoints';
import type { Track } from '@/lib/api/types';
import { useSession } from '@/lib/auth/useSession';
import { localNow } from '@/lib/clock';
import { usePlayerBridge, type PlayableTrack, type RoomPlayback } from '@/lib/player-bridge';
import { roomLink, roomsApi, type Room } from './api';
import { ReactionIcon, ReactionMark } from './ReactionIcon';
import { REACTIONS, useRoom, type Pin, type ReactionKind, type RoomCommands, type RoomLiveState } from './useRoom';
import './rooms.css';

export const REACTION_LOOK: Record<ReactionKind, { label: string }> = {
  clap: { label: 'Clap' },
  mirrorball: { label: 'Mirror ball' },
  heart: { label: 'Heart' },
  fire: { label: 'Fire' },
};

const NOTICES: Record<string, string> = {
  'not-host': 'Only the host steers the music.',
  'room-not-found': 'This room does not exist, or it is private and the link has no invite key.',
  'room-closed': 'The host closed this room.',
  removed: 'The host removed you from this room.',
  'room-full': 'This room is full.',
  muted: 'The host muted you in this room.',
  'rate-limited': 'Slow down a little: too many at once.',
  'too-long': 'A message has at most 500 characters.',
  'nothing-playing': 'Nothing is playing: pick a song first.',
  'queue-full': 'The queue is full.',
};

async function history(roomId: string) {
  const page = await roomsApi.messages(roomId);
  return page.items;
}

function fmt(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** A room: the synced player, the queue, chat, reactions, who is here. */
export function RoomPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const key = params.get('key');
  const room = useQuery({ queryKey: ['room', id], queryFn: () => roomsApi.get(id), retry: false });
  useDocumentTitle(room.data?.name ?? 'Listening room');
  if (room.isPending) return <div className="page"><Spinner label="Opening the room" /></div>;
  // A private room is hidden from REST until one has joined with its key: the socket decides then.
  if (room.error && !key) return <div className="page"><ErrorAlert error={room.error} /><p><Link to="/rooms">All rooms</Link></p></div>;
  return <LiveRoom id={id} roomKey={key} room={room.data ?? null} />;
}

function LiveRoom({ id, roomKey, room }: { id: string; roomKey: string | null; room: Room | null }) {
  const session = useSession();
  const me = session.user?.id ?? null;
  const [state, cmd] = useRoom(id, roomKey, history);
  const playback = state.playback;
  const isHost = !!me && playback?.hostId === me;
  const name = room?.name ?? 'Listening room';

  const ids = useMemo(() => {
    const list = [playback?.trackId, ...(playback?.queue ?? [])].filter((t): t is string => !!t);
    return [...new Set(list)];
  }, [playback?.trackId, playback?.queue]);
  const trackQueries = useQueries({
    queries: ids.map((t) => ({ queryKey: ['track', t], queryFn: () => tracks.get(t), staleTime: 300_000 })),
  });
  const trackById = new Map<string, Track>();
  trackQueries.forEach((q) => q.data && trackById.set(q.data.id, q.data));
  const current = playback?.trackId ? trackById.get(playback.trackId) ?? null : null;
  const artist = useQuery({ queryKey: ['user', current?.ownerId], queryFn: () => users.byId(current!.ownerId), enabled: !!current, staleTime: 300_000 });

  const resync = useFollow(name, state, cmd, isHost, trackById, current ? artist.data?.displayName : undefined);

  const closed = state.connection === 'closed' || (state.closedReason !== null && !state.joined);
  return (
    <div className="page room" data-testid="room" data-joined={state.joined ? 'true' : 'false'} data-host={isHost ? 'true' : 'false'}
      data-track-id={playback?.trackId ?? ''} data-paused={playback?.paused ? 'true' : 'false'}>
      <header className="room__head">
        <div>
          <p className="room__kicker"><Link to="/rooms">Listening rooms</Link></p>
          <h1>{name}</h1>
          <p className="room__meta">
            <span data-testid="room-listeners" aria-live="polite">{state.listeners} {state.listeners === 1 ? 'listener' : 'listeners'}</span>
            <span className={`room__conn room__conn--${state.connection}`} role="status">{connectionText(state)}</span>
            <span>{isHost ? 'You are the host' : 'The host steers the music'}</span>
          </p>
        </div>
        {room && isHost ? <InviteLink room={room} /> : null}
      </header>

      {state.notice ? (
        <div className="room__notice" data-testid="room-notice" data-code={state.notice.code}>
          <Alert>{NOTICES[state.notice.code] ?? state.notice.message}</Alert>
          <button type="button" className="button" onClick={cmd.dismiss}>Dismiss</button>
        </div>
      ) : null}
      {closed && state.closedReason === 'login-required' ? <Alert>Log in to join the room.</Alert> : null}

      <div className="room__grid">
        <div className="room__main">
          <NowPlaying state={state} cmd={cmd} isHost={isHost} track={current} artistName={artist.data?.displayName} resync={resync} />
          <Reactions cmd={cmd} disabled={!state.joined} />
          <Queue queue={playback?.queue ?? []} trackById={trackById} />
          {isHost ? <SongPicker cmd={cmd} playing={!!playback?.trackId} /> : null}
        </div>
        <div className="room__side">
          <Chat state={state} cmd={cmd} me={me} />
          <Presence state={state} me={me} />
        </div>
      </div>
      <Bursts state={state} />
    </div>
  );
}

function connectionText(state: RoomLiveState): string {
  if (state.closedReason && !state.joined) return 'Not in the room';
  switch (state.connection) {
    case 'open':
      return state.joined ? 'Live' : 'Joining…';
    case 'connecting':
      return 'Connecting…';
    case 'reconnecting':
      return 'Reconnecting…';
    default:
      return 'Disconnected';
  }
}

function trackRef(t: Track | undefined, id: string, artistName?: string): PlayableTrack {
  return t
    ? { id: t.id, title: t.title, artistId: t.ownerId, artistName, coverUrl: t.coverUrl ?? undefined, durationMs: t.durationMs ?? undefined }
    : { id, title: 'Loading…' };
}

/** Hands the room's playback to the app's player (the same bar as everywhere), and takes it back on leaving. */
function useFollow(name: string, state: RoomLiveState, cmd: RoomCommands, isHost: boolean, trackById: Map<string, Track>, artistName?: string) {
  const bridge = usePlayerBridge();
  const playback = state.playback;
  const refs = useRef(new Map<string, PlayableTrack>());
  // The same object for the same song and metadata, so the player sees no change where there is none.
  const refOf = (id: string, artist?: string) => {
    const t = trackById.get(id);
    const fresh = trackRef(t, id, artist);
    const old = refs.current.get(id);
    if (old && old.title === fresh.title && old.artistName === fresh.artistName && old.durationMs === fresh.durationMs) return old;
    refs.current.set(id, fresh);
    return fresh;
  };
  const track = playback?.trackId ? refOf(playback.trackId, artistName) : null;
  const queue = (playback?.queue ?? []).map((q) => refOf(q));
  const queueKey = queue.map((q) => `${q.id}:${q.title}`).join(',');
  const control = useRef<RoomPlayback['control'] | null>(null);
  const latest = useRef({ playback, cmd, isHost });
  latest.current = { playback, cmd, isHost };
  if (!control.current) {
    // A guest's player never steers (the server would refuse it anyway, and count it as a strike).
    const host = (run: (c: RoomCommands) => void) => () => latest.current.isHost && run(latest.current.cmd);
    control.current = {
      play: host((c) => {
        const p = latest.current.playback;
        if (p?.trackId) c.play();
        else if (p && p.queue.length > 0) c.skip();
      }),
      pause: host((c) => c.pause()),
      seek: (ms) => latest.current.isHost && latest.current.cmd.seek(ms),
      next: host((c) => c.skip()),
      ended: host((c) => c.skip()),
    };
  }
  const ready = state.joined && state.offset !== null && !!playback;
  const last = useRef<RoomPlayback | null>(null);
  useEffect(() => {
    if (!ready || !playback || state.offset === null) return;
    last.current = {
      roomName: name,
      track,
      paused: playback.paused,
      positionMs: playback.positionMs,
      startedAtLocal: playback.startedAt - state.offset,
      queue,
      readOnly: !isHost,
      control: control.current!,
    };
    bridge.followRoom(last.current);
    // queue is rebuilt each render; queueKey says when it changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bridge, ready, playback, state.offset, track, queueKey, isHost, name]);
  useEffect(() => () => bridge.followRoom(null), [bridge]);
  return () => {
    if (!last.current) return;
    bridge.followRoom(null);
    bridge.followRoom(last.current);
  };
}

function InviteLink({ room }: { room: Room }) {
  const link = roomLink(window.location.origin, room);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="room__invite">
      <label className="room__invite-label" htmlFor="room-link">{room.visibility === 'PRIVATE' ? 'Invite link (with its key)' : 'Link to this room'}</label>
      <div className="row">
        <input id="room-link" className="room__invite-input" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
      </div>
    </div>
  );
}

function NowPlaying({ state, cmd, isHost, track, artistName, resync }: { state: RoomLiveState; cmd: RoomCommands; isHost: boolean; track: Track | null; artistName?: string; resync: () => void }) {
  const bridge = usePlayerBridge();
  const now = bridge.useNowPlaying();
  const playback = state.playback;
  const trackId = playback?.trackId ?? null;
  const durationMs = track?.durationMs ?? 0;
  const position =
    trackId && now.trackId === trackId ? now.positionMs
      : !playback || playback.paused || state.offset === null ? playback?.positionMs ?? 0
        : localNow() + state.offset - playback.startedAt;
  const pins = state.pins.filter((p) => p.trackId === trackId && trackId !== null);
  const Waveform = bridge.Waveform;
  return (
    <section className="panel room-now" aria-labelledby="room-now-title">
      <h2 id="room-now-title" className="visually-hidden">Now playing</h2>
      {trackId ? (
        <>
          <div className="room-now__head">
            <div>
              <p className="room-now__title" data-testid="room-track">{track ? <Link to={`/songs/${track.id}`}>{track.title}</Link> : 'Loading…'}</p>
              {artistName ? <p className="muted room-now__artist">{artistName}</p> : null}
            </div>
            <span className="room-now__state" data-testid="room-paused" data-paused={playback?.paused ? 'true' : 'false'}>
              {playback?.paused ? 'Paused' : 'Playing'} · {fmt(position)}{durationMs ? ` / ${fmt(durationMs)}` : ''}
            </span>
          </div>
          <div className="room-wave">
            <Waveform
              peaks={track?.waveform ?? []}
              positionMs={position}
              durationMs={durationMs}
              onSeek={(f) => isHost && durationMs > 0 && cmd.seek(f * durationMs)}
              label={isHost ? `Seek in ${track?.title ?? 'the song'} for everyone` : `Position in ${track?.title ?? 'the song'}`}
            />
            <PinLayer pins={pins} durationMs={durationMs} />
          </div>
          <PinList pins={pins} />
        </>
      ) : (
        <p className="muted" data-testid="room-track">{isHost ? 'Nothing playing yet: pick a song below.' : 'Nothing playing yet. The host picks the songs.'}</p>
      )}
      <div className="row room-now__controls">
        {isHost ? (
          <>
            <button type="button" className="button button--primary" data-testid="room-toggle" disabled={!trackId && !(playback?.queue.length)}
              onClick={() => (playback?.trackId && !playback.paused ? cmd.pause() : playback?.trackId ? cmd.play() : cmd.skip())}>
              {playback?.trackId && !playback.paused ? 'Pause for everyone' : 'Play for everyone'}
            </button>
            <button type="button" className="button" data-testid="room-skip" onClick={() => cmd.skip()} disabled={!trackId && !(playback?.queue.length)}>Skip</button>
          </>
        ) : (
          <button type="button" className="button" data-testid="room-skip" onClick={() => cmd.skip()} disabled aria-disabled="true"
            title="Only the host can skip">Skip (host only)</button>
        )}
        {trackId && !playback?.paused ? (
          // Restarts this page's audio at the room's position; also the gesture a browser wants before it sounds.
          <button type="button" className="button" onClick={resync} data-testid="room-resync">Sync my audio</button>
        ) : null}
      </div>
      <SyncProbe state={state} />
    </section>
  );
}

/** Reactions and chat lines at the song position they were sent, over the waveform (drawn with SVG attributes). */
function PinLayer({ pins, durationMs }: { pins: Pin[]; durationMs: number }) {
  if (durationMs <= 0) return null;
  return (
    <svg className="room-pins" aria-hidden="true" focusable="false" width="100%" height="100%">
      {pins.slice(-120).map((p) => {
        const x = `${Math.max(0, Math.min(100, (p.positionMs / durationMs) * 100)).toFixed(2)}%`;
        return p.kind === 'chat'
          ? <circle key={p.id} cx={x} cy="6" r="4" className="room-pin room-pin--chat"><title>{p.text}</title></circle>
          : <ReactionMark key={p.id} kind={p.kind} x={x} y="85%" />;
      })}
    </svg>
  );
}

function PinList({ pins }: { pins: Pin[] }) {
  if (pins.length === 0) return null;
  return (
    <details className="room-pinlist">
      <summary>Moments pinned on this song ({pins.length})</summary>
      <ul>
        {pins.slice(-50).map((p) => (
          <li key={p.id}>{fmt(p.positionMs)} · {p.kind === 'chat' ? `“${p.text}”` : REACTION_LOOK[p.kind].label}</li>
        ))}
      </ul>
    </details>
  );
}

/** For the end-to-end sync check: what this page hears, on the room's clock (data attributes, no re-render). */
function SyncProbe({ state }: { state: RoomLiveState }) {
  const bridge = usePlayerBridge();
  const ref = useRef<HTMLDivElement>(null);
  const [label, setLabel] = useState('');
  const offset = state.offset;
  const error = state.offsetError;
  const startedAt = state.playback?.startedAt ?? 0;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const tick = () => {
      const s = bridge.syncSample();
      el.dataset.offset = offset === null ? '' : offset.toFixed(2);
      el.dataset.roomStartedAt = String(startedAt);
      if (!s || offset === null) {
        el.dataset.playing = 'false';
        return;
      }
      el.dataset.trackId = s.trackId;
      el.dataset.playing = String(s.playing);
      el.dataset.positionMs = s.positionMs.toFixed(2);
      el.dataset.serverMs = (s.localMs + offset).toFixed(2);
      // This page's song start on the server's clock, against the room's: the drift.
      el.dataset.driftMs = (s.localMs + offset - s.positionMs - startedAt).toFixed(2);
    };
    tick();
    const timer = setInterval(tick, 100);
    return () => clearInterval(timer);
  }, [bridge, offset, startedAt]);
  useEffect(() => {
    setLabel(offset === null ? 'Syncing the clock…' : `Clock synced with the room (±${Math.max(1, Math.round(error ?? 0))} ms)`);
  }, [offset, error]);
  return <div ref={ref} className="room-sync muted" data-testid="room-sync">{label}</div>;
}

function Reactions({ cmd, disabled }: { cmd: RoomCommands; disabled: boolean }) {
  return (
    <div className="room-reactions" role="group" aria-label="Reactions">
      {REACTIONS.map((kind) => (
        <button key={kind} type="button" className="button room-reaction" data-testid={`react-${kind}`} disabled={disabled}
          onClick={() => cmd.react(kind)} aria-label={`Send ${REACTION_LOOK[kind].label.toLowerCase()}`}>
          <ReactionIcon kind={kind} />
        </button>
      ))}
    </div>
  );
}

function Queue({ queue, trackById }: { queue: string[]; trackById: Map<string, Track> }) {
  return (
    <section className="panel" aria-labelledby="room-queue">
      <h2 id="room-queue">Up next</h2>
      {queue.length === 0 ? <p className="muted">The queue is empty.</p> : (
        <ol className="room-queue" data-testid="room-queue">
          {queue.map((t, i) => <li key={`${t}-${i}`}>{trackById.get(t)?.title ?? 'Loading…'}</li>)}
        </ol>
      )}
    </section>
  );
}

/** The host's songs to play: newest public songs and their own. */
function SongPicker({ cmd, playing }: { cmd: RoomCommands; playing: boolean }) {
  const latest = useQuery({ queryKey: ['tracks', 'latest', ''], queryFn: () => tracks.latest() });
  const mine = useQuery({ queryKey: ['tracks', 'mine', 'room'], queryFn: () => tracks.mine() });
  const list = useMemo(() => {
    const seen = new Set<string>();
    return [...(mine.data?.items ?? []), ...(latest.data?.items ?? [])].filter((t) => t.status === 'READY' && !seen.has(t.id) && seen.add(t.id));
  }, [latest.data, mine.data]);
  return (
    <section className="panel" aria-labelledby="room-picker">
      <h2 id="room-picker">Add songs</h2>
      {latest.isPending && mine.isPending ? <Spinner label="Loading songs" /> : list.length === 0 ? <p className="muted">No songs yet: upload one.</p> : (
        <ul className="room-picker" data-testid="room-picker">
          {list.slice(0, 30).map((t) => (
            <li key={t.id}>
              <span className="room-picker__title">{t.title}</span>
              <span className="row room-picker__actions">
                <button type="button" className="button" onClick={() => cmd.play(t.id)} aria-label={`Play ${t.title} now for everyone`}>Play now</button>
                <button type="button" className="button" onClick={() => (playing ? cmd.queueAdd(t.id) : cmd.play(t.id))} aria-label={`Add ${t.title} to the room's queue`}>Queue</button>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Who({ id, me }: { id: string; me: string | null }) {
  const user = useQuery({ queryKey: ['user', id], queryFn: () => users.byId(id), staleTime: 300_000, enabled: id !== me });
  if (id === me) return <>You</>;
  return <>{user.data?.displayName ?? 'A listener'}</>;
}

function Chat({ state, cmd, me }: { state: RoomLiveState; cmd: RoomCommands; me: string | null }) {
  const [text, setText] = useState('');
  const [failed, setFailed] = useState(false);
  const log = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [state.messages.length]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t) return;
    if (cmd.chat(t)) {
      setText('');
      setFailed(false);
    } else {
      setFailed(true);
    }
  };
  return (
    <section className="panel room-chat" aria-labelledby="room-chat">
      <h2 id="room-chat">Chat</h2>
      {/* The log role sits on a wrapper: on the <ol> itself it would take away the list its <li>s need (axe). */}
      <div className="room-chat__log" ref={log} role="log" aria-live="polite" aria-label="Messages" data-testid="room-chat" tabIndex={0}>
      <ol className="room-chat__list">
        {state.messages.length === 0 ? <li className="muted">No messages yet.</li> : null}
        {state.messages.map((m) => (
          <li key={m.id} className="room-chat__line" data-from={m.from}>
            <span className="room-chat__who"><Who id={m.from} me={me} /></span>
            {m.positionMs !== null ? <span className="room-chat__at muted"> at {fmt(m.positionMs)}</span> : null}
            <span className="room-chat__text">{m.text}</span>
          </li>
        ))}
      </ol>
      </div>
      <form className="room-chat__form" onSubmit={submit}>
        <label htmlFor="room-chat-input" className="visually-hidden">Message</label>
        <input id="room-chat-input" value={text} onChange={(e) => setText(e.target.value)} maxLength={500} autoComplete="off"
          placeholder="Say something…" disabled={!state.joined} />
        <button type="submit" className="button button--primary" disabled={!state.joined || !text.trim()}>Send</button>
      </form>
      {failed ? <p className="muted" role="status">Not connected: the message was not sent.</p> : null}
    </section>
  );
}

function Presence({ state, me }: { state: RoomLiveState; me: string | null }) {
  return (
    <section className="panel" aria-labelledby="room-presence">
      <h2 id="room-presence">Who is here</h2>
      <p>{state.listeners} {state.listeners === 1 ? 'listener' : 'listeners'} now</p>
      {state.presence.length > 0 ? (
        <ul className="room-presence" data-testid="room-presence">
          {state.presence.map((p) => <li key={p.id}><Who id={p.user} me={me} /> {p.joined ? 'joined' : 'left'}</li>)}
        </ul>
      ) : null}
    </section>
  );
}

/** Reactions burst on everyone's screen (decoration: the pins and the list say the same for assistive technology). */
function Bursts({ state }: { state: RoomLiveState }) {
  return (
    <div className="room-bursts" aria-hidden="true" data-testid="room-bursts">
      {state.bursts.map((b) => (
        <span key={b.id} className={`room-burst room-burst--lane${b.lane}`} data-kind={b.kind}><ReactionIcon kind={b.kind} size={44} /></span>
      ))}
    </div>
  );
}
