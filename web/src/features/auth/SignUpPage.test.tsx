import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, expect, test, vi } from 'vitest';
import { SignUpPage } from './SignUpPage';
import { mockFetch, problem, renderRoutes } from '@/test/utils';

afterEach(() => vi.unstubAllGlobals());

test("the server's field errors show next to their fields, linked for screen readers", async () => {
  const fetch = mockFetch({
    'POST /api/auth/signup': () => problem(400, 'The request has invalid fields.', [
      { field: 'password', message: 'This password is too common; choose another.' },
      { field: 'displayName', message: 'must not be blank' },
    ]),
  });
  renderRoutes([{ path: '/signup', element: <SignUpPage /> }], '/signup');
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Email'), 'mina@example.com');
  await user.type(screen.getByLabelText('Password'), 'password123');
  await user.click(screen.getByRole('button', { name: 'Sign up' }));

  const password = screen.getByLabelText('Password');
  expect(await screen.findByText('This password is too common; choose another.')).toBeInTheDocument();
  expect(password).toHaveAttribute('aria-invalid', 'true');
  expect(password).toHaveAccessibleDescription('This password is too common; choose another.');
  expect(screen.getByLabelText('Display name')).toHaveAccessibleDescription('must not be blank');
  expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
  const body = JSON.parse(String(fetch.mock.calls[0][1]?.body));
  expect(body).toEqual({ email: 'mina@example.com', password: 'password123', displayName: '' });
});

test('an email that is taken offers to log in or reset the password', async () => {
  mockFetch({ 'POST /api/auth/signup': () => problem(409, 'An account with this email already exists.') });
  renderRoutes([{ path: '/signup', element: <SignUpPage /> }], '/signup');
  const user = userEvent.setup();
  await user.type(screen.getByLabelText('Display name'), 'Mina');
  await user.type(screen.getByLabelText('Email'), 'mina@example.com');
  await user.type(screen.getByLabelText('Password'), 'a long enough passphrase');
  await user.click(screen.getByRole('button', { name: 'Sign up' }));
  const alert = await screen.findByRole('alert');
  expect(within(alert).getByRole('link', { name: 'Log in' })).toHaveAttribute('href', '/login');
  expect(within(alert).getByRole('link', { name: 'reset the password' })).toHaveAttribute('href', '/forgot-password');
});

test('a service that is down shows a message, not a blank page', async () => {
  mockFetch({ 'POST /api/auth/signup': () => problem(503, 'auth-service is unavailable') });
  renderRoutes([{ path: '/signup', element: <SignUpPage /> }], '/signup');
  const user = userEvent.setup();
  await user.click(screen.getByRole('button', { name: 'Sign up' }));
  expect(await screen.findByRole('alert')).toHaveTextContent(/not answering right now/);
});
