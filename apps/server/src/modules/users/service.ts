import { grantTag } from '../../platform/security/integrity.ts';
import type { Role } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import { generatePassword, hashPassword, passwordProblems, policyOf } from '../../platform/auth/passwords.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { securityPolicy } from '../../platform/settings.ts';

export interface NewUser {
  username: string;
  displayName: string;
  /** Operator-chosen password: not forced to change. Without one, a random one is returned and must be changed. */
  password?: string;
  personId?: number | null;
}

export async function createUser(ctx: AppContext, exec: Executor, input: NewUser) {
  const exists = await exec.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (exists) throw validation([{ field: 'body.username', message: `用户名 ${input.username} 已存在 / username already taken` }]);
  let password = input.password;
  const generated = password === undefined;
  if (password === undefined) password = generatePassword();
  else {
    const problems = passwordProblems(password, input.username, policyOf(await securityPolicy(ctx, exec)));
    if (problems.length) throw validation(problems.map((m) => ({ field: 'body.password', message: m })));
  }
  const now = iso(ctx.clock.now());
  const row = await exec
    .insertInto('users')
    .values({
      username: input.username,
      display_name: input.displayName,
      password_hash: await hashPassword(password),
      must_change_password: generated ? 1 : 0,
      disabled: 0,
      failed_attempts: 0,
      locked_until: null,
      last_login_at: null,
      password_changed_at: generated ? null : now,
      person_id: input.personId ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { user: row, password: generated ? password : undefined };
}

export async function addGrant(ctx: AppContext, exec: Executor, userId: number, role: Role, orgId: number | null, source = 'manual') {
  if (orgId !== null && !(await exec.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst())) {
    throw validation([{ field: 'body.orgId', message: '组织不存在 / no such org unit' }]);
  }
  const dup = await exec
    .selectFrom('grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where((eb) => (orgId === null ? eb('org_id', 'is', null) : eb('org_id', '=', orgId)))
    .executeTakeFirst();
  if (dup) return dup.id;
  const row = await exec
    .insertInto('grants')
    .values({
      user_id: userId,
      role,
      org_id: orgId,
      source,
      created_at: iso(ctx.clock.now()),
      integrity_tag: grantTag({ user_id: userId, role, org_id: orgId }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function resetPassword(ctx: AppContext, exec: Executor, userId: number, password?: string) {
  const user = await exec.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found');
  const generated = password === undefined;
  const pw = password ?? generatePassword();
  if (!generated) {
    const problems = passwordProblems(pw, user.username, policyOf(await securityPolicy(ctx, exec)));
    if (problems.length) throw validation(problems.map((m) => ({ field: 'password', message: m })));
  }
  await exec
    .updateTable('users')
    .set({
      password_hash: await hashPassword(pw),
      must_change_password: generated ? 1 : 0,
      password_changed_at: generated ? user.password_changed_at : iso(ctx.clock.now()),
      failed_attempts: 0,
      locked_until: null,
      updated_at: iso(ctx.clock.now()),
      version: user.version + 1,
    })
    .where('id', '=', userId)
    .execute();
  await revokeUserSessions(exec, userId);
  return { user, password: generated ? pw : undefined };
}

export async function setDisabled(ctx: AppContext, exec: Executor, userId: number, disabled: boolean, version: number) {
  const user = await exec.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
  if (!user) throw new AppError('not_found');
  if (user.version !== version) throw new AppError('conflict', { currentVersion: user.version });
  const after = await exec
    .updateTable('users')
    .set({ disabled: disabled ? 1 : 0, updated_at: iso(ctx.clock.now()), version: user.version + 1 })
    .where('id', '=', userId)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (disabled) await revokeUserSessions(exec, userId);
  return { before: user, after };
}
