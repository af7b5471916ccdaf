import type { ComplianceCell, ComplianceStatus, Period, RuleOverride, RulePer } from '@taizhang/shared/schemas/ledger';
import { type Compilable, sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { cachedRows } from '../../platform/statement-cache.ts';
import { type PeriodSpan, cellStatus, midpoint, periodsOfYear, quarterOfCell, resolveRule } from './cadence.ts';
import { SECRETARY_POSTS } from './service.ts';

const COUNTED = ['submitted', 'approved'];
const PUBLIC_KINDS = ['school', 'kindergarten'];
const PUBLIC = '公办';

interface OrgInfo {
  id: number;
  code: string;
  name: string;
  kind: string;
  parent_id: number | null;
  active_from: string;
  active_to: string | null;
}

export interface RuleInfo {
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

/** Months of the grid's window: January of the year (index 0) to January of the next (12, the autumn term's end). */
const WINDOW = 13;

/** Index in the window of a `yyyy-mm…` string (January of `year` = 0); parsed from the digits, no Date. */
function monthIndex(ym: string, year: number): number {
  const y = (ym.charCodeAt(0) - 48) * 1000 + (ym.charCodeAt(1) - 48) * 100 + (ym.charCodeAt(2) - 48) * 10 + (ym.charCodeAt(3) - 48);
  return (y - year) * 12 + (ym.charCodeAt(5) - 48) * 10 + (ym.charCodeAt(6) - 48) - 1;
}

/** One (type, entity) pair's counts: WINDOW + 1 prefix sums, `sums[i]` = the count of the months before index i. */
const SLOT = WINDOW + 1;

/**
 * Counts per activity type, entity (org or person) and window month, kept as prefix sums so that a span's count is
 * two reads whatever its length. All pairs share one buffer, a slot of SLOT integers each (no array per pair).
 */
class Counts {
  /** type id → entity id → slot offset in buf. */
  private readonly slots = new Map<number, Map<number, number>>();
  private readonly buf: Int32Array;
  private used = 0;

  /** `capacity`: at most that many pairs (one per fetched row is enough). */
  constructor(capacity: number) {
    this.buf = new Int32Array(Math.max(capacity, 1) * SLOT);
  }

  /** Adds `n` for a `yyyy-mm` month; months outside the window are ignored. Call accumulate() after the last add. */
  add(typeId: number, entityId: number, ym: string, year: number, n: number): void {
    const i = monthIndex(ym, year);
    if (!(i >= 0 && i < WINDOW)) return;
    let byEntity = this.slots.get(typeId);
    if (!byEntity) {
      byEntity = new Map();
      this.slots.set(typeId, byEntity);
    }
    let slot = byEntity.get(entityId);
    if (slot === undefined) {
      slot = this.used;
      this.used += SLOT;
      byEntity.set(entityId, slot);
    }
    this.buf[slot + i + 1] += n;
  }

  /** Turns the added month counts into prefix sums. */
  accumulate(): void {
    const { buf } = this;
    for (let slot = 0; slot < this.used; slot += SLOT) {
      for (let i = slot + 1; i < slot + SLOT; i++) buf[i] += buf[i - 1];
    }
  }

  /** The slots of a type's entities (undefined: nothing counted for that type). */
  ofType(typeId: number): ReadonlyMap<number, number> | undefined {
    return this.slots.get(typeId);
  }

  /** The count of a slot (undefined: nothing counted) over a span's months. */
  sum(slot: number | undefined, s: SpanInfo): number {
    return slot === undefined ? 0 : this.buf[slot + s.last + 1] - this.buf[slot + s.first];
  }
}

/** A period of the year with everything a cell needs that does not depend on the org (see spanInfos). */
export interface SpanInfo {
  readonly span: Readonly<PeriodSpan>;
  /** Window month indexes of its first and last month. */
  readonly first: number;
  readonly last: number;
  readonly mid: string;
  /** The 应完成/已完成 quarter the period is attributed to. */
  readonly quarter: number;
  /** The month (1–12) the period ends in. */
  readonly endMonth: number;
  /** Whose post counts (secretary rules). */
  readonly ref: string;
  /** The status of an applicable cell that is not done (overdue, due soon or not yet due: it depends on today only). */
  readonly pending: ComplianceStatus;
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

export interface Tally {
  done: number;
  dueSoon: number;
  overdue: number;
  notYetDue: number;
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

/** Derived periods by year, kind, day and due-soon window: pure values, shared by every grid of the same inputs. */
const spanInfoCache = new Map<string, readonly SpanInfo[]>();
const SPAN_INFO_CACHE_MAX = 256;

/** The periods of a kind of `year` with their window months, midpoint, quarter, reference day and pending status. */
export function spanInfos(year: number, period: Period, today: string, dueSoonDays: number): readonly SpanInfo[] {
  const key = `${year}|${period}|${today}|${dueSoonDays}`;
  let list = spanInfoCache.get(key);
  if (!list) {
    list = periodsOfYear(year, period).map((span) => ({
      span,
      first: monthIndex(span.start, year),
      last: monthIndex(span.end, year),
      mid: midpoint(span),
      quarter: quarterOfCell(span, year),
      endMonth: (span.end.charCodeAt(5) - 48) * 10 + (span.end.charCodeAt(6) - 48),
      ref: referenceDate(span, today),
      pending: cellStatus({ count: 0, required: 1, span, today, dueSoonDays, applicable: true }),
    }));
    // Days move on: drop the oldest entries rather than grow without bound.
    if (spanInfoCache.size >= SPAN_INFO_CACHE_MAX) spanInfoCache.delete(spanInfoCache.keys().next().value as string);
    spanInfoCache.set(key, list);
  }
  return list;
}

interface Member {
  id: number;
  join: string;
  left: string | null;
}

interface Post {
  person: number;
  start: string | null;
  end: string | null;
}

/**
 * Receives each cell instead of the cells list (callers that only aggregate them, such as the dashboard, spare the
 * objects): its org, the month (1–12) its period ends in, and its status.
 */
export type CellVisitor = (orgId: number, endMonth: number, status: ComplianceStatus) => void;

/** Everything the grid is made of, as fetched by computeCompliance. */
interface GridInput {
  visit?: CellVisitor;
  rootId: number;
  year: number;
  today: string;
  dueSoonDays: number;
  orgs: OrgInfo[];
  rules: RuleInfo[];
  publicOrgs: ReadonlySet<number>;
  /** Region ancestors (and the org itself) of each org, only when some override names a region. */
  ancestors: ReadonlyMap<number, ReadonlySet<number>>;
  orgCounts: Counts;
  membersByOrg: ReadonlyMap<number, Member[]>;
  memberCounts: Counts;
  postsByOrg: ReadonlyMap<number, Post[]>;
  secCounts: Counts;
}

export const emptyTally = (): Tally => ({ done: 0, dueSoon: 0, overdue: 0, notYetDue: 0 });

/** An org's roll-up row from its tally: percent = done / (done + overdue), null while nothing is decided. */
export function rollupRow(orgId: number, tally: Tally | undefined): ComplianceResult['rollup'][number] {
  const t = tally ?? emptyTally();
  const decided = t.done + t.overdue;
  return { orgId, ...t, percent: decided === 0 ? null : Math.round((t.done / decided) * 1000) / 10 };
}

/** The rules as the grid's answer lists them. */
export function presentRules(rules: readonly RuleInfo[]): ComplianceResult['rules'] {
  return rules.map((r) => ({ code: r.code, typeCode: r.typeCode, typeName: r.typeName, period: r.period, minCount: r.minCount, per: r.per }));
}

export function presentOrgs(orgs: readonly Pick<OrgInfo, 'id' | 'code' | 'name' | 'kind' | 'parent_id'>[]): ComplianceResult['orgs'] {
  return orgs.map((o) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind, parentId: o.parent_id }));
}

/**
 * The cells, roll-up and quarterly figures from the fetched rows (no I/O). Every period's bounds, midpoint, quarter
 * and pending status are derived once per period kind, so a cell costs a few array reads; the roll-up and the
 * quarterly figures are tallied while the cells are made.
 */
function buildGrid(g: GridInput): Pick<ComplianceResult, 'cells' | 'rollup' | 'quarterly'> {
  const { year, today, orgs, rules } = g;
  const spanLists = new Map<Period, readonly SpanInfo[]>();
  const spansOf = (p: Period): readonly SpanInfo[] => {
    let list = spanLists.get(p);
    if (!list) {
      list = spanInfos(year, p, today, g.dueSoonDays);
      spanLists.set(p, list);
    }
    return list;
  };

  // Roll-up over every org of the subtree: each cell counts for its org and all its ancestors up to the root, so
  // each org gets the chain of tallies a cell of it adds to. 应完成 vs 已完成: four quarter rows per branch.
  const parent = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const tally = new Map<number, Tally>(orgs.map((o) => [o.id, emptyTally()]));
  const quarterly: ComplianceResult['quarterly'] = [];
  const cells: ComplianceCell[] = [];
  for (const org of orgs) {
    const chain: Tally[] = [];
    for (let id: number | null | undefined = org.id; id !== null && id !== undefined; id = id === g.rootId ? null : parent.get(id)) {
      const t = tally.get(id);
      if (!t) break;
      chain.push(t);
    }
    let quarters: ComplianceResult['quarterly'] | null = null;
    if (org.kind === 'branch') {
      quarters = [1, 2, 3, 4].map((quarter) => ({ orgId: org.id, quarter, required: 0, done: 0 }));
      quarterly.push(...quarters);
    }
    for (const rule of rules) {
      if (!rule.appliesTo.includes(org.kind)) continue;
      if (rule.publicOnly && !g.publicOrgs.has(org.id)) continue;
      let minCount = rule.minCount;
      let period = rule.period;
      if (rule.overrides.length) {
        const resolved = resolveRule(rule, { kind: org.kind, ancestors: g.ancestors.get(org.id) ?? new Set([org.id]) });
        if (resolved.disabled) continue;
        minCount = resolved.minCount;
        period = resolved.period;
      }
      const typeId = rule.typeId;
      // What the cells of this org × rule count, looked up once for all its periods.
      let orgSlot: number | undefined;
      let members: Member[] = [];
      let memberSlots: ReadonlyMap<number, number> | undefined;
      let secSlots: ReadonlyMap<number, number> | undefined;
      let posts: Post[] = [];
      if (typeId !== null) {
        if (rule.per === 'org') orgSlot = g.orgCounts.ofType(typeId)?.get(org.id);
        else if (rule.per === 'member') {
          memberSlots = g.memberCounts.ofType(typeId);
          members = g.membersByOrg.get(org.id) ?? [];
        } else {
          secSlots = g.secCounts.ofType(typeId);
          posts = g.postsByOrg.get(org.id) ?? [];
        }
      }
      for (const s of spansOf(period)) {
        const applicable = owes(s.mid, org.active_from, org.active_to);
        let count = 0;
        let required = minCount;
        if (typeId !== null) {
          if (rule.per === 'org') {
            count = g.orgCounts.sum(orgSlot, s);
          } else if (rule.per === 'member') {
            required = 0;
            for (const m of members) {
              if (!owes(s.mid, m.join, m.left)) continue;
              required++;
              if (g.memberCounts.sum(memberSlots?.get(m.id), s) >= minCount) count++;
            }
          } else {
            const ref = s.ref;
            const holder = posts.find((p) => (p.start === null || p.start <= ref) && (p.end === null || p.end >= ref));
            count = holder ? g.secCounts.sum(secSlots?.get(holder.person), s) : 0;
          }
        }
        const status: ComplianceStatus = !applicable ? 'not_applicable' : count >= required ? 'done' : s.pending;
        if (g.visit) g.visit(org.id, s.endMonth, status);
        else {
          const { span } = s;
          cells.push({ orgId: org.id, ruleCode: rule.code, period: span.key, start: span.start, end: span.end, count, required, status });
        }
        if (status === 'not_applicable') continue;
        for (const t of chain) {
          if (status === 'done') t.done++;
          else if (status === 'due_soon') t.dueSoon++;
          else if (status === 'overdue') t.overdue++;
          else t.notYetDue++;
        }
        if (quarters) {
          const row = quarters[s.quarter - 1];
          row.required += required;
          row.done += Math.min(count, required);
        }
      }
    }
  }

  const rollup = orgs.map((o) => rollupRow(o.id, tally.get(o.id)));

  return { cells, rollup, quarterly };
}

/** The active cadence rules (or one of them) with their activity types, in rule order. */
export async function loadRules(exec: Executor, only?: string): Promise<RuleInfo[]> {
  // Rules with their activity type (code is unique): one statement instead of the types and the rules apart.
  const ruleCode = only || null;
  const ruleRows = await cachedRows(exec, `compliance:rules:${ruleCode === null ? 'all' : 'one'}`, ruleCode === null ? [1] : [1, ruleCode], () => {
    const q = exec
      .selectFrom('cadence_rules as r')
      .leftJoin('activity_types as t', 't.code', 'r.type_code')
      .select([
        'r.code',
        'r.type_code',
        'r.min_count',
        'r.period',
        'r.applies_to_json',
        'r.public_only',
        'r.per',
        'r.overrides_json',
        't.id as type_id',
        't.name as type_name',
      ])
      .where('r.active', '=', 1)
      .orderBy('r.id');
    return ruleCode === null ? q : q.where('r.code', '=', ruleCode);
  });
  return ruleRows.map((r) => ({
    code: r.code,
    typeCode: r.type_code,
    typeName: r.type_name ?? r.type_code,
    typeId: r.type_id ?? null,
    minCount: r.min_count,
    period: r.period as Period,
    appliesTo: JSON.parse(r.applies_to_json) as string[],
    publicOnly: r.public_only === 1,
    per: r.per as RulePer,
    overrides: JSON.parse(r.overrides_json) as RuleOverride[],
  }));
}

/**
 * The compliance grid of a subtree for a year (with `visit`, its cells go to the visitor and `cells` stays empty), from a handful of aggregate queries (orgs, rules with their activity
 * types, public-school membership, GROUP BY org × type × month for org rules, person × type × month for member and
 * secretary rules), turned into prefix sums per month and handed to buildGrid.
 */
export async function computeCompliance(
  exec: Executor,
  input: {
    orgId: number;
    /** Only these orgs' own cells (the compliance store's recomputation) instead of the subtree of orgId. */
    orgIds?: readonly number[];
    year: number;
    today: string;
    dueSoonDays: number;
    ruleCode?: string;
    visit?: CellVisitor;
  },
): Promise<ComplianceResult> {
  const { year, today, orgId } = input;
  const explicit = input.orgIds ? [...input.orgIds] : null;
  // Every statement's text is compiled once per database handle and shape (platform/statement-cache.ts); the builders
  // below run only then, and each parameter list is the one Kysely binds for its builder, in order. An explicit org
  // list varies in length: those statements are compiled each time.
  const subtree = () => explicit ?? exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
  const rowsOf = <R>(key: string, params: readonly unknown[], build: () => Compilable<R>): Promise<R[]> =>
    explicit ? exec.executeQuery(build()).then((r) => r.rows) : cachedRows(exec, key, params, build);
  const orgs: OrgInfo[] = explicit
    ? explicit.length
      ? await exec
          .selectFrom('org_units as o')
          .select(['o.id', 'o.code', 'o.name', 'o.kind', 'o.parent_id', 'o.active_from', 'o.active_to'])
          .where('o.id', 'in', explicit)
          .execute()
      : []
    : await rowsOf('compliance:orgs', [orgId], () =>
        exec
          .selectFrom('org_units as o')
          .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
          .select(['o.id', 'o.code', 'o.name', 'o.kind', 'o.parent_id', 'o.active_from', 'o.active_to'])
          .where('c.ancestor_id', '=', orgId)
          .orderBy('c.depth')
          .orderBy('o.sort_order')
          .orderBy('o.code'),
      );
  const rules = await loadRules(exec, input.ruleCode);

  const from = `${year}-01-01`;
  const to = `${year + 1}-01-31`; // the autumn semester that starts in Y ends on 31 Jan of Y+1
  const ym = sql<string>`substr(a.date, 1, 7)`;

  // Orgs under a public school or kindergarten (for publicOnly rules).
  const publicOrgs = new Set<number>();
  if (rules.some((r) => r.publicOnly)) {
    const rows = await rowsOf('compliance:public', [...PUBLIC_KINDS, PUBLIC, orgId], () =>
      exec
        .selectFrom('org_closure as c')
        .innerJoin('org_units as s', 's.id', 'c.ancestor_id')
        .select('c.descendant_id')
        .distinct()
        .where('s.kind', 'in', PUBLIC_KINDS)
        .where('s.ownership', '=', PUBLIC)
        .where('c.descendant_id', 'in', subtree()),
    );
    for (const r of rows) publicOrgs.add(r.descendant_id);
  }
  // Region ancestors, only when some override names a region.
  const regionIds = [...new Set(rules.flatMap((r) => r.overrides.map((o) => o.regionOrgId)).filter((x): x is number => x !== undefined))];
  const ancestors = new Map<number, Set<number>>();
  if (regionIds.length) {
    for (const o of orgs) ancestors.set(o.id, new Set([o.id]));
    const rows = await rowsOf(`compliance:regions:${regionIds.length}`, [...regionIds, orgId], () =>
      exec.selectFrom('org_closure').select(['ancestor_id', 'descendant_id']).where('ancestor_id', 'in', regionIds).where('descendant_id', 'in', subtree()),
    );
    for (const r of rows) ancestors.get(r.descendant_id)?.add(r.ancestor_id);
  }

  // 1. Org rules: one GROUP BY org × type × month.
  const orgTypeIds = [...new Set(rules.filter((r) => r.per === 'org' && r.typeId !== null).map((r) => r.typeId as number))];
  let orgCounts = new Counts(0);
  if (orgTypeIds.length) {
    const rows = await rowsOf(`compliance:org:${orgTypeIds.length}`, [orgId, ...orgTypeIds, ...COUNTED, from, to], () =>
      exec
        .selectFrom('activities as a')
        .select(['a.org_id', 'a.type_id', ym.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('a.org_id', 'in', subtree())
        .where('a.type_id', 'in', orgTypeIds)
        .where('a.status', 'in', COUNTED)
        .where('a.date', '>=', from)
        .where('a.date', '<=', to)
        .groupBy(['a.org_id', 'a.type_id', ym]),
    );
    orgCounts = new Counts(rows.length);
    for (const r of rows) orgCounts.add(r.type_id, r.org_id, r.ym, year, Number(r.n));
    orgCounts.accumulate();
  }

  // 2. Member rules: members of the subtree's orgs, and their present attendance (from their join date) per month.
  const memberTypeIds = [...new Set(rules.filter((r) => r.per === 'member' && r.typeId !== null).map((r) => r.typeId as number))];
  const membersByOrg = new Map<number, Member[]>();
  let memberCounts = new Counts(0);
  if (memberTypeIds.length) {
    const members = await rowsOf('compliance:members', [orgId, to], () =>
      exec
        .selectFrom('people as p')
        .select(['p.id', 'p.party_org_id', 'p.join_date', 'p.left_date'])
        .where('p.party_org_id', 'in', subtree())
        .where('p.join_date', 'is not', null)
        .where('p.join_date', '<=', to),
    );
    for (const m of members) {
      if (m.party_org_id === null || m.join_date === null) continue;
      let list = membersByOrg.get(m.party_org_id);
      if (!list) {
        list = [];
        membersByOrg.set(m.party_org_id, list);
      }
      list.push({ id: m.id, join: m.join_date, left: m.left_date });
    }
    const rows = await rowsOf(`compliance:member:${memberTypeIds.length}`, [orgId, ...memberTypeIds, ...COUNTED, 'present', from, to], () =>
      exec
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
        .groupBy(['aa.person_id', 'a.type_id', ym]),
    );
    memberCounts = new Counts(rows.length);
    for (const r of rows) memberCounts.add(r.type_id, r.person_id, r.ym, year, Number(r.n));
    memberCounts.accumulate();
  }

  // 3. Secretary rules: secretaries' posts in the subtree, and their present attendance anywhere per month.
  const secTypeIds = [...new Set(rules.filter((r) => r.per === 'secretary' && r.typeId !== null).map((r) => r.typeId as number))];
  const postsByOrg = new Map<number, Post[]>();
  let secCounts = new Counts(0);
  if (secTypeIds.length) {
    const posts = await rowsOf('compliance:posts', [orgId, ...SECRETARY_POSTS], () =>
      exec
        .selectFrom('person_posts')
        .select(['person_id', 'org_id', 'start_date', 'end_date'])
        .where('org_id', 'in', subtree())
        .where('post', 'in', SECRETARY_POSTS),
    );
    for (const p of posts) {
      let list = postsByOrg.get(p.org_id);
      if (!list) {
        list = [];
        postsByOrg.set(p.org_id, list);
      }
      list.push({ person: p.person_id, start: p.start_date, end: p.end_date });
    }
    const rows = await rowsOf(`compliance:secretary:${secTypeIds.length}`, [orgId, ...SECRETARY_POSTS, ...secTypeIds, ...COUNTED, 'present', from, to], () =>
      exec
        .selectFrom('activity_attendance as aa')
        .innerJoin('activities as a', 'a.id', 'aa.activity_id')
        .select(['aa.person_id', 'a.type_id', ym.as('ym'), (eb) => eb.fn.countAll<number>().as('n')])
        .where('aa.person_id', 'in', exec.selectFrom('person_posts').select('person_id').where('org_id', 'in', subtree()).where('post', 'in', SECRETARY_POSTS))
        .where('a.type_id', 'in', secTypeIds)
        .where('a.status', 'in', COUNTED)
        .where('aa.status', '=', 'present')
        .where('a.date', '>=', from)
        .where('a.date', '<=', to)
        .groupBy(['aa.person_id', 'a.type_id', ym]),
    );
    secCounts = new Counts(rows.length);
    for (const r of rows) secCounts.add(r.type_id, r.person_id, r.ym, year, Number(r.n));
    secCounts.accumulate();
  }

  const grid = buildGrid({
    visit: input.visit,
    rootId: orgId,
    year,
    today,
    dueSoonDays: input.dueSoonDays,
    orgs,
    rules,
    publicOrgs,
    ancestors,
    orgCounts,
    membersByOrg,
    memberCounts,
    postsByOrg,
    secCounts,
  });

  return {
    orgId,
    year,
    asOf: today,
    rules: presentRules(rules),
    orgs: presentOrgs(orgs),
    cells: grid.cells,
    rollup: grid.rollup,
    quarterly: grid.quarterly,
  };
}
