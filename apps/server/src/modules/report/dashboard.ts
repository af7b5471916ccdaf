import type { Dialect, Executor } from '../../db/database.ts';
import { FULL_GRID_DEFAULT_MAX_ORGS, storeCompliance, subtreeSize } from '../ledger/compliance-store.ts';
import { chinaDate } from '../../platform/clock.ts';
import { stats as developmentStats } from '../development/service.ts';
import { computeCompliance } from '../ledger/compliance.ts';
import { cachedRows } from '../../platform/statement-cache.ts';
import { taskStats } from '../tasks/stats.ts';

const SCHOOL_KIND_LIST = ['school', 'kindergarten'];
const SCHOOL_KINDS = new Set(SCHOOL_KIND_LIST);
const OPEN_INCIDENTS_SHOWN = 50;

type HeatCell = { orgId: number; orgName: string; month: number; done: number; overdue: number; rate: number };
type ComplianceFigures = { percent: number | null; done: number; overdue: number; heatmap: HeatCell[] };

const rate = (done: number, overdue: number) => Math.round((done / (done + overdue)) * 1000) / 10;

/** The compliance figures from the records (district-sized subtrees). */
async function complianceFromRecords(exec: Executor, orgId: number, year: number, today: string): Promise<ComplianceFigures> {
  // Cadence compliance, school × month: done ÷ (done + overdue) of the cells ending in that month. The grid hands
  // each cell to a tally per org × month (no cell objects); the tallies are then summed per school (the org itself or
  // its nearest ancestor of a school kind within the subtree, found once per org).
  const perOrg = new Map<number, { org: number; month: number; done: number; overdue: number }>();
  const grid = await computeCompliance(exec, {
    orgId,
    year,
    today,
    dueSoonDays: 14,
    visit: (org, month, status) => {
      const done = status === 'done';
      if (!done && status !== 'overdue') return;
      const key = org * 16 + month;
      let h = perOrg.get(key);
      if (!h) {
        h = { org, month, done: 0, overdue: 0 };
        perOrg.set(key, h);
      }
      if (done) h.done++;
      else h.overdue++;
    },
  });
  const byId = new Map(grid.orgs.map((o) => [o.id, o]));
  const schoolByOrg = new Map<number, number | null>();
  const schoolOf = (id: number): number | null => {
    const known = schoolByOrg.get(id);
    if (known !== undefined) return known;
    const o = byId.get(id);
    const school = o === undefined ? null : SCHOOL_KINDS.has(o.kind) ? o.id : o.parentId === null ? null : schoolOf(o.parentId);
    schoolByOrg.set(id, school);
    return school;
  };
  // school × month (key school * 16 + month), in the order the grid first met them, as the heat map lists them.
  const heat = new Map<number, { school: number; month: number; done: number; overdue: number }>();
  for (const t of perOrg.values()) {
    const school = schoolOf(t.org);
    if (school === null) continue;
    const key = school * 16 + t.month;
    const h = heat.get(key);
    if (h) {
      h.done += t.done;
      h.overdue += t.overdue;
    } else heat.set(key, { school, month: t.month, done: t.done, overdue: t.overdue });
  }
  const heatmap = [...heat.values()].map((v) => ({
    orgId: v.school,
    orgName: byId.get(v.school)?.name ?? '',
    month: v.month,
    done: v.done,
    overdue: v.overdue,
    rate: rate(v.done, v.overdue),
  }));
  const rootRollup = grid.rollup.find((r) => r.orgId === orgId) ?? null;
  return { percent: rootRollup?.percent ?? null, done: rootRollup?.done ?? 0, overdue: rootRollup?.overdue ?? 0, heatmap };
}

/** The same figures from the compliance store (big subtrees): schools' roll-ups by the month their periods end. */
async function complianceFromStore(exec: Executor, dialect: Dialect, orgId: number, year: number, now: Date): Promise<ComplianceFigures> {
  const { heat, rollup } = await storeCompliance(exec, dialect, { orgId, year, today: chinaDate(now), at: now.toISOString() });
  return {
    percent: rollup.percent,
    done: rollup.done,
    overdue: rollup.overdue,
    heatmap: heat.map((h) => ({ orgId: h.school, orgName: h.name, month: h.month, done: h.done, overdue: h.overdue, rate: rate(h.done, h.overdue) })),
  };
}

