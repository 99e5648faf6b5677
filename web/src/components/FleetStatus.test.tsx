import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FleetStatus } from './FleetStatus';
import { json, mockFetch } from '@/test/utils';

function show() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(<QueryClientProvider client={client}><FleetStatus /></QueryClientProvider>);
}

describe('FleetStatus', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('names the services that are not up', async () => {
    mockFetch({
      'GET /actuator/health/fleet': () => json(503, {
        status: 'DOWN',
        components: { downstream: { status: 'DOWN', components: {
          'user-service': { status: 'DOWN' }, 'track-service': { status: 'UP' }, 'chat-service': { status: 'DOWN' } } } },
      }),
    });
    show();
    expect(await screen.findByRole('status')).toHaveTextContent('not working right now (user, chat)');
  });

  it('shows nothing while the fleet is up', async () => {
    const fetch = mockFetch({ 'GET /actuator/health/fleet': () => json(200, { status: 'UP' }) });
    show();
    await vi.waitFor(() => expect(fetch).toHaveBeenCalled());
    expect(screen.queryByRole('status')).toBeNull();
  });
});
