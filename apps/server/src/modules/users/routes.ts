import { AddGrantBody, CreateUserBody, GrantParams, IdParam, PageQuery, UserView, VersionBody, paged } from '@taizhang/shared';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { loadGrants } from '../../platform/access/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { like } from '../../platform/sql.ts';
import { reauthenticate } from '../auth/service.ts';
import { addGrant, createUser, resetPassword, setDisabled } from './service.ts';

async function present(db: Executor, id: number, now: Date) {
  const u = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!u) throw new AppError('not_found');
  const grants = await loadGrants(db, id);
  const orgIds = grants.map((g) => g.orgId).filter((x): x is number => x !== null);
  const orgs = orgIds.length ? await db.selectFrom('org_units').select(['id', 'name']).where('id', 'in', orgIds).execute() : [];
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    disabled: u.disabled === 1,
    locked: u.locked_until !== null && new Date(u.locked_until) > now,
    mustChangePassword: u.must_change_password === 1,
    lastLoginAt: u.last_login_at,
    grants: grants.map((g) => ({ id: g.id, role: g.role, orgId: g.orgId, orgName: g.orgId === null ? null : (names.get(g.orgId) ?? null) })),
    version: u.version,
  };
}

const CreatedUser = z.object({ user: UserView, oneTimePassword: z.string().nullable() });

export const userRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/users',
    summary: 'Accounts (system and security administrators)',
    tags: ['users'],
    ability: 'user.read',
    query: PageQuery.extend({ q: z.string().trim().max(64).optional() }),
    response: paged(UserView),
    async handler({ app, db, query }) {
      let q = db.selectFrom('users');
      if (query.q) q = q.where(like('username', query.q));
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const ids = await q
        .select('id')
        .orderBy('id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      const now = app.clock.now();
      const items = [];
      for (const r of ids) items.push(await present(db, r.id, now));
      return { items, total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create an account (system administrator); without a password a one-time one is returned',
    tags: ['users'],
    ability: 'user.manage',
    action: 'user.create',
    body: CreateUserBody,
    response: CreatedUser,
    async handler({ app, db, body, audit, reply }) {
      const { user, password } = await createUser(app, db, body);
      audit({ entityType: 'user', entityId: user.id, after: { username: user.username, displayName: user.display_name } });
      reply.status(201);
      return { user: await present(db, user.id, app.clock.now()), oneTimePassword: password ?? null };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:id/disable',
    summary: 'Disable an account; its sessions end at once',
    tags: ['users'],
    ability: 'user.manage',
    action: 'user.disable',
    params: IdParam,
    body: VersionBody,
    response: UserView,
    async handler({ app, db, params, body, actor, audit }) {
      if (params.id === actor.userId) throw new AppError('forbidden', { reason: 'cannot disable yourself' });
      const { before, after } = await setDisabled(app, db, params.id, true, body.version);
      audit({ entityType: 'user', entityId: after.id, before: { disabled: before.disabled }, after: { disabled: after.disabled } });
      return present(db, after.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:id/enable',
    summary: 'Enable a disabled account',
    tags: ['users'],
    ability: 'user.manage',
    action: 'user.enable',
    params: IdParam,
    body: VersionBody,
    response: UserView,
    async handler({ app, db, params, body, audit }) {
      const { before, after } = await setDisabled(app, db, params.id, false, body.version);
      audit({ entityType: 'user', entityId: after.id, before: { disabled: before.disabled }, after: { disabled: after.disabled } });
      return present(db, after.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:id/reset-password',
    summary: 'Reset to a one-time password that must be changed at next login',
    tags: ['users'],
    ability: 'user.manage',
    action: 'user.reset_password',
    params: IdParam,
    response: z.object({ oneTimePassword: z.string() }),
    async handler({ app, db, params, audit }) {
      const { user, password } = await resetPassword(app, db, params.id);
      audit({ entityType: 'user', entityId: user.id });
      return { oneTimePassword: password as string };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/users/:id/grants',
    summary: 'Grant a role on an org subtree (security administrator)',
    tags: ['users'],
    ability: 'grant.manage',
    action: 'grant.add',
    params: IdParam,
    body: AddGrantBody,
    response: UserView,
    async handler({ app, db, params, body, actor, audit }) {
      if (params.id === actor.userId) throw new AppError('forbidden', { reason: 'cannot grant yourself' });
      if (!(await db.selectFrom('users').select('id').where('id', '=', params.id).executeTakeFirst())) throw new AppError('not_found');
      await reauthenticate(app, db, actor, body.password, 'grant.add');
      const id = await addGrant(app, db, params.id, body.role, body.orgId);
      audit({ entityType: 'grant', entityId: id, orgId: body.orgId, after: { userId: params.id, role: body.role, orgId: body.orgId } });
      return present(db, params.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/users/:id/grants/:grantId',
    summary: 'Revoke a grant',
    tags: ['users'],
    ability: 'grant.manage',
    action: 'grant.remove',
    params: GrantParams,
    response: UserView,
    async handler({ app, db, params, actor, audit }) {
      if (params.id === actor.userId) throw new AppError('forbidden', { reason: 'cannot change own grants' });
      const g = await db.selectFrom('grants').selectAll().where('id', '=', params.grantId).where('user_id', '=', params.id).executeTakeFirst();
      if (!g) throw new AppError('not_found');
      await db.deleteFrom('grants').where('id', '=', g.id).execute();
      audit({ entityType: 'grant', entityId: g.id, orgId: g.org_id, before: { userId: g.user_id, role: g.role, orgId: g.org_id } });
      return present(db, params.id, app.clock.now());
    },
  }),
];
