import { createHash } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import { type Actor, loadGrants } from '../access/actor.ts';
import { addMinutes, iso } from '../clock.ts';
import type { AppContext } from '../context.ts';
import { randomToken } from '../crypto.ts';
import { AppError } from '../errors.ts';
import { ACTOR_COUNTERS, type Snapshot, readCacheOf } from '../read-cache.ts';
import { type Keyring, keyring } from '../security/keyring.ts';
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

interface SessionTimes {
  created_at: string;
  last_seen_at: string;
}

/** Whether a session is past its idle or absolute deadline under the security policy. */
function expired(s: SessionTimes, now: Date, policy: { sessionIdleMinutes: number; sessionAbsoluteHours: number }): boolean {
  return now >= addMinutes(new Date(s.last_seen_at), policy.sessionIdleMinutes) || now >= addMinutes(new Date(s.created_at), policy.sessionAbsoluteHours * 60);
}

/** Touch at most every 15 s: idle precision to the second is not worth a write per request. Returns the time kept. */
async function touch(ctx: AppContext, id: string, s: SessionTimes, now: Date): Promise<string> {
  if (now.getTime() - new Date(s.last_seen_at).getTime() <= 15_000) return s.last_seen_at;
  const at = iso(now);
  await ctx.db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
  return at;
}

interface KeptActor extends SessionTimes {
  actor: Actor;
  kept: Snapshot;
  /** The keys its grants' integrity tags were verified with: other keys bound, verified again. */
  keys: Keyring;
}

const MAX_KEPT_ACTORS = 10_000;
const keptActors = new WeakMap<AppContext['handle'], Map<string, KeptActor>>();

function keptActorsOf(ctx: AppContext): Map<string, KeptActor> {
  let m = keptActors.get(ctx.handle);
  if (!m) {
    m = new Map();
    keptActors.set(ctx.handle, m);
  }
  return m;
}

/**
 * Resolves a cookie token to an actor, ending sessions that are idle, too old or of a disabled user. With the read
 * cache (SQLite), an actor once resolved is kept per process with the write counters of sessions, users, grants and
 * settings, and used again while none of them moved: ending a session, disabling a user or changing a grant — from
 * any process — makes the next request read the database again. A kept actor past its deadline is never ended on
 * the kept times alone: the session row is read again (another process may have seen it since).
 */
export async function authenticate(ctx: AppContext, token: string | undefined): Promise<Actor | null> {
  if (!token || token.length > 200) return null;
  const id = sessionIdFromToken(token);
  const cache = readCacheOf(ctx);
  const now = ctx.clock.now();
  const policy = await securityPolicy(ctx);
  if (cache) {
    const k = keptActorsOf(ctx).get(id);
    if (k && k.keys === keyring() && cache.counters.unchanged(k.kept) && !expired(k, now, policy)) {
      k.last_seen_at = await touch(ctx, id, k, now);
      return k.actor;
    }
  }
  const kept = cache?.counters.take(ACTOR_COUNTERS);
  const keys = keyring();
  // Every request without a kept actor runs this: its SQL is compiled once (statement-cache.ts).
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
  if (row.disabled || expired(row, now, policy)) {
    await ctx.db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  const lastSeenAt = await touch(ctx, id, row, now);
  const grants = await loadGrants(ctx.db, row.user_id);
  const mfaRoles: readonly string[] = policy.mfaRequiredRoles;
  const mfaEnabled = row.totp_enabled_at !== null;
  const actor: Actor = Object.freeze({
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
  });
  if (kept) {
    const m = keptActorsOf(ctx);
    m.delete(id);
    if (m.size >= MAX_KEPT_ACTORS) m.delete(m.keys().next().value as string);
    m.set(id, { actor, kept, keys, created_at: row.created_at, last_seen_at: lastSeenAt });
  }
  return actor;
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
