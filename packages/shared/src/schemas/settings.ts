import { z } from 'zod';
import { ROLES } from '../roles.ts';

/**
 * Settings administrators change at run time. The security policy belongs to the security administrator, the
 * system configuration to the system administrator (三员分立). Until saved once, each group's values come from the
 * process configuration (env / taizhang.config.json); the bounds below are what 等保 level 3 allows.
 */
export const SecurityPolicy = z.object({
  /** asvs: length + breached-list check; dengbao: adds three of four character classes (pair with an expiry). */
  passwordStyle: z.enum(['asvs', 'dengbao']),
  passwordMinLength: z.number().int().min(8).max(64),
  /** 0 = passwords never expire. */
  passwordMaxAgeDays: z.number().int().min(0).max(365),
  lockoutThreshold: z.number().int().min(3).max(10),
  lockoutMinutes: z.number().int().min(5).max(1440),
  sessionIdleMinutes: z.number().int().min(5).max(120),
  sessionAbsoluteHours: z.number().int().min(1).max(24),
  /** Accounts unused this many days are disabled (0 = never). */
  accountInactiveDays: z.number().int().min(0).max(365),
  /** Roles that must sign in with an authenticator code. */
  mfaRequiredRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  /** How long one password re-entry allows personal-data exports. */
  reauthWindowMinutes: z.number().int().min(1).max(30),
});
export type SecurityPolicy = z.infer<typeof SecurityPolicy>;

export const SystemConfig = z.object({
  /** Shown in the header and on the sign-in page, e.g. "某区教育工委意识形态工作台账". */
  siteName: z.string().trim().max(60),
  /** A notice every signed-in user sees at the top of each page (maintenance windows…); empty for none. */
  announcement: z.string().trim().max(200),
  /** Audit rows younger than this are never archived (at least 180 days). */
  auditRetentionDays: z.number().int().min(180).max(3650),
});
export type SystemConfig = z.infer<typeof SystemConfig>;

const Stored = z.object({
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** false while the values still come from the process configuration. */
  saved: z.boolean(),
});

export const SecurityPolicyView = Stored.extend({ value: SecurityPolicy });
export const SystemConfigView = Stored.extend({
  value: SystemConfig,
  /** Facts of the installation (read-only). */
  facts: z.object({ dialect: z.string(), cryptoProfile: z.string(), keyConfigured: z.boolean(), migrations: z.number().int() }),
});
export const SecurityPolicyUpdate = z.object({ version: z.number().int().min(0), value: SecurityPolicy });
export const SystemConfigUpdate = z.object({ version: z.number().int().min(0), value: SystemConfig });
