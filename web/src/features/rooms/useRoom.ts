// One room's live state, from its socket: playback (with the clock offset), listeners, who came and went, chat
// (the REST history joined with live lines), reactions (pinned on the waveform, and bursting on screen).

import { useCallback, useEffect, useReducer, useRef } from 'react';
import { getAccessToken, refresh } from '@/lib/auth/session';
import type { RoomMessage } from './api';
import { RoomSocket, type ConnectionStatus, type ServerFrame } from './socket';

export const REACTIONS = ['clap', 'mirrorball', 'heart', 'fire'] as const;
export type ReactionKind = (typeof REACTIONS)[number];

export interface LivePlayback {
  hostId: string | null;
  trackId: string | null;
  positionMs: number;
  startedAt: number;
  paused: boolean;
  queue: string[];
}

export interface ChatLine {
  id: string;
  from: string;
  text: string;
  sentAt: number;
  trackId: string | null;
  positionMs: number | null;
}

export interface Pin {
  id: string;
  kind: ReactionKind | 'chat';
  from: string;
  trackId: string | null;
  positionMs: number;
  text?: string;
}

export interface PresenceEvent {
  id: number;
  user: string;
  joined: boolean;
}

export interface Burst {
  id: number;
  kind: ReactionKind;
  lane: number;
}

export interface RoomLiveState {
  connection: ConnectionStatus;
  /** Why the socket gave up, or the room cannot be joined (an error code). */
  closedReason: string | null;
  /** The latest refusal (error frame) to show, e.g. not-host. */
  notice: { code: string; message: string } | null;
  joined: boolean;
  playback: LivePlayback | null;
  listeners: number;
  offset: number | null;
  offsetError: number | null;
  messages: ChatLine[];
  pins: Pin[];
  presence: PresenceEvent[];
  bursts: Burst[];
}

/** Kept in memory: the newest of each (a long session does not grow without end). */
const MAX_MESSAGES = 300;
const MAX_PINS = 500;
const MAX_PRESENCE = 20;
/** Bursts on screen at once: past this, new reactions still pin but do not animate (a busy room stays smooth). */
const MAX_BURSTS = 24;
const BURST_MS = 1600;
/** Codes after which joining again cannot help. */
const FATAL = new Set(['room-not-found', 'room-closed', 'removed', 'room-full']);

type Action =
  | { type: 'status'; status: ConnectionStatus; reason?: string }
  | { type: 'frame'; frame: ServerFrame; burstId: number }
  | { type: 'clock'; offset: number; error: number }
  | { type: 'history'; messages: RoomMessage[] }
  | { type: 'burst-done'; id: number }
  | { type: 'dismiss' };

export const initialRoomState: RoomLiveState = {
  connection: 'connecting',
  closedReason: null,
  notice: null,
  joined: false,
  playback: null,
  listeners: 0,
  offset: null,
  offsetError: null,
  messages: [],
  pins: [],
  presence: [],
  bursts: [],
};

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function isReaction(kind: unknown): kind is ReactionKind {
  return typeof kind === 'string' && (REACTIONS as readonly string[]).includes(kind);
}

function lineOf(m: RoomMessage): ChatLine {
  return { id: m.id, from: m.from, text: m.text, sentAt: Date.parse(m.sentAt), trackId: m.trackId ?? null, positionMs: m.positionMs ?? null };
}

function chatPin(line: ChatLine): Pin | null {
  return line.trackId && line.positionMs !== null
    ? { id: `c-${line.id}`, kind: 'chat', from: line.from, trackId: line.trackId, positionMs: line.positionMs, text: line.text }
    : null;
}

function addLines(state: RoomLiveState, lines: ChatLine[]): RoomLiveState {
  const known = new Set(state.messages.map((m) => m.id));
  const fresh = lines.filter((l) => !known.has(l.id));
  if (fresh.length === 0) return state;
  const messages = [...state.messages, ...fresh].sort((a, b) => a.sentAt - b.sentAt).slice(-MAX_MESSAGES);
  const pins = [...state.pins, ...fresh.map(chatPin).filter((p): p is Pin => p !== null)].slice(-MAX_PINS);
  return { ...state, messages, pins };
}

export function roomReducer(state: RoomLiveState, action: Action): RoomLiveState {
  switch (action.type) {
    case 'status':
      return {
        ...state,
        connection: action.status,
        closedReason: action.status === 'closed' ? (action.reason ?? state.closedReason) : state.closedReason,
        joined: action.status === 'open' ? state.joined : false,
      };
    case 'clock':
      return { ...state, offset: action.offset, offsetError: action.error };
    case 'history':
      return addLines(state, action.messages.map(lineOf));
    case 'burst-done':
      return { ...state, bursts: state.bursts.filter((b) => b.id !== action.id) };
    case 'dismiss':
      return { ...state, notice: null };
    case 'frame':
      return onFrame(state, action.frame, action.burstId);
  }
}

