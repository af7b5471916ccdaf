import type { AppContext } from '../../platform/context.ts';
import { addGrant, createUser } from './service.ts';

/**
 * On an empty database: one committee administrator over the whole tree, plus the three separated
 * administrators (三员分立). Each gets a one-time password, returned once, to be changed at first login.
 */
export async function ensureFirstAdmins(ctx: AppContext): Promise<{ username: string; role: string; password: string }[] | null> {
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const accounts = [
    { username: 'admin', displayName: '工委管理员', role: 'committee_admin' as const },
    { username: 'sysadmin', displayName: '系统管理员', role: 'system_admin' as const },
    { username: 'secadmin', displayName: '安全管理员', role: 'security_admin' as const },
    { username: 'auditor', displayName: '审计管理员', role: 'audit_admin' as const },
  ];
  return ctx.db.transaction().execute(async (trx) => {
    const out = [];
    for (const a of accounts) {
      const { user, password } = await createUser(ctx, trx, { username: a.username, displayName: a.displayName });
      await addGrant(ctx, trx, user.id, a.role, null, 'bootstrap');
      await ctx.audit.write(trx, {
        at: ctx.clock.now().toISOString(),
        actorId: null,
        actorName: 'system',
        action: 'user.bootstrap',
        entityType: 'user',
        entityId: user.id,
        result: 'ok',
        after: { username: a.username, role: a.role },
      });
      out.push({ username: a.username, role: a.role, password: password as string });
    }
    return out;
  });
}
