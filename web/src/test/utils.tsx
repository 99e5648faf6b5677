import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { acceptTokens } from '@/lib/auth/session';

export function fakeJwt(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'RS256' })}.${b64(claims)}.sig`;
}

export function signIn(claims: Record<string, unknown> = { sub: 'u-1', email_verified: true }) {
  acceptTokens({ accessToken: fakeJwt(claims), tokenType: 'Bearer', expiresIn: 900 });
}

export function json(status: number, body: unknown, type = 'application/json'): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });
}

export function problem(status: number, detail: string, errors?: { field: string; message: string }[]): Response {
  return json(status, { type: 'https://lalala.dev/problems/x', title: 'Problem', status, detail, errors }, 'application/problem+json');
}

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

/** Replaces fetch with a list of [method path-prefix, handler]; unknown calls are a 404 problem. */
export function mockFetch(routes: Record<string, Handler>) {
  const fn = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input.toString();
    const method = (init.method ?? 'GET').toUpperCase();
    const key = Object.keys(routes).find((k) => {
      const [m, p] = k.split(' ');
      return m === method && url.startsWith(p);
    });
    return key ? routes[key](url, init) : problem(404, `no mock for ${method} ${url}`);
  });
  vi.stubGlobal('fetch', fn);
  return fn;
}

export function renderRoutes(routes: RouteObject[], path: string) {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const utils = render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...utils, router };
}

export function renderWithClient(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}>{ui}</QueryClientProvider>);
}
