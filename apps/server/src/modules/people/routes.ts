import {
  AddPostBody,
  CreatePersonBody,
  DUTY_ROLES,
  EndPostBody,
  IdParam,
  IsoDate,
  OrgDutyRolesView,
  PeopleQuery,
  PersonView,
  UpdatePersonBody,
  paged,
} from '@taizhang/shared';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { allowedOrgIds, assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { dutyRolesAt } from './duty-roles.ts';
import { presentPerson } from './presenter.ts';
import { openPhones, orgNames, pagePeople, postsOf } from './repository.ts';
import { addPost, createAccounts, createPerson, endPost, loadPersonFor, updatePerson } from './service.ts';
import { orgCounts } from './stats.ts';

async function presentOne(app: Parameters<typeof openPhones>[0], db: Parameters<typeof postsOf>[0], id: number, fullPhone = false) {
  const [p] = openPhones(app, [await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow()]);
  if (!p) throw new AppError('not_found');
  const posts = await postsOf(db, [id]);
  const names = await orgNames(db, [p.unit_id, p.party_org_id]);
  return presentPerson(p, posts, names, { fullPhone });
}

const PersonDetail = PersonView.extend({
  statusHistory: z.array(z.object({ status: z.string(), effectiveDate: z.string().nullable(), recordedAt: z.string(), source: z.string() })),
});
const StatsResponse = z.object({
  items: z.array(z.object({ orgId: z.number().int(), schools: z.number(), branches: z.number(), members: z.number(), staff: z.number() })),
});

export const peopleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/people',
    summary: 'People in reach, filtered (subtree, status, post) and searched (name, code, pinyin initials)',
    tags: ['people'],
    ability: 'people.read',
    query: PeopleQuery,
    cache: true,
    response: paged(PersonView),
    async handler({ app, db, actor, query }) {
      if (query.orgId !== undefined) {
        if (!(await db.selectFrom('org_units').select('id').where('id', '=', query.orgId).executeTakeFirst())) throw new AppError('not_found');
        await assertCan(db, actor, 'people.read', query.orgId);
      }
      const { rows, total, nextCursor } = await pagePeople(db, scopeOf(actor, 'people.read'), query);
      const posts = await postsOf(
        db,
        rows.map((r) => r.id),
      );
      const names = await orgNames(
        db,
        rows.flatMap((r) => [r.unit_id, r.party_org_id]),
      );
      return { items: openPhones(app, rows).map((r) => presentPerson(r, posts, names)), total, page: query.page, pageSize: query.pageSize, nextCursor };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/people/:id',
    summary: 'One person with posts and status history (phone masked)',
    tags: ['people'],
    ability: 'people.read',
    params: IdParam,
    response: PersonDetail,
    async handler({ app, db, actor, params }) {
      await loadPersonFor(db, actor, params.id, 'people.read');
      const history = await db.selectFrom('person_status_history').selectAll().where('person_id', '=', params.id).orderBy('id').execute();
      return {
        ...(await presentOne(app, db, params.id)),
        statusHistory: history.map((h) => ({ status: h.status, effectiveDate: h.effective_date, recordedAt: h.recorded_at, source: h.source })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/people/:id/phone',
    summary: 'The full phone number (audited read)',
    tags: ['people'],
    ability: 'people.phone.read',
    params: IdParam,
    response: z.object({ phone: z.string().nullable() }),
    async handler({ app, db, actor, params, auditRead }) {
      const p = await loadPersonFor(db, actor, params.id, 'people.phone.read');
      await auditRead('person.phone_read', { entityType: 'person', entityId: p.id, orgId: p.unit_id ?? p.party_org_id });
      return { phone: openPhones(app, [p])[0]?.phone ?? null };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/people',
    summary: 'Create a person',
    tags: ['people'],
    ability: 'people.manage',
    action: 'person.create',
    body: CreatePersonBody,
    response: PersonView,
    async handler({ app, db, actor, body, audit, reply }) {
      const row = await createPerson(app, db, actor, body);
      audit({ entityType: 'person', entityId: row.id, orgId: row.unit_id ?? row.party_org_id, after: row });
      reply.status(201);
      return presentOne(app, db, row.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/people/:id',
    summary: 'Edit a person (optimistic locking by version); status changes are kept as history',
    tags: ['people'],
    ability: 'people.manage',
    action: 'person.update',
    params: IdParam,
    body: UpdatePersonBody,
    response: PersonView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await updatePerson(app, db, actor, params.id, body);
      audit({ entityType: 'person', entityId: after.id, orgId: after.unit_id ?? after.party_org_id, before, after });
      return presentOne(app, db, after.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/people/:id/posts',
    summary: 'Add a post held from a date',
    tags: ['people'],
    ability: 'people.manage',
    action: 'person.post_add',
    params: IdParam,
    body: AddPostBody,
    response: PersonView,
    async handler({ app, db, actor, params, body, audit }) {
      const p = await loadPersonFor(db, actor, params.id, 'people.manage');
      if (!(await db.selectFrom('org_units').select('id').where('id', '=', body.orgId).executeTakeFirst()))
        throw validation([{ field: 'body.orgId', message: '组织不存在 / no such org unit' }]);
      await assertCan(db, actor, 'people.manage', body.orgId);
      const row = await addPost(app, db, p.id, body.orgId, body.post, body.startDate ?? chinaDate(app.clock.now()));
      audit({ entityType: 'person_post', entityId: row.id, orgId: body.orgId, after: row });
      return presentOne(app, db, p.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/people/:id/posts/:postId/end',
    summary: 'End a post on a date (history is kept)',
    tags: ['people'],
    ability: 'people.manage',
    action: 'person.post_end',
    params: z.object({ id: z.coerce.number().int().positive(), postId: z.coerce.number().int().positive() }),
    body: EndPostBody,
    response: PersonView,
    async handler({ app, db, actor, params, body, audit }) {
      const p = await loadPersonFor(db, actor, params.id, 'people.manage');
      const post = await db.selectFrom('person_posts').select('id').where('id', '=', params.postId).where('person_id', '=', p.id).executeTakeFirst();
      if (!post) throw new AppError('not_found');
      const row = await endPost(app, db, post.id, body.endDate);
      audit({ entityType: 'person_post', entityId: row.id, orgId: row.org_id, after: { endDate: row.end_date } });
      return presentOne(app, db, p.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/people/accounts',
    summary: 'Create accounts for selected people; grants follow their posts. One-time passwords are returned once',
    tags: ['people'],
    ability: 'people.manage',
    action: 'person.accounts_create',
    body: z.object({ personIds: z.array(z.number().int().positive()).min(1).max(500) }),
    response: z.object({
      items: z.array(z.object({ personId: z.number(), username: z.string(), password: z.string().nullable(), skipped: z.string().optional() })),
    }),
    async handler({ app, db, actor, body, audit }) {
      for (const id of body.personIds) await loadPersonFor(db, actor, id, 'people.manage');
      const items = await createAccounts(app, db, body.personIds);
      audit({
        entityType: 'person',
        entityId: body.personIds.join(',').slice(0, 60),
        after: { accounts: items.filter((i) => i.password).map((i) => i.username) },
      });
      return { items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/org-stats',
    summary: 'Schools, branches, members and staff per unit, rolled up over each subtree',
    tags: ['org-units'],
    ability: 'org.read',
    query: z.object({
      ids: z
        .string()
        .regex(/^\d+(,\d+)*$/)
        .max(5000),
    }),
    response: StatsResponse,
    async handler({ db, actor, query }) {
      const ids = query.ids.split(',').map(Number).slice(0, 500);
      const allowed = await allowedOrgIds(db, actor, 'org.read', ids);
      const counts = await orgCounts(db, [...allowed]);
      return { items: [...counts].map(([orgId, c]) => ({ orgId, ...c })) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duty-roles',
    summary: 'First/direct responsible and dual-duty members of every party org under a unit, at a date',
    tags: ['duty-roles'],
    ability: 'org.read',
    query: z.object({ orgId: z.coerce.number().int().positive(), date: IsoDate.optional(), gapsOnly: z.enum(['0', '1']).optional() }),
    response: z.object({ items: z.array(OrgDutyRolesView) }),
    async handler({ app, db, actor, query }) {
      if (!(await db.selectFrom('org_units').select('id').where('id', '=', query.orgId).executeTakeFirst())) throw new AppError('not_found');
      await assertCan(db, actor, 'org.read', query.orgId);
      const ids = (
        await db
          .selectFrom('org_closure as c')
          .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
          .select('o.id')
          .where('c.ancestor_id', '=', query.orgId)
          .where('o.active', '=', 1)
          .execute()
      ).map((r) => r.id);
      const roles = await dutyRolesAt(db, ids, query.date ?? chinaDate(app.clock.now()));
      const items = (query.gapsOnly === '1' ? roles.filter((r) => r.vacancies.length > 0) : roles).map(({ orgKind: _k, schoolId: _s, ...r }) => r);
      return { items };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-roles/overrides',
    summary: 'Name a duty-role holder by hand (overrides what posts imply) from a date',
    tags: ['duty-roles'],
    ability: 'people.manage',
    action: 'duty_role.override',
    body: z.object({
      orgId: z.number().int().positive(),
      role: z.enum(DUTY_ROLES),
      personId: z.number().int().positive(),
      startDate: IsoDate,
      endDate: IsoDate.nullable().optional(),
      reason: z.string().trim().min(2).max(500),
    }),
    response: z.object({ id: z.number().int() }),
    async handler({ app, db, actor, body, audit }) {
      await assertCan(db, actor, 'people.manage', body.orgId);
      await loadPersonFor(db, actor, body.personId, 'people.read');
      const row = await db
        .insertInto('duty_role_overrides')
        .values({
          org_id: body.orgId,
          role: body.role,
          person_id: body.personId,
          start_date: body.startDate,
          end_date: body.endDate ?? null,
          reason: body.reason,
          created_at: iso(app.clock.now()),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      audit({ entityType: 'duty_role_override', entityId: row.id, orgId: body.orgId, after: body });
      return { id: row.id };
    },
  }),
];
