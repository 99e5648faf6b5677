import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { routes } from './router';
import { clearSession } from '@/lib/auth/session';
import { json, mockFetch, renderRoutes, signIn } from '@/test/utils';

beforeEach(() => clearSession());
afterEach(() => vi.unstubAllGlobals());

test("profile, settings and log out sit behind the nav's Account button, which Escape closes", async () => {
  signIn();
  mockFetch({
    'GET /api/tracks/liked': () => json(200, { items: [] }),
    'POST /api/auth/logout': () => new Response(null, { status: 204 }),
  });
  const { router } = renderRoutes(routes, '/liked');
  const nav = await screen.findByRole('navigation', { name: 'Main' });
  const account = await screen.findByRole('button', { name: /Account/ });
  expect(nav).toContainElement(account);
  expect(account).toHaveAttribute('aria-expanded', 'false');
  expect(screen.queryByRole('link', { name: 'Profile' })).toBeNull();

  const user = userEvent.setup();
  await user.click(account);
  expect(account).toHaveAttribute('aria-expanded', 'true');
  expect(screen.getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings');
  await user.keyboard('{Escape}');
  expect(account).toHaveAttribute('aria-expanded', 'false');
  expect(account).toHaveFocus();
  expect(screen.queryByRole('link', { name: 'Settings' })).toBeNull();

  // A press outside closes it too.
  await user.click(account);
  await user.click(screen.getByRole('main'));
  expect(account).toHaveAttribute('aria-expanded', 'false');

  await user.click(account);
  await user.click(screen.getByRole('link', { name: 'Profile' }));
  await waitFor(() => expect(router.state.location.pathname).toBe('/profile'));
  expect(screen.getByRole('button', { name: /Account/ })).toHaveAttribute('aria-expanded', 'false');

  await user.click(screen.getByRole('button', { name: /Account/ }));
  await user.click(screen.getByRole('button', { name: 'Log out' }));
  await waitFor(() => expect(screen.queryByRole('button', { name: /Account/ })).toBeNull());
  expect(screen.getAllByRole('link', { name: 'Log in' }).length).toBeGreaterThan(0);
});
