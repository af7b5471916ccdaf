import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { scopeOf } from '../../platform/access/actor.ts';
import { orgIdsInScope } from '../../platform/access/scope.ts';

export interface SourceRecord {
  id: number | string;
  title: string;
  orgId: number | null;
  date: string | null;
}

/** Short descriptions of a figure's source records, limited to what the caller may see. */
export async function figureRecords(exec: Executor, actor: Actor, kind: string, ids: (number | string)[]): Promise<SourceRecord[]> {
  const numeric = ids
    .map(Number)
    .filter((n) => Number.isInteger(n))
    .slice(0, 2000);
  if (numeric.length === 0) return [];
  let rows: SourceRecord[] = [];
  if (kind === 'person') {
    const r = await exec.selectFrom('people').select(['id', 'code', 'name', 'unit_id', 'party_org_id']).where('id', 'in', numeric).execute();
    rows = r.map((p) => ({ id: p.id, title: `${p.name}（${p.code}）`, orgId: p.party_org_id ?? p.unit_id, date: null }));
  } else if (kind === 'org_unit') {
    const r = await exec.selectFrom('org_units').select(['id', 'code', 'name']).where('id', 'in', numeric).execute();
    rows = r.map((o) => ({ id: o.id, title: `${o.name}（${o.code}）`, orgId: o.id, date: null }));
  } else if (kind === 'activity') {
    const r = await exec.selectFrom('activities').select(['id', 'topic', 'org_id', 'date']).where('id', 'in', numeric).execute();
    rows = r.map((a) => ({ id: a.id, title: a.topic ?? '', orgId: a.org_id, date: a.date }));
  } else if (kind === 'study_material') {
    const r = await exec.selectFrom('study_materials').select(['id', 'title', 'org_id', 'order_date', 'copies']).where('id', 'in', numeric).execute();
    rows = r.map((m) => ({ id: m.id, title: `${m.title}（${m.copies}册）`, orgId: m.org_id, date: m.order_date }));
  } else if (kind === 'honour') {
    const r = await exec.selectFrom('honours').select(['id', 'category_code', 'person_id', 'org_id', 'awarded_on']).where('id', 'in', numeric).execute();
    rows = r.map((h) => ({ id: h.id, title: String(h.category_code), orgId: h.org_id, date: h.awarded_on }));
  } else if (kind === 'screening') {
    const r = await exec.selectFrom('screenings').select(['id', 'code', 'org_id', 'end_date', 'students_screened']).where('id', 'in', numeric).execute();
    rows = r.map((s) => ({ id: s.id, title: `${s.code ?? s.id}（${s.students_screened}人）`, orgId: s.org_id, date: s.end_date }));
  }
  const visible = await orgIdsInScope(
    exec,
    scopeOf(actor),
    rows.map((r) => r.orgId).filter((x): x is number => x !== null),
  );
  return rows.filter((r) => r.orgId === null || visible.has(r.orgId));
}
