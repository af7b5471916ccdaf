import { SecurityPolicy, SystemConfig } from '@taizhang/shared';
import type { z } from 'zod';
import type { Config } from '../config.ts';
import type { Executor } from '../db/database.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';
import { settingTag, settingTagValid } from './security/integrity.ts';
import { reportIntegrityViolation } from './security/integrity.ts';

/**
 * Run-time settings: one integrity-tagged JSON row per group in `settings`. Until a group is saved, its values come
 * from the process configuration. A row whose tag does not verify (edited in the database behind the application's
 * back) is ignored — the configuration's values apply — and reported once as 'security.integrity_violation'.
 * Reads are cached per context for a few seconds (a write in this process clears its entry at once; another
 * instance sees it within CACHE_MS).
 */
export interface SettingGroup<T> {
  key: string;
  schema: z.ZodType<T>;
  defaults(config: Config): T;
}

export const SECURITY_POLICY: SettingGroup<SecurityPolicy> = {
  key: 'security_policy',
  schema: SecurityPolicy,
  defaults: (c) => ({
    passwordStyle: c.PASSWORD_STYLE,
    passwordMinLength: c.PASSWORD_MIN_LENGTH,
    passwordMaxAgeDays: c.PASSWORD_MAX_AGE_DAYS,
    lockoutThreshold: c.LOCKOUT_THRESHOLD,
    lockoutMinutes: c.LOCKOUT_MINUTES,
    sessionIdleMinutes: c.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: c.SESSION_ABSOLUTE_HOURS,
    accountInactiveDays: c.ACCOUNT_INACTIVE_DAYS,
    mfaRequiredRoles: c.MFA_REQUIRED_ROLES.split(',')
      .map((r) => r.trim())
      .filter((r): r is SecurityPolicy['mfaRequiredRoles'][number] => SecurityPolicy.shape.mfaRequiredRoles.element.safeParse(r).success),
    reauthWindowMinutes: c.REAUTH_WINDOW_MINUTES,
  }),
};

export const SYSTEM_CONFIG: SettingGroup<SystemConfig> = {
  key: 'system_config',
  schema: SystemConfig,
  defaults: (c) => ({ siteName: '', announcement: '', auditRetentionDays: c.AUDIT_RETENTION_DAYS }),
};

export interface StoredSetting<T> {
  value: T;
  version: number;
  updatedAt: string | null;
  updatedBy: number | null;
  saved: boolean;
}

const CACHE_MS = 3000;
const caches = new WeakMap<object, Map<string, { at: number; setting: StoredSetting<unknown> }>>();

function cacheOf(ctx: AppContext) {
  let c = caches.get(ctx.handle);
  if (!c) {
    c = new Map();
    caches.set(ctx.handle, c);
  }
  return c;
}

async function load<T>(ctx: AppContext, exec: Executor, group: SettingGroup<T>): Promise<StoredSetting<T>> {
  const row = await exec.selectFrom('settings').selectAll().where('key', '=', group.key).executeTakeFirst();
  const fallback: StoredSetting<T> = { value: group.defaults(ctx.config), version: 0, updatedAt: null, updatedBy: null, saved: false };
  if (!row) return fallback;
  const parsed = (() => {
    try {
      return group.schema.safeParse(JSON.parse(row.value_json));
    } catch {
      return null;
    }
  })();
  if (!settingTagValid(row) || !parsed?.success) {
    await reportIntegrityViolation(exec, {
      table: 'settings',
      id: 0,
      userId: row.updated_by ?? 0,
      role: group.key,
      orgId: null,
      tag: row.integrity_tag,
      reason: parsed?.success ? 'integrity tag does not match' : 'stored value is not valid',
    });
    return { ...fallback, version: row.version };
  }
  return { value: parsed.data, version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by, saved: true };
}

/** The group's current values (cached briefly; pass a transaction to read past the cache). */
export async function readSetting<T>(ctx: AppContext, group: SettingGroup<T>, exec?: Executor): Promise<StoredSetting<T>> {
  if (exec) return load(ctx, exec, group);
  const cache = cacheOf(ctx);
  const hit = cache.get(group.key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.setting as StoredSetting<T>;
  const setting = await load(ctx, ctx.db, group);
  cache.set(group.key, { at: Date.now(), setting });
  return setting;
}

/** Saves a whole group if `expectedVersion` is still current (0 = never saved); returns the new version. */
export async function writeSetting<T>(
  ctx: AppContext,
  exec: Executor,
  group: SettingGroup<T>,
  value: T,
  expectedVersion: number,
  actorId: number,
): Promise<{ before: StoredSetting<T>; version: number }> {
  const before = await load(ctx, exec, group);
  if (before.version !== expectedVersion) throw new AppError('conflict', { currentVersion: before.version });
  const version = expectedVersion + 1;
  const value_json = JSON.stringify(value);
  const row = { key: group.key, value_json, version, updated_at: ctx.clock.now().toISOString(), updated_by: actorId };
  const integrity_tag = settingTag(row);
  if (expectedVersion === 0 && !(await exec.selectFrom('settings').select('key').where('key', '=', group.key).executeTakeFirst())) {
    await exec
      .insertInto('settings')
      .values({ ...row, integrity_tag })
      .execute();
  } else {
    const r = await exec
      .updateTable('settings')
      .set({ ...row, integrity_tag })
      .where('key', '=', group.key)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', { currentVersion: before.version });
  }
  cacheOf(ctx).delete(group.key);
  return { before, version };
}

/** Forget cached values (after a transaction that wrote settings commits, or in tests). */
export function clearSettingsCache(ctx: AppContext): void {
  cacheOf(ctx).clear();
}

/** The security policy in force (inside a transaction, pass it: reading beside it would wait on SQLite's one connection). */
export async function securityPolicy(ctx: AppContext, exec?: Executor): Promise<SecurityPolicy> {
  return (await readSetting(ctx, SECURITY_POLICY, exec)).value;
}
