import { CreateOrgUnitBody, IdParam, MoveOrgUnitBody, OrgTreeQuery, OrgUnitView, UpdateOrgUnitBody, VersionBody } from '@taizhang/shared';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { presentOrg } from './presenter.ts';
import * as repo from './repository.ts';
import { createOrgUnit, deactivateOrgUnit, moveOrgUnit, updateOrgUnit } from './service.ts';

const ListResponse = z.object({ items: z.array(OrgUnitView) });
const DetailResponse = z.object({
  unit: OrgUnitView,
  path: z.array(z.object({ id: z.number().int(), code: z.string(), name: z.string() })),
});

async function withCounts(db: Parameters<typeof repo.childCounts>[0], rows: repo.OrgRow[]) {
  const counts = await repo.childCounts(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => presentOrg(r, counts.get(r.id) ?? 0));
}

export const orgUnitRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/org-units',
    summary: "Children of a unit (or the caller's top units), or a search by name/code within reach",
    tags: ['org-units'],
    ability: 'org.read',
    query: OrgTreeQuery,
    cache: true,
    response: ListResponse,
    async handler({ db, actor, query }) {
      const scope = scopeOf(actor, 'org.read');
      if (query.q) return { items: await withCounts(db, await repo.search(db, scope, query.q)) };
      if (query.parentId === undefined) return { items: await withCounts(db, await repo.scopeRoots(db, scope)) };
      if (!(await repo.findById(db, query.parentId))) throw new AppError('not_found');
      await assertCan(db, actor, 'org.read', query.parentId);
      return { items: await withCounts(db, await repo.listChildren(db, query.parentId, query.includeInactive === '1')) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/org-units/:id',
    summary: 'One unit with its path from the root',
    tags: ['org-units'],
    ability: 'org.read',
    params: IdParam,
    response: DetailResponse,
    async handler({ db, actor, params }) {
      const row = await repo.findById(db, params.id);
      if (!row) throw new AppError('not_found');
      await assertCan(db, actor, 'org.read', row.id);
      // The path shows only the units the caller may see: nothing above a scoped user's reach leaks.
      const visible = await orgIdsInScope(
        db,
        scopeOf(actor, 'org.read'),
        (await repo.ancestorIds(db, row.id)).map((a) => a.id),
      );
      const ancestors = (await repo.ancestorIds(db, row.id)).filter((a) => visible.has(a.id));
      const rows = await db
        .selectFrom('org_units')
        .select(['id', 'code', 'name'])
        .where(
          'id',
          'in',
          ancestors.map((a) => a.id),
        )
        .execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      const counts = await repo.childCounts(db, [row.id]);
      return { unit: presentOrg(row, counts.get(row.id) ?? 0), path: ancestors.map((a) => byId.get(a.id)).filter((x) => x !== undefined) };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/org-units',
    summary: 'Create a unit under a parent',
    tags: ['org-units'],
    ability: 'org.manage',
    action: 'org_unit.create',
    body: CreateOrgUnitBody,
    response: OrgUnitView,
    async handler({ app, db, actor, body, audit, reply }) {
      const row = await createOrgUnit(app, db, actor, body);
      audit({ entityType: 'org_unit', entityId: row.id, orgId: row.id, after: row });
      reply.status(201);
      return presentOrg(row);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/org-units/:id',
    summary: 'Rename or edit a unit (optimistic locking by version)',
    tags: ['org-units'],
    ability: 'org.manage',
    action: 'org_unit.update',
    params: IdParam,
    body: UpdateOrgUnitBody,
    response: OrgUnitView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await updateOrgUnit(app, db, actor, params.id, body);
      audit({ entityType: 'org_unit', entityId: after.id, orgId: after.id, before, after });
      return presentOrg(after);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/org-units/:id/move',
    summary: 'Move a unit (and its subtree) under another parent; cycles are refused',
    tags: ['org-units'],
    ability: 'org.manage',
    action: 'org_unit.move',
    params: IdParam,
    body: MoveOrgUnitBody,
    response: OrgUnitView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await moveOrgUnit(app, db, actor, params.id, body);
      audit({ entityType: 'org_unit', entityId: after.id, orgId: after.id, before: { parentId: before.parent_id }, after: { parentId: after.parent_id } });
      return presentOrg(after);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/org-units/:id/deactivate',
    summary: 'Deactivate a unit; history stays',
    tags: ['org-units'],
    ability: 'org.manage',
    action: 'org_unit.deactivate',
    params: IdParam,
    body: VersionBody,
    response: OrgUnitView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await deactivateOrgUnit(app, db, actor, params.id, body.version);
      audit({
        entityType: 'org_unit',
        entityId: after.id,
        orgId: after.id,
        before: { active: before.active },
        after: { active: after.active, activeTo: after.active_to },
      });
      return presentOrg(after);
    },
  }),
];
