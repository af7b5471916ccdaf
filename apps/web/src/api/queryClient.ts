import { QueryClient } from '@tanstack/react-query';
import { configureApiClient, isApiError } from './client.ts';
import type { SessionView } from './types.ts';

export const SESSION_KEY = ['session'] as const;

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => {
        if (isApiError(err) && (err.code === 'network_error' || err.code === 'unavailable')) return count < 2;
        return false;
      },
    },
    mutations: { retry: false },
  },
});

let expired = false;

/** True once an API call found the session gone (the login page says so); cleared on the next login. */
export function sessionExpired(): boolean {
  return expired;
}

export function clearSessionExpired(): void {
  expired = false;
}

configureApiClient({
  csrfToken: () => queryClient.getQueryData<SessionView | null>(SESSION_KEY)?.csrfToken,
  onUnauthenticated: () => {
    // The guard sees the session gone and sends the user to the login page.
    if (queryClient.getQueryData(SESSION_KEY)) expired = true;
    queryClient.setQueryData(SESSION_KEY, null);
  },
  onSessionGate: () => {
    // The session answer says what is pending (password change, two-factor step); the guard forces that page.
    void queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  },
});
