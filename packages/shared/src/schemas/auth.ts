import { z } from 'zod';
import { ABILITIES, ROLES } from '../roles.ts';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});

export const ReauthBody = z.object({ password: z.string().min(1).max(256) });
export const ReauthResponse = z.object({ ok: z.literal(true), validUntil: z.string() });

export const ChangePasswordBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const GrantView = z.object({
  id: z.number().int(),
  role: z.enum(ROLES),
  orgId: z.number().int().nullable(),
  orgName: z.string().nullable(),
});

export const SessionView = z.object({
  user: z.object({
    id: z.number().int(),
    username: z.string(),
    displayName: z.string(),
    mustChangePassword: z.boolean(),
    /** The staff record the account belongs to (first responsible person checks, pledges), if any. */
    personId: z.number().int().nullable(),
  }),
  grants: z.array(GrantView),
  abilities: z.array(z.enum(ABILITIES)),
  csrfToken: z.string(),
  mfa: z.object({ enabled: z.boolean(), pending: z.boolean(), setupRequired: z.boolean() }),
});

export const MfaCodeBody = z.object({ code: z.string().trim().min(6).max(20) });
export type SessionView = z.infer<typeof SessionView>;
