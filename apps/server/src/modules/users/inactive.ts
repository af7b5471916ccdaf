import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { securityPolicy } from '../../platform/settings.ts';

/**
 * 等保 §8.1.4.1: accounts nobody has used for the security policy's accountInactiveDays (counted from the last login, or from creation
 * for accounts never used) are disabled and their sessions end. One transaction per account, each with its audit
 * event. A system administrator re-enables an account on the accounts page (or `taizhang user reset-password`).
 */
export async function disableInactiveAccounts(ctx: AppContext, now: Date): Promise<number[]> {
  const days = (await securityPolicy(ctx)).accountInactiveDays;
  if (days <= 0) return [];
  const cutoff = iso(new Date(now.getTime() - days * 86_400_000));
  const stale = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'last_login_at', 'created_at', 'version'])
    .where('disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb.and([eb('last_login_at', 'is not', null), eb('last_login_at', '<', cutoff)]),
        eb.and([eb('last_login_at', 'is', null), eb('created_at', '<', cutoff)]),
      ]),
    )
    .orderBy('id')
    .execute();
  const disabled: number[] = [];
  for (const u of stale) {
    await ctx.db.transaction().execute(async (trx) => {
      const res = await trx
        .updateTable('users')
        .set({ disabled: 1, updated_at: iso(now), version: u.version + 1 })
        .where('id', '=', u.id)
        .where('version', '=', u.version)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return; // changed meanwhile: the next pass looks again
      await revokeUserSessions(trx, u.id);
      await ctx.audit.write(trx, {
        at: iso(now),
        actorId: null,
        actorName: 'system',
        action: 'user.auto_disable',
        entityType: 'user',
        entityId: u.id,
        result: 'ok',
        before: { disabled: false, lastLoginAt: u.last_login_at },
        after: { disabled: true, reason: `no login for ${days} days` },
      });
      disabled.push(u.id);
    });
  }
  return disabled;
}
