import { SecurityPolicyUpdate, SecurityPolicyView, SystemConfigUpdate, SystemConfigView } from '@taizhang/shared';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { keyring } from '../../platform/security/keyring.ts';
import { SECURITY_POLICY, SYSTEM_CONFIG, type SettingGroup, type StoredSetting, readSetting, writeSetting } from '../../platform/settings.ts';

/**
 * 三员分立: the security administrator's security policy page and the system administrator's configuration page.
 * Each group is saved whole with a version check, after the password was entered again, and audited with the
 * values before and after.
 */
async function present<T>(db: Executor, s: StoredSetting<T>) {
  const by = s.updatedBy === null ? undefined : await db.selectFrom('users').select('display_name').where('id', '=', s.updatedBy).executeTakeFirst();
  return { value: s.value, version: s.version, updatedAt: s.updatedAt, updatedBy: by?.display_name ?? null, saved: s.saved };
}

async function facts(app: AppContext, db: Executor) {
  const r = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(db);
  return { dialect: app.dialect, cryptoProfile: app.config.CRYPTO_PROFILE, keyConfigured: keyring().master !== null, migrations: Number(r.rows[0]?.n ?? 0) };
}

function changed<T extends object>(before: T, after: T): string[] {
  return Object.keys(after).filter((k) => JSON.stringify(before[k as keyof T]) !== JSON.stringify(after[k as keyof T]));
}

async function save<T extends object>(
  app: AppContext,
  db: Executor,
  group: SettingGroup<T>,
  body: { version: number; value: T },
  actorId: number,
  audit: (d: { entityType: string; entityId: string; before: unknown; after: unknown }) => void,
) {
  const { before, version } = await writeSetting(app, db, group, body.value, body.version, actorId);
  audit({
    entityType: 'settings',
    entityId: group.key,
    before: { version: before.version, value: before.value },
    after: { version, value: body.value, changed: changed(before.value, body.value) },
  });
  return readSetting(app, group, db);
}

export const settingsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/settings/security-policy',
    summary: 'The security policy in force: passwords, lockout, sessions, inactive accounts, two-factor roles (security administrator)',
    tags: ['settings'],
    ability: 'security.manage',
    response: SecurityPolicyView,
    async handler({ app, db }) {
      return present(db, await readSetting(app, SECURITY_POLICY, db));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/settings/security-policy',
    summary: 'Replace the security policy (version check; password entered again within the re-authentication window)',
    tags: ['settings'],
    ability: 'security.manage',
    freshAuth: true,
    action: 'settings.security_policy.update',
    body: SecurityPolicyUpdate,
    response: SecurityPolicyView,
    async handler({ app, db, actor, body, audit }) {
      return present(db, await save(app, db, SECURITY_POLICY, body, actor.userId, audit));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/settings/system',
    summary: 'System configuration and installation facts (system administrator)',
    tags: ['settings'],
    ability: 'config.manage',
    response: SystemConfigView,
    async handler({ app, db }) {
      return { ...(await present(db, await readSetting(app, SYSTEM_CONFIG, db))), facts: await facts(app, db) };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/settings/system',
    summary: 'Replace the system configuration (version check; password entered again within the re-authentication window)',
    tags: ['settings'],
    ability: 'config.manage',
    freshAuth: true,
    action: 'settings.system.update',
    body: SystemConfigUpdate,
    response: SystemConfigView,
    async handler({ app, db, actor, body, audit }) {
      const view = await present(db, await save(app, db, SYSTEM_CONFIG, body, actor.userId, audit));
      return { ...view, facts: await facts(app, db) };
    },
  }),
];
