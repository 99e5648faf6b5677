// Every call the app makes, typed. Paths and bodies as in docs/accounts.md, profiles.md, songs.md.

import { api } from './client';
import { COOKIE_TRANSPORT } from '../auth/session';
import type {
  Chart, ChartWindow, CursorPage, Genre, LikeState, OwnProfile, Profile, SignUpResponse, TokenResponse, Track,
} from './types';

export const auth = {
  signUp: (body: { email: string; password: string; displayName: string }) =>
    api<SignUpResponse>('/api/auth/signup', { method: 'POST', body, auth: false }),
  login: (body: { email: string; password: string }) =>
    api<TokenResponse>('/api/auth/login', { method: 'POST', body, auth: false, headers: { ...COOKIE_TRANSPORT } }),
  logout: () => api<void>('/api/auth/logout', { method: 'POST', auth: false }),
  logoutAll: () => api<{ sessionsEnded: number }>('/api/auth/logout-all', { method: 'POST' }),
  verifyEmail: (token: string) => api<void>('/api/auth/email/verify', { method: 'POST', body: { token }, auth: false }),
  resendVerification: (email: string) =>
    api<void>('/api/auth/email/verification', { method: 'POST', body: { email }, auth: false }),
  requestReset: (email: string) =>
    api<void>('/api/auth/password/reset-request', { method: 'POST', body: { email }, auth: false }),
  resetPassword: (token: string, newPassword: string) =>
    api<void>('/api/auth/password/reset', { method: 'POST', body: { token, newPassword }, auth: false }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api<void>('/api/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
  deleteAccount: (password: string) => api<void>('/api/auth/account', { method: 'DELETE', body: { password } }),
};

export const users = {
  me: () => api<OwnProfile>('/api/users/me'),
  byId: (id: string) => api<Profile>(`/api/users/${encodeURIComponent(id)}`, { auth: false }),
  byHandle: (handle: string) => api<Profile>(`/api/users/by-handle/${encodeURIComponent(handle)}`, { auth: false }),
  update: (body: { displayName?: string; bio?: string | null }) =>
    api<OwnProfile>('/api/users/me', { method: 'PATCH', body }),
  setAvatar: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    return api<OwnProfile>('/api/users/me/avatar', { method: 'PUT', body: form });
  },
  removeAvatar: () => api<void>('/api/users/me/avatar', { method: 'DELETE' }),
};

export const tracks = {
  genres: () => api<{ items: Genre[] }>('/api/tracks/genres', { auth: false }),
  get: (id: string) => api<Track>(`/api/tracks/${encodeURIComponent(id)}`),
  mine: (cursor?: string) => api<CursorPage<Track>>(`/api/tracks/mine?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  liked: (cursor?: string) => api<CursorPage<Track>>(`/api/tracks/liked?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  latest: (genre?: string) =>
    api<CursorPage<Track>>(`/api/tracks/latest?limit=12${genre ? `&genre=${encodeURIComponent(genre)}` : ''}`, { auth: false }),
  byArtist: (artist: string) => api<CursorPage<Track>>(`/api/tracks?artist=${encodeURIComponent(artist)}&limit=50`, { auth: false }),
  likeState: (id: string) => api<LikeState>(`/api/tracks/${encodeURIComponent(id)}/like`),
  like: (id: string) => api<LikeState>(`/api/tracks/${encodeURIComponent(id)}/like`, { method: 'PUT' }),
  unlike: (id: string) => api<LikeState>(`/api/tracks/${encodeURIComponent(id)}/like`, { method: 'DELETE' }),
  remove: (id: string) => api<void>(`/api/tracks/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  chart: (window: ChartWindow, genre?: string) =>
    api<Chart>(`/api/charts/${window}?limit=50${genre ? `&genre=${encodeURIComponent(genre)}` : ''}`, { auth: false }),
};

export function coverOf(trackId: string, size: 300 | 1200 = 300): string {
  return `/api/tracks/${encodeURIComponent(trackId)}/cover/${size}.jpg`;
}
