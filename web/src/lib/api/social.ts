// The social calls (follows and feed: feed-service; playlists: playlist-service; search: search-service), in a file
// of their own beside endpoints.ts. Shapes as in those services' controllers and records.

import { api } from './client';
import type { CursorPage, Visibility } from './types';

/** A user as feed-service lists them; handle and names are absent until the profile reached that service. */
export interface UserSummary {
  id: string;
  handle?: string | null;
  displayName?: string | null;
  avatarUrl?: string | null;
}

export type ActivityKind = 'TRACK_PUBLISHED' | 'TRACK_LIKED' | 'PLAYLIST_PUBLISHED' | 'USER_FOLLOWED';

export interface FeedItem {
  id: string;
  kind: ActivityKind;
  actor: UserSummary;
  subject: {
    type: 'TRACK' | 'PLAYLIST' | 'USER';
    id: string;
    title?: string | null;
    imageUrl?: string | null;
    durationMs?: number | null;
    genre?: string | null;
    trackCount?: number | null;
    user?: UserSummary | null;
  };
  occurredAt: string;
}

export interface FollowCounts {
  userId: string;
  followers: number;
  following: number;
  /** Whether the caller follows them (false without a session). */
  followedByYou: boolean;
}

export interface FollowEntry {
  userId: string;
  handle?: string | null;
  displayName?: string | null;
  avatarUrl?: string | null;
  since: string;
  followedByYou: boolean;
}

export interface FollowStatus {
  userId: string;
  following: boolean;
  changed: boolean;
  followers: number;
}

export interface Suggestion {
  user: UserSummary;
  mutualCount: number;
  mutualNames: string[];
  followers: number;
  reason: 'FOLLOWED_BY_PEOPLE_YOU_FOLLOW' | 'POPULAR_ARTIST' | string;
}

export type PlaylistRole = 'OWNER' | 'COLLABORATOR' | 'VIEWER';

export interface PlaylistItem {
  itemId: string;
  position: number;
  trackId: string;
  available: boolean;
  title?: string | null;
  artistId?: string | null;
  artistName?: string | null;
  artistHandle?: string | null;
  durationMs?: number | null;
  coverUrl?: string | null;
  addedBy?: string | null;
  addedAt: string;
}

export interface Playlist {
  id: string;
  ownerId: string;
  ownerName?: string | null;
  ownerHandle?: string | null;
  name: string;
  description?: string | null;
  visibility: Visibility;
  collaborative: boolean;
  coverTrackId?: string | null;
  coverUrl?: string | null;
  trackCount: number;
  likeCount: number;
  role: PlaylistRole;
  liked: boolean;
  collaborators: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
  items: PlaylistItem[];
}

export interface PlaylistSummary {
  id: string;
  ownerId: string;
  name: string;
  description?: string | null;
  visibility: Visibility;
  collaborative: boolean;
  coverUrl?: string | null;
  trackCount: number;
  likeCount: number;
  role: PlaylistRole;
  createdAt: string;
  updatedAt: string;
}

export type SearchType = 'track' | 'artist' | 'playlist' | 'all';

export interface SearchHit {
  type: 'track' | 'artist' | 'playlist';
  id: string;
  title?: string | null;
  subtitle?: string | null;
  /** The title with matched words in <em>, HTML-escaped otherwise. */
  highlight?: string | null;
  imageUrl?: string | null;
  genre?: string | null;
  durationMs?: number | null;
  plays?: number | null;
  likes?: number | null;
  followers?: number | null;
  trackCount?: number | null;
  visibility?: string | null;
  score?: number | null;
}

export interface SearchResults {
  query: string;
  type: string;
  items: SearchHit[];
  /** On the first page: counts by "type" and by "genre". */
  facets?: Record<string, Record<string, number>> | null;
  nextCursor?: string | null;
}

export interface SearchSuggestion {
  type: 'track' | 'artist' | 'playlist';
  id: string;
  text?: string | null;
  subtitle?: string | null;
  imageUrl?: string | null;
}

const enc = encodeURIComponent;
function query(params: Record<string, string | number | undefined | null>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${enc(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

export const follows = {
  follow: (userId: string) => api<FollowStatus>(`/api/follows/${enc(userId)}`, { method: 'PUT' }),
  unfollow: (userId: string) => api<FollowStatus>(`/api/follows/${enc(userId)}`, { method: 'DELETE' }),
  counts: (userId: string) => api<FollowCounts>(`/api/follows/${enc(userId)}/counts`),
  followers: (userId: string, cursor?: string) =>
    api<CursorPage<FollowEntry>>(`/api/follows/${enc(userId)}/followers${query({ limit: 30, cursor })}`),
  following: (userId: string, cursor?: string, limit = 30) =>
    api<CursorPage<FollowEntry>>(`/api/follows/${enc(userId)}/following${query({ limit, cursor })}`),
  suggestions: (limit = 8) => api<{ items: Suggestion[] }>(`/api/follows/suggestions${query({ limit })}`),
};

export const feed = {
  page: (cursor?: string) => api<CursorPage<FeedItem>>(`/api/feed${query({ limit: 20, cursor })}`),
};

export const playlists = {
  create: (body: { name: string; description?: string; visibility: Visibility }) =>
    api<Playlist>('/api/playlists', { method: 'POST', body }),
  get: (id: string) => api<Playlist>(`/api/playlists/${enc(id)}`),
  change: (id: string, body: { name?: string; description?: string | null; visibility?: Visibility }) =>
    api<Playlist>(`/api/playlists/${enc(id)}`, { method: 'PATCH', body }),
  remove: (id: string) => api<void>(`/api/playlists/${enc(id)}`, { method: 'DELETE' }),
  mine: (cursor?: string) => api<CursorPage<PlaylistSummary>>(`/api/me/playlists${query({ limit: 50, cursor })}`),
  ofUser: (userId: string, cursor?: string) =>
    api<CursorPage<PlaylistSummary>>(`/api/users/${enc(userId)}/playlists${query({ limit: 30, cursor })}`),
  addItem: (id: string, trackId: string) =>
    api<{ itemId: string; trackId: string }>(`/api/playlists/${enc(id)}/items`, { method: 'POST', body: { trackId } }),
  moveItem: (id: string, itemId: string, position: number) =>
    api<void>(`/api/playlists/${enc(id)}/items/${enc(itemId)}`, { method: 'PATCH', body: { position } }),
  removeItem: (id: string, itemId: string) =>
    api<void>(`/api/playlists/${enc(id)}/items/${enc(itemId)}`, { method: 'DELETE' }),
  invite: (id: string, userId: string) =>
    api<void>(`/api/playlists/${enc(id)}/collaborators`, { method: 'POST', body: { userId } }),
  uninvite: (id: string, userId: string) =>
    api<void>(`/api/playlists/${enc(id)}/collaborators/${enc(userId)}`, { method: 'DELETE' }),
};

export const search = {
  query: (q: string, type: SearchType, genre?: string, cursor?: string) =>
    api<SearchResults>(`/api/search${query({ q, type, genre, cursor, limit: 20 })}`),
  suggest: (q: string, signal?: AbortSignal) =>
    api<{ query: string; items: SearchSuggestion[] }>(`/api/search/suggest${query({ q, limit: 8 })}`, { signal }),
};

/** Where a user's page is: by handle when known (the profile route), else by id. */
export function userPath(u: { id?: string; userId?: string; handle?: string | null }): string {
  return u.handle ? `/u/${enc(u.handle)}` : `/users/${enc(u.id ?? u.userId ?? '')}`;
}
