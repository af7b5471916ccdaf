import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { masterKey, openField, sealField } from '../../platform/keys.ts';

function totp(secretBase32: string, username: string): TOTP {
  return new TOTP({ issuer: 'Taizhang', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

const hashCode = (code: string) => createHash('sha256').update(code.replace(/[\s-]/g, '').toLowerCase()).digest('hex');

/** RFC 6238 check with one step of clock drift either way, at the app clock's time. */
export function totpValid(ctx: AppContext, secretBase32: string, username: string, code: string): boolean {
  return totp(secretBase32, username).validate({ token: code.replace(/\s/g, ''), timestamp: ctx.clock.now().getTime(), window: 1 }) !== null;
}

export function currentTotp(ctx: AppContext, secretBase32: string): string {
  return totp(secretBase32, 'x').generate({ timestamp: ctx.clock.now().getTime() });
}

/** Starts enrolment: a new secret, kept sealed until a first code confirms it. */
export async function beginSetup(ctx: AppContext, exec: Executor, actor: Actor) {
  if (actor.mfaEnabled) throw new AppError('conflict', { reason: 'two-factor authentication is already enabled' });
  const secret = new Secret({ size: 20 }).base32;
  await exec
    .updateTable('users')
    .set({ totp_secret: sealField(masterKey(ctx.config), secret) })
    .where('id', '=', actor.userId)
    .execute();
  return { secret, uri: totp(secret, actor.username).toString() };
}

export async function enable(ctx: AppContext, exec: Executor, actor: Actor, code: string) {
  const user = await exec.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (user.totp_enabled_at) throw new AppError('conflict', { reason: 'already enabled' });
  if (!user.totp_secret) throw new AppError('validation_failed', { fields: [{ field: 'body.code', message: '请先获取密钥 / start the setup first' }] });
  const secret = openField(masterKey(ctx.config), user.totp_secret);
  if (!totpValid(ctx, secret, actor.username, code))
    throw new AppError('validation_failed', { fields: [{ field: 'body.code', message: '验证码不正确 / the code is wrong' }] });
  const recovery = Array.from({ length: 10 }, () => randomBytes(5).toString('hex'));
  await exec
    .updateTable('users')
    .set({ totp_enabled_at: iso(ctx.clock.now()), recovery_codes_json: JSON.stringify(recovery.map(hashCode)) })
    .where('id', '=', actor.userId)
    .execute();
  await exec.updateTable('sessions').set({ mfa_verified: 1 }).where('id', '=', actor.sessionId).execute();
  return recovery;
}

/** Second step of sign-in: an authenticator code, or a one-use recovery code. */
export async function verify(ctx: AppContext, exec: Executor, actor: Actor, code: string): Promise<'totp' | 'recovery'> {
  const user = await exec
    .selectFrom('users')
    .select(['totp_secret', 'recovery_codes_json', 'username'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow();
  if (!user.totp_secret || !actor.mfaEnabled) throw new AppError('conflict', { reason: 'two-factor authentication is not enabled' });
  let how: 'totp' | 'recovery' | null = null;
  if (/^\d{6}$/.test(code.trim()) && totpValid(ctx, openField(masterKey(ctx.config), user.totp_secret), user.username, code)) how = 'totp';
  else {
    const codes = JSON.parse(user.recovery_codes_json ?? '[]') as string[];
    const h = hashCode(code);
    if (codes.includes(h)) {
      how = 'recovery';
      await exec
        .updateTable('users')
        .set({ recovery_codes_json: JSON.stringify(codes.filter((c) => c !== h)) })
        .where('id', '=', actor.userId)
        .execute();
    }
  }
  if (!how) throw new AppError('unauthenticated', { reason: 'mfa_code_wrong' });
  await exec.updateTable('sessions').set({ mfa_verified: 1 }).where('id', '=', actor.sessionId).execute();
  return how;
}