function onFrame(state: RoomLiveState, f: ServerFrame, burstId: number): RoomLiveState {
  switch (f.type) {
    case 'state':
      return {
        ...state,
        joined: true,
        closedReason: null,
        listeners: num(f.listeners) ?? state.listeners,
        playback: {
          hostId: str(f.hostId),
          trackId: str(f.trackId),
          positionMs: num(f.positionMs) ?? 0,
          startedAt: num(f.startedAt) ?? 0,
          paused: f.paused === true,
          queue: Array.isArray(f.queue) ? f.queue.filter((q): q is string => typeof q === 'string') : [],
        },
      };
    case 'chat': {
      const id = str(f.id);
      const from = str(f.from);
      const text = str(f.text);
      if (!id || !from || text === null) return state;
      return addLines(state, [{ id, from, text, sentAt: num(f.sentAt) ?? Date.now(), trackId: str(f.trackId), positionMs: num(f.positionMs) }]);
    }
    case 'reaction': {
      if (!isReaction(f.kind)) return state;
      const from = str(f.from) ?? '';
      const pin: Pin = { id: `r-${burstId}`, kind: f.kind, from, trackId: str(f.trackId), positionMs: num(f.positionMs) ?? 0 };
      const bursts = state.bursts.length < MAX_BURSTS ? [...state.bursts, { id: burstId, kind: f.kind, lane: burstId % 8 }] : state.bursts;
      return { ...state, pins: [...state.pins, pin].slice(-MAX_PINS), bursts };
    }
    case 'presence': {
      const user = str(f.user);
      const listeners = num(f.listeners) ?? state.listeners;
      if (!user) return { ...state, listeners };
      const event = { id: burstId, user, joined: f.joined !== undefined };
      return { ...state, listeners, presence: [event, ...state.presence].slice(0, MAX_PRESENCE) };
    }
    case 'moderation': {
      if (f.action === 'host-changed' && state.playback) {
        return { ...state, playback: { ...state.playback, hostId: str(f.user) } };
      }
      return state;
    }
    case 'error': {
      const code = str(f.code) ?? 'error';
      const message = str(f.message) ?? 'The room refused that.';
      if (FATAL.has(code)) return { ...state, closedReason: code, notice: { code, message }, joined: false };
      return { ...state, notice: { code, message } };
    }
    default:
      return state;
  }
}

export interface RoomCommands {
  chat(text: string): boolean;
  react(kind: ReactionKind): boolean;
  play(trackId?: string): boolean;
  pause(): boolean;
  seek(positionMs: number): boolean;
  skip(): boolean;
  queueAdd(trackId: string): boolean;
  dismiss(): void;
}

/** The live room: its state and the frames one may send. `loadHistory` gives the chat's past (newest first). */
export function useRoom(
  roomId: string,
  key: string | null,
  loadHistory: (roomId: string) => Promise<RoomMessage[]>,
): [RoomLiveState, RoomCommands] {
  const [state, dispatch] = useReducer(roomReducer, initialRoomState);
  const socket = useRef<RoomSocket | null>(null);
  const counter = useRef(0);

  useEffect(() => {
    let live = true;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const s = new RoomSocket({
      roomId,
      key,
      getToken: (fresh) => (fresh ? refresh() : getAccessToken()),
      onStatus: (status, reason) => live && dispatch({ type: 'status', status, reason }),
      onClock: (offset, error) => live && dispatch({ type: 'clock', offset, error }),
      onFrame: (frame) => {
        if (!live) return;
        const burstId = ++counter.current;
        dispatch({ type: 'frame', frame, burstId });
        if (frame.type === 'reaction') {
          const t = setTimeout(() => {
            timers.delete(t);
            if (live) dispatch({ type: 'burst-done', id: burstId });
          }, BURST_MS);
          timers.add(t);
        }
        if (frame.type === 'error' && FATAL.has(String(frame.code))) s.stop();
      },
    });
    socket.current = s;
    s.start();
    loadHistory(roomId)
      .then((messages) => live && dispatch({ type: 'history', messages }))
      .catch(() => undefined); // the live chat still works; the page shows what arrives
    return () => {
      live = false;
      for (const t of timers) clearTimeout(t);
      s.stop();
      socket.current = null;
    };
  }, [roomId, key, loadHistory]);

  const send = useCallback((frame: { type: string; [k: string]: unknown }) => socket.current?.send(frame) ?? false, []);
  const commands = useRef<RoomCommands | null>(null);
  if (!commands.current) {
    commands.current = {
      chat: (text) => send({ type: 'chat', text }),
      react: (kind) => send({ type: 'react', kind }),
      play: (trackId) => send(trackId ? { type: 'play', trackId } : { type: 'play' }),
      pause: () => send({ type: 'pause' }),
      seek: (positionMs) => send({ type: 'seek', positionMs: Math.max(0, Math.round(positionMs)) }),
      skip: () => send({ type: 'skip' }),
      queueAdd: (trackId) => send({ type: 'queue.add', trackId }),
      dismiss: () => dispatch({ type: 'dismiss' }),
    };
  }
  return [state, commands.current];
}
