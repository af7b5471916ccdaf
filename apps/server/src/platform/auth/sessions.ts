import { createHash } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { type Actor, loadGrants } from '../access/actor.ts';
import { addMinutes, iso } from '../clock.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto.ts';
import { AppError } from '../errors.ts';
import { securityPolicy } from '../settings.ts';
import { cachedRows } from '../statement-cache.ts';

export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(exec: Executor, ctx: AppContext, userId: number, meta: { ip?: string; userAgent?: string }) {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const now = iso(ctx.clock.now());
  await exec
    .insertInto('sessions')
    .values({
      id: sessionIdFromToken(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      ip: meta.ip ?? null,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
      mfa_verified: 0,
    })
    .execute();
  return { token, csrfToken };
}

/** Resolves a cookie token to an actor, ending sessions that are idle, too old or of a disabled user. */
export async function authenticate(ctx: AppContext, token: string | undefined): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const id = sessionIdFromToken(token);
  // Every request runs this: its SQL is compiled once (statement-cache.ts).
  const [row] = await cachedRows(ctx.db, 'auth.session', [id], () =>
    ctx.db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .select([
        's.id',
        's.user_id',
        's.csrf_token',
        's.created_at',
        's.last_seen_at',
        'u.username',
        'u.display_name',
        'u.disabled',
        'u.must_change_password',
        'u.person_id',
        'u.totp_enabled_at',
        's.mfa_verified',
        's.reauth_at',
      ])
      .where('s.id', '=', id),
  );
  if (!row) return null;
  const now = ctx.clock.now();
  const policy = await securityPolicy(ctx);
  const idleDeadline = addMinutes(new Date(row.last_seen_at), policy.sessionIdleMinutes);
  const absoluteDeadline = addMinutes(new Date(row.created_at), policy.sessionAbsoluteHours * 60);
  if (row.disabled || now >= idleDeadline || now >= absoluteDeadline) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most every 15 s: idle precision to the second is not worth a write per request.
  if (now.getTime() - new Date(row.last_seen_at).getTime() > 15_000) {
    await ctx.db
      .updateTable('sessions')
      .set({ last_seen_at: iso(now) })
      .where('id', '=', id)
      .execute();
  }
  const grants = await loadGrants(ctx.db, row.user_id);
  const mfaRoles: readonly string[] = policy.mfaRequiredRoles;
  const mfaEnabled = row.totp_enabled_at !== null;
  return {
    userId: row.user_id,
    username: row.username,
    displayName: row.display_name,
    personId: row.person_id,
    grants,
    sessionId: id,
    csrfToken: row.csrf_token,
    mustChangePassword: row.must_change_password === 1,
    mfaEnabled,
    mfaPending: mfaEnabled && row.mfa_verified !== 1,
    mfaSetupRequired: !mfaEnabled && grants.some((g) => mfaRoles.includes(g.role)),
    reauthAt: row.reauth_at,
  };
}

export async function revokeUserSessions(exec: Executor, userId: number, exceptSessionId?: string): Promise<void> {
  let q = exec.deleteFrom('sessions').where('user_id', '=', userId);
  if (exceptSessionId) q = q.where('id', '!=', exceptSessionId);
  await q.execute();
}

/**
 * Personal-data exports (and settings changes) need a password entered again in this session within the security
 * policy's reauthWindowMinutes (POST /api/v1/auth/reauth); otherwise `reauth_required`, which the web answers by
 * asking for the password and retrying.
 */
export async function requireFreshAuth(ctx: AppContext, actor: Actor): Promise<void> {
  const windowMinutes = (await securityPolicy(ctx)).reauthWindowMinutes;
  const at = actor.reauthAt ? new Date(actor.reauthAt).getTime() : Number.NaN;
  const now = ctx.clock.now().getTime();
  if (!(now - at >= 0 && now - at < windowMinutes * 60_000)) throw new AppError('reauth_required', { windowMinutes });
}
