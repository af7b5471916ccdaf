import type { Executor } from '../../db/database.ts';
import type { OrgUnitsTable } from '../../db/types.ts';
import type { Scope } from '../../platform/access/actor.ts';
import type { Selectable } from 'kysely';
import { like } from '../../platform/sql.ts';

export type OrgRow = Selectable<OrgUnitsTable>;

export function findById(exec: Executor, id: number) {
  return exec.selectFrom('org_units').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByCode(exec: Executor, code: string) {
  return exec.selectFrom('org_units').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function ancestorIds(exec: Executor, id: number): Promise<{ id: number; depth: number }[]> {
  const rows = await exec.selectFrom('org_closure').select(['ancestor_id', 'depth']).where('descendant_id', '=', id).orderBy('depth', 'desc').execute();
  return rows.map((r) => ({ id: r.ancestor_id, depth: r.depth }));
}

export async function isDescendant(exec: Executor, ancestorId: number, candidate: number): Promise<boolean> {
  const row = await exec
    .selectFrom('org_closure')
    .select('depth')
    .where('ancestor_id', '=', ancestorId)
    .where('descendant_id', '=', candidate)
    .executeTakeFirst();
  return row !== undefined;
}

export async function subtreeIds(exec: Executor, rootId: number): Promise<number[]> {
  const rows = await exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', rootId).execute();
  return rows.map((r) => r.descendant_id);
}

/** Inserts the closure rows of a new node under `parentId` (or as a root). */
export async function linkNew(exec: Executor, id: number, parentId: number | null): Promise<void> {
  const rows = [{ ancestor_id: id, descendant_id: id, depth: 0 }];
  if (parentId !== null) {
    for (const a of await ancestorIds(exec, parentId)) rows.push({ ancestor_id: a.id, descendant_id: id, depth: a.depth + 1 });
  }
  await exec.insertInto('org_closure').values(rows).execute();
}

/** Re-parents a subtree: drops its links to old ancestors and links it under the new parent. */
export async function relink(exec: Executor, id: number, newParentId: number | null): Promise<void> {
  const oldAncestors = (await ancestorIds(exec, id)).filter((a) => a.id !== id).map((a) => a.id);
  const subtree = await exec.selectFrom('org_closure').select(['descendant_id', 'depth']).where('ancestor_id', '=', id).execute();
  const subIds = subtree.map((s) => s.descendant_id);
  if (oldAncestors.length) {
    for (let i = 0; i < subIds.length; i += 500) {
      await exec
        .deleteFrom('org_closure')
        .where('ancestor_id', 'in', oldAncestors)
        .where('descendant_id', 'in', subIds.slice(i, i + 500))
        .execute();
    }
  }
  if (newParentId !== null) {
    const newAncestors = await ancestorIds(exec, newParentId);
    const rows = newAncestors.flatMap((a) => subtree.map((s) => ({ ancestor_id: a.id, descendant_id: s.descendant_id, depth: a.depth + s.depth + 1 })));
    for (let i = 0; i < rows.length; i += 300)
      await exec
        .insertInto('org_closure')
        .values(rows.slice(i, i + 300))
        .execute();
  }
}

export async function childCounts(exec: Executor, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await exec
    .selectFrom('org_units')
    .select(['parent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('parent_id', 'in', ids)
    .where('active', '=', 1)
    .groupBy('parent_id')
    .execute();
  return new Map(rows.map((r) => [r.parent_id as number, Number(r.n)]));
}

export function listChildren(exec: Executor, parentId: number, includeInactive: boolean) {
  let q = exec.selectFrom('org_units').selectAll().where('parent_id', '=', parentId);
  if (!includeInactive) q = q.where('active', '=', 1);
  return q.orderBy('sort_order').orderBy('code').execute();
}

/** Top-most units a scope reaches: the tree's roots for a whole-tree scope; else the granted units not under another granted unit. */
export async function scopeRoots(exec: Executor, scope: Scope): Promise<OrgRow[]> {
  if (scope.all) return exec.selectFrom('org_units').selectAll().where('parent_id', 'is', null).orderBy('sort_order').orderBy('code').execute();
  if (scope.roots.length === 0) return [];
  const nested = await exec
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', scope.roots)
    .where('descendant_id', 'in', scope.roots)
    .where('depth', '>', 0)
    .execute();
  const skip = new Set(nested.map((n) => n.descendant_id));
  const ids = scope.roots.filter((r) => !skip.has(r));
  if (ids.length === 0) return [];
  return exec.selectFrom('org_units').selectAll().where('id', 'in', ids).orderBy('code').execute();
}

export function search(exec: Executor, scope: Scope, q: string, limit = 50) {
  let query = exec
    .selectFrom('org_units')
    .selectAll()
    .where((eb) => eb.or([like('name', q, 'contains', true), like('code', q, 'contains', true)]));
  if (!scope.all) {
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('org_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', scope.roots.length ? scope.roots : [-1]),
    );
  }
  return query.orderBy('code').limit(limit).execute();
}
