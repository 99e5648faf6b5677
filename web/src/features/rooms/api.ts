// chat-service's rooms over REST (docs/rooms.md), through the gateway.
import { api } from '@/lib/api/client';
import type { CursorPage } from '@/lib/api/types';

export type RoomVisibility = 'PUBLIC' | 'UNLISTED' | 'PRIVATE';

export interface Playback {
  trackId?: string | null;
  positionMs: number;
  /** Server time (epoch ms) at which position 0 of the track would have started. */
  startedAt: number;
  paused: boolean;
  queue: string[];
}

export interface Room {
  id: string;
  hostId: string;
  name: string;
  visibility: RoomVisibility;
  createdAt: string;
  closedAt?: string | null;
  playback?: Playback | null;
  listeners: number;
  /** Only for the host of a PRIVATE room: others join with it. */
  inviteKey?: string | null;
}

export interface RoomMessage {
  id: string;
  roomId: string;
  from: string;
  text: string;
  trackId?: string | null;
  positionMs?: number | null;
  sentAt: string;
}

const enc = encodeURIComponent;

export const roomsApi = {
  list: (cursor?: string) => api<CursorPage<Room>>(`/api/rooms?limit=50${cursor ? `&cursor=${enc(cursor)}` : ''}`),
  create: (body: { name: string; visibility: RoomVisibility }) => api<Room>('/api/rooms', { method: 'POST', body }),
  get: (id: string) => api<Room>(`/api/rooms/${enc(id)}`),
  close: (id: string) => api<void>(`/api/rooms/${enc(id)}`, { method: 'DELETE' }),
  messages: (id: string, cursor?: string) =>
    api<CursorPage<RoomMessage>>(`/api/rooms/${enc(id)}/messages?limit=50${cursor ? `&cursor=${enc(cursor)}` : ''}`),
};

/** The link that joins a room (a PRIVATE room's carries its invite key). */
export function roomLink(origin: string, room: Pick<Room, 'id' | 'inviteKey'>): string {
  return `${origin}/rooms/${room.id}${room.inviteKey ? `?key=${room.inviteKey}` : ''}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** A pasted room link or id as a path in this app (/rooms/<id>?key=...), or null when it holds no room id. */
export function pathOfRoomLink(text: string): string | null {
  const trimmed = text.trim();
  const match = /rooms\/([0-9a-f-]{36})/i.exec(trimmed) ?? UUID.exec(trimmed);
  if (!match) return null;
  const id = match[1] ?? match[0];
  if (!UUID.test(id)) return null;
  const key = /[?&]key=([0-9a-f-]{36})/i.exec(trimmed)?.[1];
  return `/rooms/${id.toLowerCase()}${key ? `?key=${key.toLowerCase()}` : ''}`;
}
