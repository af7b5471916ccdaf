import { type ComplianceStatus, type ComplianceView, PERIODS } from '@taizhang/shared/schemas/ledger';
import { sql } from 'kysely';
import type { Dialect, Executor } from '../../db/database.ts';
import { validation } from '../../platform/errors.ts';
import {
  type ComplianceResult,
  type SpanInfo,
  type Tally,
  computeCompliance,
  emptyTally,
  loadRules,
  presentOrgs,
  presentRules,
  rollupRow,
  spanInfos,
} from './compliance.ts';
import type { ComplianceCellsTable } from './tables.ts';

/**
 * The compliance store, for subtrees too big to compute the grid from the records on every read (a province has
 * tens of thousands of branches: ≈ 1.8M cells). It keeps each org's cells of a year (count, required, applicable,
 * done) and, for every org, the sum of its own and its descendants' cells per rule and period (due, done).
 *
 * Writes never touch it directly: triggers (compliance-store-migration.ts) list the orgs whose cells a write may have
 * changed. Before the store is read, refreshStore recomputes those orgs' cells from the records (the same
 * computeCompliance as the live grid, restricted to them), and adds the differences to the roll-ups of every org
 * above them. A change that shifts every cell (a rule, an activity type, an org moved) marks every built year
 * stale: the scheduled refresh (`ledger.compliance_refresh`, every five minutes) or the next read rebuilds it whole; the
 * same job recomputes stale orgs between reads. What depends on today — overdue, due soon, not yet due — is not
 * stored: it follows from the period when the store is read.
 */

/** Subtrees up to this many orgs get the full grid by default; bigger ones their children rolled up. */
export const FULL_GRID_DEFAULT_MAX_ORGS = 2_000;
/** The full grid is refused above this size (its cells would not fit a response). */
export const FULL_GRID_MAX_ORGS = 5_000;

/**
 * The compliance calendar of a subtree: `full` computes every org's cells from the records; `children` answers from
 * the store (refreshed first) with the org and its children rolled up. Without a view, subtrees of more than
 * FULL_GRID_DEFAULT_MAX_ORGS orgs get `children`.
 */
export async function complianceGrid(
  db: Executor,
  dialect: Dialect,
  input: { orgId: number; year: number; today: string; dueSoonDays: number; ruleCode?: string; view?: ComplianceView; page?: number; pageSize?: number },
  at: string,
): Promise<ComplianceResult & { view: ComplianceView; children: ChildPage | null }> {
  const { view: asked, page, pageSize, ...grid } = input;
  const size = await subtreeSize(db, input.orgId);
  const view = asked ?? (size > FULL_GRID_DEFAULT_MAX_ORGS ? 'children' : 'full');
  if (view === 'full') {
    if (size > FULL_GRID_MAX_ORGS) {
      throw validation([
        {
          field: 'query.view',
          message: `该范围有 ${size} 个组织，逐个组织的日历最多 ${FULL_GRID_MAX_ORGS} 个，请按下级汇总查看 / ${size} orgs: the full grid holds at most ${FULL_GRID_MAX_ORGS}, use view=children`,
        },
      ]);
    }
    return { view, children: null, ...(await computeCompliance(db, grid)) };
  }
  await refreshStore(db, dialect, input.year, input.today, at);
  return { view, ...(await complianceChildren(db, { ...grid, page: page ?? 1, pageSize: pageSize ?? 50 })) };
}

/** The page of children a children view lists, and how many there are. */
export interface ChildPage {
  page: number;
  pageSize: number;
  total: number;
}

