// The session: the access token lives in memory only; the refresh token is an HttpOnly cookie on /api/auth that
// auth-service sets when asked with X-Refresh-Token-Transport: cookie, so no script here ever sees it.

import type { TokenResponse } from '../api/types';

export interface SessionUser {
  id: string;
  emailVerified: boolean;
}

export interface SessionState {
  /** 'unknown' until the silent refresh at start has answered. */
  status: 'unknown' | 'signed-in' | 'signed-out';
  user: SessionUser | null;
}

export const COOKIE_TRANSPORT = { 'X-Refresh-Token-Transport': 'cookie' } as const;

let accessToken: string | null = null;
let expiresAt = 0;
let state: SessionState = { status: 'unknown', user: null };
const listeners = new Set<() => void>();
let refreshing: Promise<string | null> | null = null;

// Not a secret, only a hint: whether this browser had a session, so an anonymous visitor's first load does not
// ask auth-service for a refresh that can only fail (the cookie itself is invisible to scripts).
const HINT = 'lalala.session';
function setHint(on: boolean) {
  try {
    if (on) localStorage.setItem(HINT, '1');
    else localStorage.removeItem(HINT);
  } catch {
    /* storage unavailable: refresh anyway */
  }
}
export function hadSession(): boolean {
  try {
    return localStorage.getItem(HINT) !== null;
  } catch {
    return true;
  }
}

function emit() {
  for (const l of listeners) l();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getSession(): SessionState {
  return state;
}

function decodeClaims(token: string): Record<string, unknown> {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Takes the tokens of a login or refresh answer. */
export function acceptTokens(tokens: TokenResponse): void {
  accessToken = tokens.accessToken;
  expiresAt = Date.now() + tokens.expiresIn * 1000;
  const claims = decodeClaims(tokens.accessToken);
  setHint(true);
  state = {
    status: 'signed-in',
    user: { id: String(claims.sub ?? ''), emailVerified: claims.email_verified === true },
  };
  emit();
}

export function clearSession(): void {
  setHint(false);
  accessToken = null;
  expiresAt = 0;
  state = { status: 'signed-out', user: null };
  emit();
}

/** Asks auth-service for a new access token with the cookie; null when there is no session. */
export function refresh(): Promise<string | null> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const response = await fetch('/api/auth/refresh', {
          method: 'POST',
          credentials: 'same-origin',
          headers: { ...COOKIE_TRANSPORT },
        });
        if (!response.ok) {
          if (response.status === 401 || response.status === 400) clearSession();
          else if (state.status === 'unknown') clearSession();
          return null;
        }
        acceptTokens((await response.json()) as TokenResponse);
        return accessToken;
      } catch {
        if (state.status === 'unknown') clearSession();
        return null;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

/** A valid access token, refreshed shortly before it expires; null when signed out. */
export async function getAccessToken(): Promise<string | null> {
  if (accessToken && Date.now() < expiresAt - 30_000) return accessToken;
  if (state.status === 'signed-out') return null;
  return refresh();
}

export function currentAccessToken(): string | null {
  return accessToken;
}