/** Every aggregate of the committee/school dashboard for a subtree and year, each drillable by its ids. */
export async function dashboard(
  exec: Executor,
  orgId: number,
  year: number,
  now: Date,
  /** With a dialect, subtrees above FULL_GRID_DEFAULT_MAX_ORGS read compliance from the store; `source` forces either. */
  opts: { dialect?: Dialect; source?: 'records' | 'store' } = {},
) {
  const today = chinaDate(now);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const subtree = () => exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
  const { dialect, source } = opts;
  const storeDialect =
    dialect !== undefined && (source === 'store' || (source === undefined && (await subtreeSize(exec, orgId)) > FULL_GRID_DEFAULT_MAX_ORGS)) ? dialect : null;
  const compliance = storeDialect ? await complianceFromStore(exec, storeDialect, orgId, year, now) : await complianceFromRecords(exec, orgId, year, today);

  // Statements compiled once per database handle (platform/statement-cache.ts); each parameter list is the one Kysely
  // binds for its builder, in order.
  const duties = await cachedRows(exec, 'dashboard:duties', [year, orgId], () =>
    exec
      .selectFrom('duties')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('year', '=', year)
      .where('org_id', 'in', subtree())
      .groupBy('status'),
  );

  const tasks = await taskStats(exec, orgId, year, now);
  const development = await developmentStats(exec, orgId, year);

  const risks = await cachedRows(exec, 'dashboard:risks', [orgId], () =>
    exec
      .selectFrom('risks')
      .select(['level', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_id', 'in', subtree())
      .groupBy(['level', 'status']),
  );
  const openIncidents = await cachedRows(exec, 'dashboard:incidents', [orgId, 'closed', OPEN_INCIDENTS_SHOWN], () =>
    exec
      .selectFrom('incidents as i')
      .innerJoin('org_units as o', 'o.id', 'i.org_id')
      .select(['i.id', 'o.name as org_name', 'i.level', 'i.summary', 'i.occurred_at', 'i.escalation_due_at', 'i.reported_to_committee_at', 'i.status'])
      .where('i.org_id', 'in', subtree())
      .where('i.status', '!=', 'closed')
      .orderBy('i.occurred_at', 'desc')
      .limit(OPEN_INCIDENTS_SHOWN),
  );
  const screenings = await cachedRows(exec, 'dashboard:screenings', [orgId, 'completed', from, to], () =>
    exec
      .selectFrom('screenings')
      .select(['id', 'org_id', 'students_expected', 'students_screened', 'issues_found'])
      .where('org_id', 'in', subtree())
      .where('status', '=', 'completed')
      .where('end_date', '>=', from)
      .where('end_date', '<=', to),
  );
  const schools = await cachedRows(exec, 'dashboard:schools', [...SCHOOL_KIND_LIST, 1, orgId], () =>
    exec.selectFrom('org_units').select('id').where('kind', 'in', SCHOOL_KIND_LIST).where('active', '=', 1).where('id', 'in', subtree()),
  );

  return {
    orgId,
    year,
    asOf: today,
    compliance,
    duties: Object.fromEntries(duties.map((d) => [d.status, Number(d.n)])),
    tasks: { onTimeRate: tasks.overall.onTimeRate ?? null, overdueNow: tasks.overdueNow.length, bySchool: tasks.bySchool.slice(0, 50) },
    development,
    risks: risks.map((r) => ({ level: r.level, status: r.status, count: Number(r.n) })),
    openIncidents: openIncidents.map((i) => ({
      id: i.id,
      orgName: i.org_name,
      level: i.level,
      summary: i.summary,
      occurredAt: i.occurred_at,
      escalationDueAt: i.escalation_due_at,
      reported: i.reported_to_committee_at !== null,
      status: i.status,
    })),
    screening: {
      schools: new Set(screenings.map((s) => s.org_id)).size,
      totalSchools: schools.length,
      students: screenings.reduce((n, s) => n + Number(s.students_screened ?? 0), 0),
      expected: screenings.reduce((n, s) => n + Number(s.students_expected ?? 0), 0),
      issues: screenings.reduce((n, s) => n + Number(s.issues_found ?? 0), 0),
      ids: screenings.map((s) => s.id),
    },
  };
}
