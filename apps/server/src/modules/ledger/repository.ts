import type { ActivityQuery } from '@taizhang/shared/schemas/ledger';
import type { z } from 'zod';
import type { Compilable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { cachedRows } from '../../platform/statement-cache.ts';
import type { ActivityRow } from './service.ts';

/** The columns a list row is presented from (presenter.ts presentSummaries): not the minutes or the extra fields. */
const SUMMARY_COLUMNS = [
  'a.id',
  'a.code',
  'a.org_id',
  'a.type_id',
  'a.date',
  'a.topic',
  'a.status',
  'a.backfill',
  'a.imported',
  'a.locked',
  'a.version',
] as const;
export type ActivitySummaryRow = Pick<
  ActivityRow,
  'id' | 'code' | 'org_id' | 'type_id' | 'date' | 'topic' | 'status' | 'backfill' | 'imported' | 'locked' | 'version'
>;

/**
 * One page of the activity list and the total. A requested org (already checked to be in reach) bounds the list by
 * its subtree alone: the actor's reach would only repeat it. The page is chosen from keys first and only its rows are
 * read, in summary columns.
 *
 * Which keys: a list that holds a good part of all records (a committee's subtree) is read in date order from the
 * date index, each record checked against the subtree, and stops after the page — sorting every key of the subtree
 * would cost as much as the subtree is large. A narrow list (one school) gathers its records through the org index
 * and sorts those few. The share is the total over the highest record id (ids only grow; deleted records make it
 * an underestimate, which only ever picks the sort).
 */
export async function pageActivities(exec: Executor, scope: Scope, q: z.infer<typeof ActivityQuery>): Promise<{ rows: ActivitySummaryRow[]; total: number }> {
  const roots = q.orgId !== undefined ? [q.orgId] : scope.all ? null : scope.roots.length ? scope.roots : [-1];
  let filtered = exec.selectFrom('activities as a');
  if (q.typeCode) {
    const typeCode = q.typeCode;
    filtered = filtered.where('a.type_id', 'in', exec.selectFrom('activity_types').select('id').where('code', '=', typeCode));
  }
  if (q.from) filtered = filtered.where('a.date', '>=', q.from);
  if (q.to) filtered = filtered.where('a.date', '<=', q.to);
  if (q.status) filtered = filtered.where('a.status', '=', q.status);
  if (q.backfill) filtered = filtered.where('a.backfill', '=', Number(q.backfill));
  if (q.q) filtered = filtered.where('a.topic', 'like', `%${q.q.replace(/[%_\\]/g, '')}%`);
  // The list as it opens (no filter) runs statements compiled once per shape (statement-cache.ts); a filtered one
  // builds its own.
  const plain = !q.typeCode && !q.from && !q.to && !q.status && !q.backfill && !q.q;
  const reach = roots ? `${roots.length}` : 'all';
  const run = <R>(key: string, params: readonly unknown[], build: () => Compilable<R> & { execute(): Promise<R[]> }): Promise<R[]> =>
    plain ? cachedRows(exec, `activities.${key}.${reach}`, params, build) : build().execute();
  const inSubtree = roots
    ? filtered.where('a.org_id', 'in', exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots))
    : filtered;
  const [count] = await run('count', roots ?? [], () => inSubtree.select((eb) => eb.fn.countAll<number>().as('n')));
  const total = Number(count?.n ?? 0);
  if (total === 0) return { rows: [], total };
  const dir = q.sort.startsWith('-') ? 'desc' : 'asc';
  const byDate = q.sort.replace('-', '') === 'date';
  let keys = inSubtree;
  let walk = 'gather';
  if (roots && byDate) {
    const [top] = await cachedRows(exec, 'activities.highest', [], () => exec.selectFrom('activities').select((eb) => eb.fn.max('id').as('m')));
    if (total * 4 >= Number(top?.m ?? 0)) {
      walk = 'walk';
      keys = filtered.where(({ exists, selectFrom }) =>
        exists(selectFrom('org_closure as c').select('c.descendant_id').where('c.ancestor_id', 'in', roots).whereRef('c.descendant_id', '=', 'a.org_id')),
      );
    }
  }
  const offset = (q.page - 1) * q.pageSize;
  const ids = await run(`ids.${walk}.${q.sort}`, [...(roots ?? []), q.pageSize, offset], () =>
    keys
      .select('a.id')
      .orderBy(byDate ? 'a.date' : 'a.created_at', dir)
      .orderBy('a.id', dir)
      .limit(q.pageSize)
      .offset(offset),
  );
  if (ids.length === 0) return { rows: [], total };
  const idList = ids.map((r) => r.id);
  const rows = await cachedRows(exec, `activities.rows.${idList.length}`, idList, () =>
    exec.selectFrom('activities as a').select(SUMMARY_COLUMNS).where('a.id', 'in', idList),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.flatMap((r) => byId.get(r.id) ?? []), total };
}
