import { coversDate, memberStateAt } from '@taizhang/shared';
import { DEFAULT_MEMBER_MIN_HOURS, ROTATION_TRAINING_TYPE, SECRETARY_MIN_ROTATIONS } from '@taizhang/shared/schemas/development';
import type { Executor } from '../../db/database.ts';
import { peopleUnder, subtree } from './access.ts';

/** Posts whose holders must attend rotation training (轮训) twice a year when under a public school. */
export const SECRETARY_POSTS = ['党支部书记', '党总支书记'];
/** Ledger records count from submission (drafts and returned records do not). */
const COUNTED = ['submitted', 'approved'];

export async function memberMinHours(exec: Executor): Promise<number> {
  const row = await exec.selectFrom('development_settings').select('value').where('key', '=', 'member_min_hours').executeTakeFirst();
  const n = row ? Number(row.value) : Number.NaN;
  return Number.isFinite(n) ? n : DEFAULT_MEMBER_MIN_HOURS;
}

/** Attendances (出席) at rotation-training activities in the year, per person. */
export async function rotationCounts(exec: Executor, personIds: number[], year: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (personIds.length === 0) return out;
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await exec
      .selectFrom('activity_attendance as a')
      .innerJoin('activities as act', 'act.id', 'a.activity_id')
      .innerJoin('activity_types as t', 't.id', 'act.type_id')
      .select(['a.person_id', 'act.id as activity_id'])
      .where('t.code', '=', ROTATION_TRAINING_TYPE)
      .where('act.status', 'in', COUNTED)
      .where('act.date', '>=', `${year}-01-01`)
      .where('act.date', '<=', `${year}-12-31`)
      .where('a.status', '=', 'present')
      .where('a.person_id', 'in', personIds.slice(i, i + 500))
      .execute();
    const seen = new Set<string>();
    for (const r of rows) {
      const key = `${r.person_id}:${r.activity_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.set(r.person_id, (out.get(r.person_id) ?? 0) + 1);
    }
  }
  return out;
}

/** Secretaries (党支部书记/党总支书记) of party orgs under a public school or kindergarten under the org, at year end. */
export async function publicSecretaries(exec: Executor, orgId: number, year: number) {
  const end = `${year}-12-31`;
  const rows = await exec
    .selectFrom('person_posts as pp')
    .innerJoin('org_units as o', 'o.id', 'pp.org_id')
    .innerJoin('org_closure as c', 'c.descendant_id', 'pp.org_id')
    .innerJoin('org_units as s', 's.id', 'c.ancestor_id')
    .innerJoin('people as p', 'p.id', 'pp.person_id')
    .select(['pp.person_id', 'p.name', 'pp.org_id', 'o.name as org_name', 'pp.post', 'pp.start_date', 'pp.end_date'])
    .where('pp.post', 'in', SECRETARY_POSTS)
    .where('s.kind', 'in', ['school', 'kindergarten'])
    .where('s.ownership', '=', '公办')
    .where('pp.org_id', 'in', subtree(exec, orgId))
    .orderBy('pp.org_id')
    .orderBy('pp.person_id')
    .execute();
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (!coversDate(r.start_date, r.end_date, end) || seen.has(r.person_id)) return false;
    seen.add(r.person_id);
    return true;
  });
}

export async function hoursByPerson(exec: Executor, personIds: number[], year: number): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await exec
      .selectFrom('training_hours')
      .select(['person_id', 'hours'])
      .where('person_id', 'in', personIds.slice(i, i + 500))
      .where('date', '>=', `${year}-01-01`)
      .where('date', '<=', `${year}-12-31`)
      .execute();
    for (const r of rows) out.set(r.person_id, (out.get(r.person_id) ?? 0) + Number(r.hours));
  }
  return out;
}

/** Coverage against the rules: every public-school secretary ≥ 2 rotation trainings; every member ≥ N hours. */
export async function coverage(exec: Executor, orgId: number, year: number, minHours: number) {
  const secretaries = await publicSecretaries(exec, orgId, year);
  const rot = await rotationCounts(
    exec,
    secretaries.map((s) => s.person_id),
    year,
  );
  const secItems = secretaries.map((s) => {
    const rotations = rot.get(s.person_id) ?? 0;
    return { personId: s.person_id, name: s.name, orgId: s.org_id, orgName: s.org_name, post: s.post, rotations, ok: rotations >= SECRETARY_MIN_ROTATIONS };
  });
  const end = `${year}-12-31`;
  const people = await exec
    .selectFrom('people')
    .select(['id', 'code', 'name', 'join_date', 'conversion_date', 'left_date'])
    .where('id', 'in', peopleUnder(exec, orgId))
    .where('join_date', 'is not', null)
    .where('join_date', '<=', end)
    .orderBy('code')
    .execute();
  const members = people.filter((p) => memberStateAt({ joinDate: p.join_date, conversionDate: p.conversion_date, leftDate: p.left_date }, end) !== null);
  const hours = await hoursByPerson(
    exec,
    members.map((m) => m.id),
    year,
  );
  const gaps = members.map((m) => ({ personId: m.id, code: m.code, name: m.name, hours: hours.get(m.id) ?? 0 })).filter((m) => m.hours < minHours);
  return {
    secretaries: { required: SECRETARY_MIN_ROTATIONS, total: secItems.length, covered: secItems.filter((s) => s.ok).length, items: secItems },
    members: { total: members.length, covered: members.length - gaps.length, gaps },
  };
}
