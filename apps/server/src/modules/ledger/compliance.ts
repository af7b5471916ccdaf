import type { ComplianceCell, ComplianceStatus, Period, RuleOverride, RulePer } from '@taizhang/shared/schemas/ledger';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { type PeriodSpan, cellStatus, midpoint, periodsOfYear, quarterOfCell, resolveRule } from './cadence.ts';
import { SECRETARY_POSTS } from './service.ts';

const COUNTED = ['submitted', 'approved'];

interface OrgInfo {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  active_from: string;
  active_to: string | null;
}

interface RuleInfo {
  code: string;
  typeCode: string;
  typeName: string;
  typeId: number | null;
  minCount: number;
  period: Period;
  appliesTo: string[];
  publicOnly: boolean;
  per: RulePer;
  overrides: RuleOverride[];
}

/** `${a}|${b}` → (yyyy-mm → count): one lookup per cell, then at most 13 month lookups. */
type Buckets = Map<string, Map<string, number>>;

function addBucket(buckets: Buckets, prefix: string, ym: string, n: number): void {
  let m = buckets.get(prefix);
  if (!m) {
    m = new Map();
    buckets.set(prefix, m);
  }
  m.set(ym, n);
}

/** The months (yyyy-mm) of a span: every period is made of whole months. */
function monthsOf(span: PeriodSpan): string[] {
  const out: string[] = [];
  let y = Number(span.start.slice(0, 4));
  let m = Number(span.start.slice(5, 7));
  const last = span.end.slice(0, 7);
  for (;;) {
    const ym = `${y}-${String(m).padStart(2, '0')}`;
    out.push(ym);
    if (ym >= last) return out;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
}

function sumSpan(buckets: Buckets, prefix: string, months: readonly string[]): number {
  const m = buckets.get(prefix);
  if (!m) return 0;
  let n = 0;
  for (const ym of months) n += m.get(ym) ?? 0;
  return n;
}

/** Same test as cadence.ts orgOwesPeriod/memberOwesPeriod, with the span's midpoint computed once. */
function owes(mid: string, from: string | null, to: string | null): boolean {
  return (from === null || from <= mid) && (to === null || to >= mid);
}

/** Whose post counts for a period: the holder at its end, or today while it runs (its start before it begins). */
function referenceDate(span: PeriodSpan, today: string): string {
  if (span.end < today) return span.end;
  if (span.start > today) return span.start;
  return today;
}

export interface ComplianceResult {
  orgId: number;
  year: number;
  asOf: string;
  rules: { code: string; typeCode: string; typeName: string; period: Period; minCount: number; per: RulePer }[];
  orgs: { id: number; code: string; name: string; kind: string; parentId: number | null }[];
  cells: ComplianceCell[];
  rollup: { orgId: number; done: number; dueSoon: number; overdue: number; notYetDue: number; percent: number | null }[];
  quarterly: { orgId: number; quarter: number; required: number; done: number }[];
}

/**
 * The compliance grid of a subtree for a year, from a handful of aggregate queries (orgs, rules, public-school
 * membership, GROUP BY org × type × month for org rules, person × type × month for member and secretary rules).
 */
export async function computeCompliance(
  exec: Executor,
  input: { orgId: number; year: number; today: string; dueSoonDays: number; ruleCode?: string },
): Promise<ComplianceResult> {
  const { year, today } = input;
  const subtree = () => exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', input.orgId);
  const orgs: OrgInfo[] = await exec
    .selectFrom('org_units as o')
    .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
    .select(['o.id', 'o.code', 'o.name', 'o.kind', 'o.parent_id', 'o.active_from', 'o.active_to'])
    .where('c.ancestor_id', '=', input.orgId)
    .orderBy('c.depth')
    .orderBy('o.sort_order')
    .orderBy('o.code')
    .execute();
  const types = await exec.selectFrom('activity_types').select(['id', 'code', 'name']).execute();
  const typeByCode = new Map(types.map((t) => [t.code, t]));
  let ruleQuery = exec.selectFrom('cadence_rules').selectAll().where('active', '=', 1).orderBy('id');
  if (input.ruleCode) ruleQuery = ruleQuery.where('code', '=', input.ruleCode);
  const rules: RuleInfo[] = (await ruleQuery.execute()).map((r) => ({
    code: r.code,
    typeCode: r.type_code,
    typeName: typeByCode.get(r.type_code)?.name ?? r.type_code,
    typeId: typeByCode.get(r.type_code)?.id ?? null,
    minCount: r.min_count,
    period: r.period as Period,
    appliesTo: JSON.parse(r.applies_to_json) as string[],
    publicOnly: r.public_only === 1,
    per: r.per as RulePer,
    overrides: JSON.parse(r.overrides_json) as RuleOverride[],
  }));

  const from = `${year}-01-01`;
  const to = `${year + 1}-01-31`; // the autumn semester that starts in Y ends on 31 Jan of Y+1
  const ym = sql<string>`substr(a.date, 1, 7)`;

  // Orgs under a public school or kindergarten (for publicOnly rules).
  const publicOrgs = new Set<number>();
  if (rules.some((r) => r.publicOnly)) {
    const rows = await exec
      .selectFrom('org_closure as c')
      .innerJoin('org_units as s', 's.id', 'c.ancestor_id')
      .select('c.descendant_id')
      .distinct()
      .where('s.kind', 'in', ['school', 'kindergarten'])
      .where('s.ownership', '=', '公办')
      .where('c.descendant_id', 'in', subtree())
      .execute();
    for (const r of rows) publicOrgs.add(r.descendant_id);
  }
  // Region ancestors, only when some override names a region.
  const regionIds = [...new Set(rules.flatMap((r) => r.overrides.map((o) => o.regionOrgId)).filter((x): x is number => x !== undefined))];
  const ancestors = new Map<number, Set<number>>();
  for (const o of orgs) ancestors.set(o.id, new Set([o.id]));
  if (regionIds.length) {
    const rows = await exec
      .selectFrom('org_closure')
      .select(['ancestor_id', 'descendant_id'])
      .where('ancestor_id', 'in', regionIds)
      .where('descendant_id', 'in', subtree())
      .execute();
    for (const r of rows) ancestors.get(r.descendant_id)?.add(r.ancestor_id);
  }

  // 1. Org rules: one GROUP BY org × type × month.
  const orgTypeIds = [...new Set(rules.filter((r) => r.per === 'org' && r.typeId !== null).map((r) => r.typeId as number))];
  const orgBuckets: Buckets = new Map();
  if (orgTypeIds.length) {
    const rows = await exec
      .selectFrom('activities as a')
      .select(['a.org_id', 'a.type_id', ym.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('a.org_id', 'in', subtree())
      .where('a.type_id', 'in', orgTypeIds)
      .where('a.status', 'in', COUNTED)
      .where('a.date', '>=', from)
      .where('a.date', '<=', to)
      .groupBy(['a.org_id', 'a.type_id', ym])
      .execute();
    for (const r of rows) addBucket(orgBuckets, `${r.org_id}|${r.type_id}`, r.ym, Number(r.n));
  }

  // 2. Member rules: members of the subtree's orgs, and their present attendance (from their join date) per month.
  const memberTypeIds = [...new Set(rules.filter((r) => r.per === 'member' && r.typeId !== null).map((r) => r.typeId as number))];
  const membersByOrg = new Map<number, { id: number; join: string; left: string | null }[]>();
  const memberBuckets: Buckets = new Map();
  if (memberTypeIds.length) {
    const members = await exec
      .selectFrom('people as p')
      .select(['p.id', 'p.party_org_id', 'p.join_date', 'p.left_date'])
      .where('p.party_org_id', 'in', subtree())
      .where('p.join_date', 'is not', null)
      .where('p.join_date', '<=', to)
      .execute();
    for (const m of members) {
      if (m.party_org_id === null || m.join_date === null) continue;
      const list = membersByOrg.get(m.party_org_id) ?? [];
      list.push({ id: m.id, join: m.join_date, left: m.left_date });
      membersByOrg.set(m.party_org_id, list);
    }
    const rows = await exec
      .selectFrom('activity_attendance as aa')
      .innerJoin('activities as a', 'a.id', 'aa.activity_id')
      .innerJoin('people as p', 'p.id', 'aa.person_id')
      .select(['aa.person_id', 'a.type_id', ym.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('p.party_org_id', 'in', subtree())
      .where('a.type_id', 'in', memberTypeIds)
      .where('a.status', 'in', COUNTED)
      .where('aa.status', '=', 'present')
      .where('a.date', '>=', from)
      .where('a.date', '<=', to)
      .whereRef('a.date', '>=', 'p.join_date')
      .groupBy(['aa.person_id', 'a.type_id', ym])
      .execute();
    for (const r of rows) addBucket(memberBuckets, `${r.person_id}|${r.type_id}`, r.ym, Number(r.n));
  }

  // 3. Secretary rules: secretaries' posts in the subtree, and their present attendance anywhere per month.
  const secTypeIds = [...new Set(rules.filter((r) => r.per === 'secretary' && r.typeId !== null).map((r) => r.typeId as number))];
  const postsByOrg = new Map<number, { person: number; start: string | null; end: string | null }[]>();
  const secBuckets: Buckets = new Map();
  if (secTypeIds.length) {
    const posts = await exec
      .selectFrom('person_posts')
      .select(['person_id', 'org_id', 'start_date', 'end_date'])
      .where('org_id', 'in', subtree())
      .where('post', 'in', SECRETARY_POSTS)
      .execute();
    for (const p of posts) {
      const list = postsByOrg.get(p.org_id) ?? [];
      list.push({ person: p.person_id, start: p.start_date, end: p.end_date });
      postsByOrg.set(p.org_id, list);
    }
    const rows = await exec
      .selectFrom('activity_attendance as aa')
      .innerJoin('activities as a', 'a.id', 'aa.activity_id')
      .select(['aa.person_id', 'a.type_id', ym.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('aa.person_id', 'in', exec.selectFrom('person_posts').select('person_id').where('org_id', 'in', subtree()).where('post', 'in', SECRETARY_POSTS))
      .where('a.type_id', 'in', secTypeIds)
      .where('a.status', 'in', COUNTED)
      .where('aa.status', '=', 'present')
      .where('a.date', '>=', from)
      .where('a.date', '<=', to)
      .groupBy(['aa.person_id', 'a.type_id', ym])
      .execute();
    for (const r of rows) addBucket(secBuckets, `${r.person_id}|${r.type_id}`, r.ym, Number(r.n));
  }

  const spanCache = new Map<Period, { span: PeriodSpan; months: string[]; mid: string }[]>();
  const spansOf = (p: Period) => {
    let list = spanCache.get(p);
    if (!list) {
      list = periodsOfYear(year, p).map((span) => ({ span, months: monthsOf(span), mid: midpoint(span) }));
      spanCache.set(p, list);
    }
    return list;
  };
  const cells: ComplianceCell[] = [];
  for (const org of orgs) {
    for (const rule of rules) {
      if (!rule.appliesTo.includes(org.kind)) continue;
      if (rule.publicOnly && !publicOrgs.has(org.id)) continue;
      const resolved = resolveRule(rule, { kind: org.kind, ancestors: ancestors.get(org.id) ?? new Set([org.id]) });
      if (resolved.disabled) continue;
      for (const { span, months, mid } of spansOf(resolved.period)) {
        const applicable = owes(mid, org.active_from, org.active_to);
        let count = 0;
        let required = resolved.minCount;
        if (rule.typeId !== null) {
          if (rule.per === 'org') {
            count = sumSpan(orgBuckets, `${org.id}|${rule.typeId}`, months);
          } else if (rule.per === 'member') {
            required = 0;
            for (const m of membersByOrg.get(org.id) ?? []) {
              if (!owes(mid, m.join, m.left)) continue;
              required++;
              if (sumSpan(memberBuckets, `${m.id}|${rule.typeId}`, months) >= resolved.minCount) count++;
            }
          } else {
            const ref = referenceDate(span, today);
            const holder = (postsByOrg.get(org.id) ?? []).find((p) => (p.start === null || p.start <= ref) && (p.end === null || p.end >= ref));
            count = holder ? sumSpan(secBuckets, `${holder.person}|${rule.typeId}`, months) : 0;
          }
        }
        const status: ComplianceStatus = cellStatus({ count, required, span, today, dueSoonDays: input.dueSoonDays, applicable });
        cells.push({ orgId: org.id, ruleCode: rule.code, period: span.key, start: span.start, end: span.end, count, required, status });
      }
    }
  }

  // Roll-up over every org of the subtree: each cell counts for its org and all its ancestors up to the root.
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const tally = new Map(orgs.map((o) => [o.id, { done: 0, dueSoon: 0, overdue: 0, notYetDue: 0 }]));
  for (const c of cells) {
    if (c.status === 'not_applicable') continue;
    for (let id: number | null | undefined = c.orgId; id !== null && id !== undefined && tally.has(id); id = id === input.orgId ? null : parent.get(id)) {
      const t = tally.get(id);
      if (!t) break;
      if (c.status === 'done') t.done++;
      else if (c.status === 'due_soon') t.dueSoon++;
      else if (c.status === 'overdue') t.overdue++;
      else t.notYetDue++;
    }
  }
  const rollup = orgs.map((o) => {
    const t = tally.get(o.id) ?? { done: 0, dueSoon: 0, overdue: 0, notYetDue: 0 };
    const decided = t.done + t.overdue;
    return { orgId: o.id, ...t, percent: decided === 0 ? null : Math.round((t.done / decided) * 1000) / 10 };
  });

  // 应完成 vs 已完成 per branch and quarter.
  const quarterly: ComplianceResult['quarterly'] = [];
  const qIndex = new Map<string, { orgId: number; quarter: number; required: number; done: number }>();
  for (const o of orgs) {
    if (o.kind !== 'branch') continue;
    for (const q of [1, 2, 3, 4]) {
      const row = { orgId: o.id, quarter: q, required: 0, done: 0 };
      qIndex.set(`${o.id}|${q}`, row);
      quarterly.push(row);
    }
  }
  for (const c of cells) {
    if (c.status === 'not_applicable') continue;
    const row = qIndex.get(`${c.orgId}|${quarterOfCell({ key: c.period, start: c.start, end: c.end }, year)}`);
    if (!row) continue;
    row.required += c.required;
    row.done += Math.min(c.count, c.required);
  }

  return {
    orgId: input.orgId,
    year,
    asOf: today,
    rules: rules.map((r) => ({ code: r.code, typeCode: r.typeCode, typeName: r.typeName, period: r.period, minCount: r.minCount, per: r.per })),
    orgs: orgs.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, parentId: o.parent_id })),
    cells,
    rollup,
    quarterly,
  };
}
