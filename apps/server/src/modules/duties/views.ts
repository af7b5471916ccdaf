import { type Binds, DUTY_STATUSES, type DutyStatus, type DutyView, type ListKind } from '@taizhang/shared/schemas/duties';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { scopeSubquery } from '../../platform/access/scope.ts';
import { parseMeasure } from './evaluate.ts';

const RESTRICTED_SOURCES = new Set(['ethics_cases']);

export function dutyViewQuery(exec: Executor) {
  return exec
    .selectFrom('duties as d')
    .innerJoin('duty_items as i', 'i.id', 'd.item_id')
    .innerJoin('org_units as o', 'o.id', 'd.org_id')
    .leftJoin('people as p', 'p.id', 'd.person_id')
    .select([
      'd.id',
      'd.item_id',
      'd.year',
      'd.org_id',
      'd.person_id',
      'd.role',
      'd.status',
      'd.actual_value',
      'd.target_value',
      'd.source_ids',
      'd.next_json',
      'd.evaluated_at',
      'd.version',
      'i.list_kind',
      'i.binds',
      'i.text',
      'i.target',
      'i.weight',
      'i.measure_json',
      'i.sort_order',
      'o.name as org_name',
      'p.name as person_name',
    ]);
}
export type DutyViewRow = Awaited<ReturnType<ReturnType<typeof dutyViewQuery>['execute']>>[number];

export function presentDuty(r: DutyViewRow): DutyView {
  const source = parseMeasure(r.measure_json).source;
  const restricted = RESTRICTED_SOURCES.has(source);
  return {
    id: r.id,
    itemId: r.item_id,
    listKind: r.list_kind as ListKind,
    binds: r.binds as Binds,
    text: r.text,
    target: r.target,
    weight: Number(r.weight),
    year: r.year,
    orgId: r.org_id,
    orgName: r.org_name,
    personId: r.person_id,
    personName: r.person_name,
    role: r.role,
    status: r.status as DutyStatus,
    actualValue: r.actual_value === null ? null : Number(r.actual_value),
    targetValue: r.target_value === null ? null : Number(r.target_value),
    // Restricted sources (teacher-ethics cases) show the count, never the case ids.
    sources: { kind: source, ids: restricted ? [] : (JSON.parse(r.source_ids) as number[]), restricted },
    next: r.next_json ? (JSON.parse(r.next_json) as DutyView['next']) : null,
    evaluatedAt: r.evaluated_at,
    version: r.version,
  };
}

/** Duties of orgs under `orgId` (subtree) within the actor's duty.read scope. */
export function boardQuery(exec: Executor, actor: Actor, orgId: number, year: number) {
  let q = dutyViewQuery(exec)
    .where('d.year', '=', year)
    .where('d.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
  const scope = scopeOf(actor, 'duty.read');
  if (!scope.all) q = q.where('d.org_id', 'in', scopeSubquery(exec, scope));
  return q;
}

type Counts = Record<DutyStatus | 'total' | 'overdue', number>;
const emptyCounts = (): Counts => ({ total: 0, overdue: 0, ...Object.fromEntries(DUTY_STATUSES.map((s) => [s, 0])) }) as Counts;

export function isOverdue(d: DutyView, today: string): boolean {
  return (d.status === 'unmet' || d.status === 'pending') && d.next?.dueDate != null && d.next.dueDate < today;
}
export function isGap(d: DutyView, today: string): boolean {
  return d.status === 'vacant' || d.status === 'misplaced' || d.status === 'unmet' || d.status === 'breached' || isOverdue(d, today);
}

/** The committee gap view: unowned, misplaced, unmet (and breached), overdue — by school, by role, by item. */
export async function gapView(exec: Executor, duties: DutyView[], today: string) {
  const orgIds = [...new Set(duties.map((d) => d.orgId))];
  const schoolOf = new Map<number, { id: number; name: string }>();
  for (let i = 0; i < orgIds.length; i += 500) {
    const rows = await exec
      .selectFrom('org_closure as c')
      .innerJoin('org_units as s', 's.id', 'c.ancestor_id')
      .select(['c.descendant_id', 's.id', 's.name', 'c.depth'])
      .where('c.descendant_id', 'in', orgIds.slice(i, i + 500))
      .where('s.kind', 'in', ['school', 'kindergarten'])
      .orderBy('c.depth', 'desc')
      .execute();
    for (const r of rows) schoolOf.set(r.descendant_id, { id: r.id, name: r.name });
  }
  const totals = emptyCounts();
  const bySchool = new Map<number, { orgId: number; name: string } & Counts>();
  const byRole = new Map<string, { role: string } & Counts>();
  const byItem = new Map<number, { itemId: number; text: string; listKind: string } & Counts>();
  const add = (c: Counts, d: DutyView) => {
    c.total++;
    c[d.status]++;
    if (isOverdue(d, today)) c.overdue++;
  };
  const bucket = <K, V extends Counts>(m: Map<K, V>, k: K, make: () => V): V => {
    const have = m.get(k);
    if (have) return have;
    const v = make();
    m.set(k, v);
    return v;
  };
  for (const d of duties) {
    add(totals, d);
    const s = schoolOf.get(d.orgId) ?? { id: d.orgId, name: d.orgName };
    add(
      bucket(bySchool, s.id, () => ({ orgId: s.id, name: s.name, ...emptyCounts() })),
      d,
    );
    add(
      bucket(byRole, d.role, () => ({ role: d.role, ...emptyCounts() })),
      d,
    );
    add(
      bucket(byItem, d.itemId, () => ({ itemId: d.itemId, text: d.text, listKind: d.listKind, ...emptyCounts() })),
      d,
    );
  }
  const gaps = duties.filter((d) => isGap(d, today));
  const gapScore = (c: Counts) => c.vacant + c.misplaced + c.unmet + c.breached + c.overdue;
  return {
    totals,
    bySchool: [...bySchool.values()].sort((a, b) => gapScore(b) - gapScore(a) || a.name.localeCompare(b.name)),
    byRole: [...byRole.values()],
    byItem: [...byItem.values()],
    unowned: gaps.filter((d) => d.status === 'vacant'),
    misplaced: gaps.filter((d) => d.status === 'misplaced'),
    unmet: gaps.filter((d) => d.status === 'unmet' || d.status === 'breached'),
    overdue: gaps.filter((d) => isOverdue(d, today)),
  };
}
