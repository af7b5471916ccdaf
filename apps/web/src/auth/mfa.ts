import { useMutation } from '@tanstack/react-query';
import { request } from '../api/client.ts';
import { SESSION_KEY, queryClient } from '../api/queryClient.ts';
import type { OkResponse } from '../api/types.ts';
import { fetchSession } from './session.ts';

const refreshSession = () => queryClient.fetchQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 0 });

/** Second sign-in step: an authenticator code or a recovery code. */
export function useMfaVerify() {
  return useMutation({
    mutationFn: (code: string) => request<OkResponse>('POST', '/api/v1/auth/mfa/verify', { body: { code }, quiet: true }),
    onSuccess: refreshSession,
  });
}

/** Starts enrolment: a new secret and its otpauth:// URI. */
export function useMfaSetup() {
  return useMutation({
    mutationFn: () => request<{ secret: string; uri: string }>('POST', '/api/v1/auth/mfa/setup', { body: {}, quiet: true }),
  });
}

/** Confirms enrolment with a first code; the answer holds the one-use recovery codes (shown once). */
export function useMfaEnable() {
  return useMutation({
    mutationFn: (code: string) => request<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/mfa/enable', { body: { code }, quiet: true }),
  });
}

export { refreshSession };
