import type { FastifyRequest } from 'fastify';
import type { Executor } from '../../db/database.ts';
import { type Actor, actorAbilities, loadGrants } from '../../platform/access/actor.ts';
import { hashPassword, passwordProblems, policyOf, verifyPassword } from '../../platform/auth/passwords.ts';
import { createSession, revokeUserSessions } from '../../platform/auth/sessions.ts';
import { addMinutes, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { auditBase } from '../../platform/http/route.ts';
import { securityPolicy } from '../../platform/settings.ts';

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0w4u4D8kbqZ2J0Z9xY7Qm1b8m4Qb0m2nJmQ2mQ1xg1Q';

/** Per-key fixed-window counter in the database, so limits hold across app instances. */
export async function hitRateLimit(ctx: AppContext, key: string, limit: number, windowMs: number): Promise<boolean> {
  const now = ctx.clock.now();
  const windowStart = iso(new Date(Math.floor(now.getTime() / windowMs) * windowMs));
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    if (!row || row.window_start !== windowStart) {
      await trx.deleteFrom('rate_limits').where('key', '=', key).execute();
      await trx.insertInto('rate_limits').values({ key, window_start: windowStart, count: 1 }).execute();
      return false;
    }
    if (row.count >= limit) return true;
    await trx
      .updateTable('rate_limits')
      .set({ count: row.count + 1 })
      .where('key', '=', key)
      .execute();
    return false;
  });
}

/** A password older than `maxAgeDays` (0 = no expiry) must be changed at the next login. */
export function passwordExpired(maxAgeDays: number, changedAt: string, now: Date): boolean {
  return maxAgeDays > 0 && now.getTime() - new Date(changedAt).getTime() >= maxAgeDays * 86_400_000;
}

export async function login(ctx: AppContext, req: FastifyRequest, username: string, password: string) {
  const base = auditBase(ctx, req, null);
  const fail = async (code: 'unauthenticated' | 'account_locked' | 'rate_limited', userId: number | null, reason: string) => {
    await ctx.audit.write(ctx.db, {
      ...base,
      actorId: userId,
      actorName: username.slice(0, 64),
      action: 'auth.login',
      entityType: 'user',
      entityId: userId,
      result: code === 'unauthenticated' ? 'failed' : 'denied',
      after: { reason },
    });
    throw new AppError(code);
  };
  if (await hitRateLimit(ctx, `login:${req.ip}`, ctx.config.LOGIN_RATE_PER_MINUTE, 60_000)) {
    return fail('rate_limited', null, 'ip rate limit');
  }
  const user = await ctx.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  if (!user) {
    await verifyPassword(DUMMY_HASH, password);
    return fail('unauthenticated', null, 'unknown user');
  }
  const now = ctx.clock.now();
  const policy = await securityPolicy(ctx);
  if (user.locked_until && new Date(user.locked_until) > now) return fail('account_locked', user.id, 'locked');
  const ok = await verifyPassword(user.password_hash, password);
  if (!ok) {
    const attempts = user.failed_attempts + 1;
    const lock = attempts >= policy.lockoutThreshold;
    await ctx.db
      .updateTable('users')
      .set({ failed_attempts: lock ? 0 : attempts, locked_until: lock ? iso(addMinutes(now, policy.lockoutMinutes)) : user.locked_until })
      .where('id', '=', user.id)
      .execute();
    return fail(lock ? 'account_locked' : 'unauthenticated', user.id, lock ? 'wrong password; account locked' : 'wrong password');
  }
  if (user.disabled) return fail('unauthenticated', user.id, 'disabled');
  const expired = passwordExpired(policy.passwordMaxAgeDays, user.password_changed_at ?? user.created_at, now);
  return ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null, last_login_at: iso(now), ...(expired ? { must_change_password: 1 } : {}) })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(trx, ctx, user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
    await ctx.audit.write(trx, {
      ...base,
      actorId: user.id,
      actorName: user.username,
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      result: 'ok',
      ...(expired ? { after: { passwordExpired: true } } : {}),
    });
    return { ...session, userId: user.id };
  });
}

const REAUTH_LIMIT = 5;
const REAUTH_WINDOW_MS = 15 * 60_000;

/**
 * Re-authentication for a sensitive action (grants, sign-offs): the caller's own password again, checked inside the
 * action's transaction. A wrong one is a field error whose failure record (written by the error handler outside the
 * rolled-back transaction, with reason reauth_failed) is what the limit counts: REAUTH_LIMIT tries in 15 minutes.
 */
export async function reauthenticate(ctx: AppContext, exec: Executor, actor: Actor, password: string, action: string): Promise<void> {
  const since = iso(new Date(ctx.clock.now().getTime() - REAUTH_WINDOW_MS));
  const failures = await exec
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', action)
    .where('actor_id', '=', actor.userId)
    .where('result', '=', 'failed')
    .where('at', '>=', since)
    .where('after_json', 'like', '%reauth_failed%')
    .executeTakeFirstOrThrow();
  if (Number(failures.n) >= REAUTH_LIMIT) throw new AppError('rate_limited', { reason: 'reauth_attempts' });
  const user = await exec.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, password))) {
    throw new AppError('validation_failed', {
      reason: 'reauth_failed',
      fields: [{ field: 'body.password', message: '密码不正确，请重新输入以确认身份 / wrong password: enter yours again to confirm' }],
    });
  }
}

export async function sessionView(exec: Executor, actor: Actor) {
  const grants = await loadGrants(exec, actor.userId);
  const orgIds = grants.map((g) => g.orgId).filter((x): x is number => x !== null);
  const orgs = orgIds.length ? await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    user: {
      id: actor.userId,
      username: actor.username,
      displayName: actor.displayName,
      mustChangePassword: actor.mustChangePassword,
      personId: actor.personId,
    },
    grants: grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgId === null ? null : (names.get(g.orgId) ?? null) })),
    abilities: [...actorAbilities({ grants })].sort(),
    csrfToken: actor.csrfToken,
    mfa: { enabled: actor.mfaEnabled, pending: actor.mfaPending, setupRequired: actor.mfaSetupRequired },
  };
}

export async function changePassword(ctx: AppContext, trx: Executor, actor: Actor, current: string, next: string) {
  const user = await trx.selectFrom('users').selectAll().where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, current))) {
    throw new AppError('validation_failed', { fields: [{ field: 'body.currentPassword', message: '当前密码不正确 / current password is wrong' }] });
  }
  const problems = passwordProblems(next, user.username, policyOf(await securityPolicy(ctx, trx)));
  if (current === next) problems.push('新密码不能与当前密码相同 / must differ from the current password');
  if (problems.length) throw new AppError('validation_failed', { fields: problems.map((m) => ({ field: 'body.newPassword', message: m })) });
  await trx
    .updateTable('users')
    .set({
      password_hash: await hashPassword(next),
      must_change_password: 0,
      password_changed_at: iso(ctx.clock.now()),
      updated_at: iso(ctx.clock.now()),
      version: user.version + 1,
    })
    .where('id', '=', user.id)
    .execute();
  // Other sessions of this user end; this one continues.
  await revokeUserSessions(trx, user.id, actor.sessionId);
}
