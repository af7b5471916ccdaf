import { type Ability, ROLE_ABILITIES } from '@taizhang/shared/roles';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { ApiError, request } from '../api/client.ts';
import { SESSION_KEY, clearSessionExpired, queryClient } from '../api/queryClient.ts';
import type { OkResponse, SessionView } from '../api/types.ts';

let loggedOut = false;

/** True after the user signed out in this tab (the login page then opens without a `next` path). */
export function wasLoggedOut(): boolean {
  return loggedOut;
}

export type GatePath = '/mfa' | '/change-password' | '/mfa/setup';

/**
 * The step the server still requires before anything else, in the server's order: the authenticator code, then a
 * password change, then (for roles that need it) enrolling an authenticator. Null when the session is complete.
 */
export function gateOf(session: SessionView): GatePath | null {
  // `mfa` is optional here so the UI also works against a server without two-factor support.
  const mfa = (session as Partial<Pick<SessionView, 'mfa'>>).mfa;
  if (mfa?.pending) return '/mfa';
  if (session.user.mustChangePassword) return '/change-password';
  if (mfa?.setupRequired) return '/mfa/setup';
  return null;
}

/** GET /auth/session; null when not signed in. */
export async function fetchSession(): Promise<SessionView | null> {
  try {
    return await request<SessionView>('GET', '/api/v1/auth/session', { quiet: true });
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unauthenticated') return null;
    throw err;
  }
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

let lastSession: SessionView | null = null;

/**
 * The signed-in session (only call below the session guard). While the session is being dropped (sign-out, expiry)
 * the last one is returned for the one render before the guard leaves the page.
 */
export function useCurrentSession(): SessionView {
  const { data } = useSession();
  if (data) lastSession = data;
  if (!lastSession) throw new Error('useCurrentSession outside the session guard');
  return data ?? lastSession;
}

/** Signs the client side out: the session becomes null (the guard goes to the login page) and cached data is dropped. */
export function forgetSession(): void {
  queryClient.setQueryData(SESSION_KEY, null);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
}

export function useCan(): (ability: Ability | undefined) => boolean {
  const { data } = useSession();
  const abilities = data?.abilities;
  return useCallback((ability) => ability === undefined || (abilities?.includes(ability) ?? false), [abilities]);
}

/** True when one grant carrying `ability` covers the whole tree (orgId null). */
export function hasWholeTreeAbility(session: SessionView | null | undefined, ability: Ability): boolean {
  return !!session?.grants.some((g) => g.orgId === null && ROLE_ABILITIES[g.role].includes(ability));
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: { username: string; password: string }) => request<SessionView>('POST', '/api/v1/auth/login', { body, quiet: true }),
    onSuccess: (session) => {
      loggedOut = false;
      clearSessionExpired();
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useLogout() {
  return useMutation({
    mutationFn: async () => {
      try {
        await request<OkResponse>('POST', '/api/v1/auth/logout', { body: {}, quiet: true });
      } catch (err) {
        // Already signed out on the server: the outcome is the same.
        if (!(err instanceof ApiError && err.code === 'unauthenticated')) throw err;
      }
    },
    onSuccess: () => {
      loggedOut = true;
      forgetSession();
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) => request<OkResponse>('POST', '/api/v1/auth/change-password', { body, quiet: true }),
    onSuccess: async () => {
      await queryClient.fetchQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 0 });
    },
  });
}