/** How many orgs a subtree holds (the org itself included). */
export async function subtreeSize(exec: Executor, orgId: number): Promise<number> {
  const row = await exec
    .selectFrom('org_closure')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ancestor_id', '=', orgId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Orgs recomputed per statement batch (kept well under SQLite's and PostgreSQL's parameter limits). */
const BATCH = 500;
/** PostgreSQL: refreshes and builds of the store run one at a time across every app process. */
const STORE_LOCK = 727402;

type CellRow = ComplianceCellsTable;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The stored form of some orgs' cells of a year, from the records. */
async function cellsFromRecords(exec: Executor, orgIds: readonly number[], year: number, today: string): Promise<CellRow[]> {
  if (orgIds.length === 0) return [];
  const grid = await computeCompliance(exec, { orgId: orgIds[0], orgIds, year, today, dueSoonDays: 0 });
  return grid.cells.map((c) => ({
    org_id: c.orgId,
    year,
    rule_code: c.ruleCode,
    period_key: c.period,
    count: c.count,
    required: c.required,
    applicable: c.status === 'not_applicable' ? 0 : 1,
    done: c.status === 'done' ? 1 : 0,
  }));
}

async function insertCells(exec: Executor, rows: readonly CellRow[]): Promise<void> {
  for (const part of chunks(rows, 2_000)) await exec.insertInto('compliance_cells').values(part).execute();
}

/** Builds a year whole: every org's cells, then the roll-ups in one grouped insert over the closure. */
async function buildYear(exec: Executor, year: number, today: string, at: string): Promise<void> {
  await exec.deleteFrom('compliance_cells').where('year', '=', year).execute();
  await exec.deleteFrom('compliance_rollups').where('year', '=', year).execute();
  const ids = (await exec.selectFrom('org_units').select('id').orderBy('id').execute()).map((r) => r.id);
  for (const part of chunks(ids, BATCH)) await insertCells(exec, await cellsFromRecords(exec, part, year, today));
  await sql`insert into compliance_rollups (org_id, year, rule_code, period_key, due, done)
    select c.ancestor_id, x.year, x.rule_code, x.period_key, sum(x.applicable), sum(x.done)
    from compliance_cells x join org_closure c on c.descendant_id = x.org_id
    where x.year = ${year}
    group by c.ancestor_id, x.year, x.rule_code, x.period_key`.execute(exec);
  await exec.deleteFrom('compliance_built').where('year', '=', year).execute();
  await exec.insertInto('compliance_built').values({ year, built_at: at, stale: 0 }).execute();
}

/** Recomputes the listed orgs' cells of the built years and moves every roll-up above them by the difference. */
async function refreshOrgs(exec: Executor, orgIds: readonly number[], years: readonly number[], today: string): Promise<void> {
  for (const part of chunks(orgIds, BATCH)) {
    const ancestors = await exec.selectFrom('org_closure').select(['ancestor_id', 'descendant_id']).where('descendant_id', 'in', part).execute();
    const above = new Map<number, number[]>();
    for (const a of ancestors) {
      const list = above.get(a.descendant_id);
      if (list) list.push(a.ancestor_id);
      else above.set(a.descendant_id, [a.ancestor_id]);
    }
    for (const year of years) {
      const fresh = await cellsFromRecords(exec, part, year, today);
      const stored = await exec.selectFrom('compliance_cells').selectAll().where('year', '=', year).where('org_id', 'in', part).execute();
      // Per ancestor, rule and period: what the recomputed cells add (new minus old).
      const delta = new Map<string, { org: number; rule: string; period: string; due: number; done: number }>();
      const add = (c: CellRow, sign: 1 | -1) => {
        if (c.applicable === 0) return;
        for (const org of above.get(c.org_id) ?? []) {
          const key = `${org}\u0000${c.rule_code}\u0000${c.period_key}`;
          let d = delta.get(key);
          if (!d) {
            d = { org, rule: c.rule_code, period: c.period_key, due: 0, done: 0 };
            delta.set(key, d);
          }
          d.due += sign;
          d.done += sign * c.done;
        }
      };
      for (const c of stored) add(c, -1);
      for (const c of fresh) add(c, 1);
      await exec.deleteFrom('compliance_cells').where('year', '=', year).where('org_id', 'in', part).execute();
      await insertCells(exec, fresh);
      const changes = [...delta.values()].filter((d) => d.due !== 0 || d.done !== 0);
      for (const batch of chunks(changes, 1_000)) {
        await exec
          .insertInto('compliance_rollups')
          .values(batch.map((d) => ({ org_id: d.org, year, rule_code: d.rule, period_key: d.period, due: d.due, done: d.done })))
          .onConflict((oc) =>
            oc.columns(['org_id', 'year', 'rule_code', 'period_key']).doUpdateSet({
              due: sql<number>`compliance_rollups.due + excluded.due`,
              done: sql<number>`compliance_rollups.done + excluded.done`,
            }),
          )
          .execute();
      }
    }
  }
}

/**
 * Brings the store up to date: recomputes the orgs writes have made stale since the last refresh (in the years held),
 * then builds `ensure` — one year (a read: only the year it shows, when not held or stale) or every stale year (the
 * scheduled refresh). One refresh at a time (PostgreSQL: an advisory lock; SQLite: one writer).
 */
export async function refreshStore(db: Executor, dialect: Dialect, ensure: number | 'stale', today: string, at: string): Promise<void> {
  // Most calls find nothing to do: two index probes, no write transaction and no lock.
  const years = await db.selectFrom('compliance_built').select(['year', 'stale']).execute();
  const anyDirty = await db.selectFrom('compliance_dirty').select('org_id').limit(1).executeTakeFirst();
  const needs = (list: typeof years) =>
    ensure === 'stale' ? list.filter((y) => y.stale === 1).map((y) => y.year) : list.some((y) => y.year === ensure && y.stale === 0) ? [] : [ensure];
  if (!anyDirty && needs(years).length === 0) return;
  await db.transaction().execute(async (trx) => {
    if (dialect === 'pg') await sql`select pg_advisory_xact_lock(${STORE_LOCK})`.execute(trx);
    const dirty = (await trx.deleteFrom('compliance_dirty').returning('org_id').execute()).map((r) => r.org_id);
    const held = await trx.selectFrom('compliance_built').select(['year', 'stale']).execute();
    const fresh = held.filter((y) => y.stale === 0).map((y) => y.year);
    if (dirty.length && fresh.length) await refreshOrgs(trx, dirty, fresh, today);
    for (const year of needs(held)) await buildYear(trx, year, today, at);
  });
}

/** Adds a roll-up row (due, done of a period) to a tally: what is not done counts as the period's pending status. */
function addRollup(t: Tally, r: { due: number; done: number }, s: SpanInfo): void {
  t.done += r.done;
  const open = r.due - r.done;
  if (s.pending === 'due_soon') t.dueSoon += open;
  else if (s.pending === 'overdue') t.overdue += open;
  else t.notYetDue += open;
}

/**
 * The dashboard's compliance figures of a subtree from the store (refreshed first): per school and month, the cells
 * of the school's subtree whose period ends that month, done and overdue; and the org's own roll-up.
 */
export async function storeCompliance(
  db: Executor,
  dialect: Dialect,
  input: { orgId: number; year: number; today: string; at: string },
): Promise<{ heat: { school: number; name: string; month: number; done: number; overdue: number }[]; rollup: ComplianceResult['rollup'][number] }> {
  const { orgId, year, today } = input;
  await refreshStore(db, dialect, year, today, input.at);
  const spans = periodsByKey(year, today, 14);
  const rules = (await loadRules(db)).map((r) => r.code);
  if (rules.length === 0) return { heat: [], rollup: rollupRow(orgId, undefined) };
  const schools = await db
    .selectFrom('compliance_rollups as r')
    .innerJoin('org_units as o', 'o.id', 'r.org_id')
    .innerJoin('org_closure as c', 'c.descendant_id', 'r.org_id')
    .select(['r.org_id', 'o.name', 'o.code', 'r.period_key', 'r.due', 'r.done'])
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', ['school', 'kindergarten'])
    .where('r.year', '=', year)
    .where('r.rule_code', 'in', rules)
    .orderBy('o.code')
    .execute();
  const heat = new Map<string, { school: number; name: string; month: number; done: number; overdue: number }>();
  for (const r of schools) {
    const s = spans.get(r.period_key);
    if (!s) continue;
    const overdue = s.pending === 'overdue' ? r.due - r.done : 0;
    if (r.done === 0 && overdue === 0) continue;
    const key = `${r.org_id}:${s.endMonth}`;
    const h = heat.get(key);
    if (h) {
      h.done += r.done;
      h.overdue += overdue;
    } else heat.set(key, { school: r.org_id, name: r.name, month: s.endMonth, done: r.done, overdue });
  }
  const own = await db
    .selectFrom('compliance_rollups')
    .select(['period_key', 'due', 'done'])
    .where('org_id', '=', orgId)
    .where('year', '=', year)
    .where('rule_code', 'in', rules)
    .execute();
  const t = emptyTally();
  for (const r of own) {
    const s = spans.get(r.period_key);
    if (s) addRollup(t, r, s);
  }
  return { heat: [...heat.values()], rollup: rollupRow(orgId, t) };
}

/** Every period of a year by its key, whatever its kind (an override may give an org another period than the rule). */
function periodsByKey(year: number, today: string, dueSoonDays: number): Map<string, SpanInfo> {
  const out = new Map<string, SpanInfo>();
  for (const p of PERIODS) for (const s of spanInfos(year, p, today, dueSoonDays)) out.set(s.span.key, s);
  return out;
}

/**
 * The committee view of a big subtree from the store: the org and a page of its children, each with its subtree's cells
 * summed per rule and period (count = orgs' cells done, required = cells due; the status is the period's when not
 * all are done), its roll-up, and the 应完成 vs 已完成 quarters of the children that are branches.
 */
export async function complianceChildren(
  exec: Executor,
  input: { orgId: number; year: number; today: string; dueSoonDays: number; ruleCode?: string; page: number; pageSize: number },
): Promise<ComplianceResult & { children: ChildPage }> {
  const { orgId, year, today } = input;
  const rules = await loadRules(exec, input.ruleCode);
  const columns = ['id', 'code', 'name', 'kind', 'parent_id'] as const;
  const root = await exec.selectFrom('org_units').select(columns).where('id', '=', orgId).executeTakeFirstOrThrow();
  const children = await exec
    .selectFrom('org_units')
    .select(columns)
    .where('parent_id', '=', orgId)
    .orderBy('sort_order')
    .orderBy('code')
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  const total = Number(
    (
      await exec
        .selectFrom('org_units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const orgs = [root, ...children];
  const ids = orgs.map((o) => o.id);
  const ruleCodes = rules.map((r) => r.code);
  const spans = periodsByKey(year, today, input.dueSoonDays);

  const rows = ruleCodes.length
    ? await exec
        .selectFrom('compliance_rollups')
        .select(['org_id', 'rule_code', 'period_key', 'due', 'done'])
        .where('year', '=', year)
        .where('org_id', 'in', ids)
        .where('rule_code', 'in', ruleCodes)
        .execute()
    : [];
  const order = new Map(ruleCodes.map((c, i) => [c, i]));
  rows.sort((a, b) => a.org_id - b.org_id || (order.get(a.rule_code) ?? 0) - (order.get(b.rule_code) ?? 0) || a.period_key.localeCompare(b.period_key));

  const tally = new Map<number, Tally>(ids.map((id) => [id, emptyTally()]));
  const cells: ComplianceResult['cells'] = [];
  for (const r of rows) {
    const s = spans.get(r.period_key);
    if (!s) continue;
    const status: ComplianceStatus = r.due === 0 ? 'not_applicable' : r.done >= r.due ? 'done' : s.pending;
    cells.push({ orgId: r.org_id, ruleCode: r.rule_code, period: r.period_key, start: s.span.start, end: s.span.end, count: r.done, required: r.due, status });
    const t = tally.get(r.org_id);
    if (t) addRollup(t, r, s);
  }
  const rollup = ids.map((id) => rollupRow(id, tally.get(id)));

  const branches = children.filter((c) => c.kind === 'branch').map((c) => c.id);
  const quarterly: ComplianceResult['quarterly'] = [];
  if (branches.length && ruleCodes.length) {
    const byOrg = new Map(branches.map((id) => [id, [1, 2, 3, 4].map((quarter) => ({ orgId: id, quarter, required: 0, done: 0 }))]));
    const own = await exec
      .selectFrom('compliance_cells')
      .select(['org_id', 'period_key', 'count', 'required'])
      .where('year', '=', year)
      .where('org_id', 'in', branches)
      .where('rule_code', 'in', ruleCodes)
      .where('applicable', '=', 1)
      .execute();
    for (const c of own) {
      const s = spans.get(c.period_key);
      const row = s ? byOrg.get(c.org_id)?.[s.quarter - 1] : undefined;
      if (!row) continue;
      row.required += c.required;
      row.done += Math.min(c.count, c.required);
    }
    for (const id of branches) quarterly.push(...(byOrg.get(id) ?? []));
  }

  return {
    orgId,
    year,
    asOf: today,
    rules: presentRules(rules),
    orgs: presentOrgs(orgs),
    cells,
    rollup,
    quarterly,
    children: { page: input.page, pageSize: input.pageSize, total },
  };
}
