import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApiError } from '@/lib/api/problem';
import { PlayerBridgeContext } from '@/lib/player-bridge';
import { clearSession, hadSession, refresh } from '@/lib/auth/session';
import { createRouter } from './router';
import { playerBridge } from './playerBridge';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // Problems the client caused are not retried; a service that is down is, twice.
        retry: (count, error) => count < 2 && (!(error instanceof ApiError) || error.status >= 500 || error.status === 0),
      },
    },
  });
}

// On start, a silent refresh with the HttpOnly cookie: a returning user is signed in without typing anything.
let started = false;
export function startSession() {
  if (!started) {
    started = true;
    if (hadSession()) void refresh();
    else clearSession();
  }
}

export function App() {
  const [queryClient] = useState(makeQueryClient);
  const [router] = useState(createRouter);
  startSession();
  return (
    <QueryClientProvider client={queryClient}>
      <PlayerBridgeContext.Provider value={playerBridge}>
        <RouterProvider router={router} />
      </PlayerBridgeContext.Provider>
    </QueryClientProvider>
  );
}
