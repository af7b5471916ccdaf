import { IdParam, OkResponse } from '@taizhang/shared';
import { CreateDisclosureBody, DisclosureQuery, MissingDisclosureView, MissingDisclosuresQuery, UpdateDisclosureBody } from '@taizhang/shared/schemas/risks';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { scopeSubquery } from '../../platform/access/scope.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { checkFilterOrg, checkWriteOrg, subtreeOf, yearRange } from './common.ts';
import { createDisclosure, loadDisclosureFor, missingDisclosures, presentDisclosures, updateDisclosure } from './disclosures.ts';

export const disclosureRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/disclosures',
    summary: 'Disclosure register (党务政务公开) in reach: org subtree, year, category',
    tags: ['disclosures'],
    ability: 'risk.read',
    query: DisclosureQuery,
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const scope = scopeOf(actor, 'risk.read');
      let q = db.selectFrom('disclosures as d');
      if (!scope.all) q = q.where('d.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId !== undefined) q = q.where('d.org_id', 'in', subtreeOf(db, query.orgId));
      if (query.category) q = q.where('d.category', '=', query.category);
      if (query.year !== undefined) {
        const y = yearRange(query.year);
        q = q.where('d.disclosed_on', '>=', y.from).where('d.disclosed_on', '<=', y.to);
      }
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll('d')
        .orderBy('d.disclosed_on', 'desc')
        .orderBy('d.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentDisclosures(db, rows), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/disclosures/missing',
    summary: 'Items the rules require each year that an org of the subtree has not disclosed in the year',
    tags: ['disclosures'],
    ability: 'risk.read',
    query: MissingDisclosuresQuery,
    response: z.object({ items: z.array(MissingDisclosureView) }),
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      return { items: await missingDisclosures(db, scopeOf(actor, 'risk.read'), query.orgId, query.year) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/disclosures',
    summary: 'Record a disclosure item',
    tags: ['disclosures'],
    ability: 'disclosure.manage',
    action: 'disclosure.create',
    body: CreateDisclosureBody,
    async handler({ app, db, actor, body, audit, reply }) {
      await checkWriteOrg(db, actor, 'disclosure.manage', body.orgId);
      const row = await createDisclosure(app, db, body);
      audit({ entityType: 'disclosure', entityId: row.id, orgId: row.org_id, after: row });
      reply.status(201);
      return (await presentDisclosures(db, [row]))[0];
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/disclosures/:id',
    summary: 'Edit a disclosure item',
    tags: ['disclosures'],
    ability: 'disclosure.manage',
    action: 'disclosure.update',
    params: IdParam,
    body: UpdateDisclosureBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadDisclosureFor(db, actor, params.id, 'disclosure.manage');
      const after = await updateDisclosure(app, db, before, body);
      audit({ entityType: 'disclosure', entityId: after.id, orgId: after.org_id, before, after });
      return (await presentDisclosures(db, [after]))[0];
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/disclosures/:id',
    summary: 'Delete a disclosure item recorded by mistake',
    tags: ['disclosures'],
    ability: 'disclosure.manage',
    action: 'disclosure.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const before = await loadDisclosureFor(db, actor, params.id, 'disclosure.manage');
      await db.deleteFrom('disclosures').where('id', '=', before.id).execute();
      audit({ entityType: 'disclosure', entityId: before.id, orgId: before.org_id, before });
      return { ok: true as const };
    },
  }),
];
