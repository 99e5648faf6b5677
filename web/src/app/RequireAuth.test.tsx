import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { routes } from './router';
import { clearSession } from '@/lib/auth/session';
import { fakeJwt, json, mockFetch, problem, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => clearSession());
afterEach(() => vi.unstubAllGlobals());

const mine = { items: [{ id: 't1', ownerId: 'u-1', title: 'Night Drive', genre: 'electronic', tags: [], visibility: 'PUBLIC', status: 'READY', playCount: 3, likeCount: 1, createdAt: '2026-01-01T00:00:00Z' }] };

test('a signed-out visitor is sent to log in and comes back to the page after', async () => {
  mockFetch({
    'POST /api/auth/login': () => json(200, { accessToken: fakeJwt({ sub: 'u-1', email_verified: true }), tokenType: 'Bearer', expiresIn: 900 }),
    'GET /api/tracks/mine': () => json(200, mine),
    'POST /api/auth/refresh': () => problem(401, 'no session'),
  });
  const { router } = renderRoutes(routes, '/my-songs');
  await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  expect(router.state.location.search).toBe('?next=%2Fmy-songs');

  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), 'mina@example.com');
  await user.type(screen.getByLabelText('Password'), 'a long enough passphrase');
  await user.click(screen.getByRole('button', { name: 'Log in' }));
  await waitFor(() => expect(router.state.location.pathname).toBe('/my-songs'));
  expect(await screen.findByRole('link', { name: 'Night Drive' })).toHaveAttribute('href', '/songs/t1');
});

test('an expired session (401 and no refresh) sends to log in and back to where the user was', async () => {
  signIn();
  const fetch = mockFetch({
    'GET /api/tracks/liked': () => problem(401, 'The token has expired.'),
    'POST /api/auth/refresh': () => problem(401, 'The refresh token has expired; log in again.'),
  });
  const { router } = renderRoutes(routes, '/liked');
  await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
  expect(new URLSearchParams(router.state.location.search).get('next')).toBe('/liked');
  expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument();
  // It tried the silent refresh once before giving up.
  expect(fetch.mock.calls.filter(([u]) => String(u) === '/api/auth/refresh')).toHaveLength(1);
});

test('a 401 answered by a working refresh retries with the new token and stays', async () => {
  signIn();
  let calls = 0;
  mockFetch({
    'GET /api/tracks/liked': (_u, init) => {
      calls++;
      const auth = new Headers(init.headers).get('Authorization') ?? '';
      return auth.includes(fakeJwt({ sub: 'u-1', email_verified: true, n: 2 })) ? json(200, mine) : problem(401, 'expired');
    },
    'POST /api/auth/refresh': () => json(200, { accessToken: fakeJwt({ sub: 'u-1', email_verified: true, n: 2 }), tokenType: 'Bearer', expiresIn: 900 }),
  });
  const { router } = renderRoutes(routes, '/liked');
  expect(await screen.findByRole('link', { name: 'Night Drive' })).toBeInTheDocument();
  expect(router.state.location.pathname).toBe('/liked');
  expect(calls).toBe(2);
});

test('log in never returns to another site', async () => {
  const { safeReturnPath } = await import('@/features/auth/LoginPage');
  expect(safeReturnPath('//evil.example/x')).toBe('/');
  expect(safeReturnPath('https://evil.example')).toBe('/');
  expect(safeReturnPath('/songs/1?x=2')).toBe('/songs/1?x=2');
});
