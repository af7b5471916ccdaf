import type { Executor } from '../../db/database.ts';
import { chinaDate } from '../../platform/clock.ts';
import { stats as developmentStats } from '../development/service.ts';
import { computeCompliance } from '../ledger/compliance.ts';
import { taskStats } from '../tasks/stats.ts';

const SCHOOL_KINDS = new Set(['school', 'kindergarten']);

/** Every aggregate of the committee/school dashboard for a subtree and year, each drillable by its ids. */
export async function dashboard(exec: Executor, orgId: number, year: number, now: Date) {
  const today = chinaDate(now);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const subtree = () => exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);

  // Cadence compliance, school × month: done ÷ (done + overdue) of the cells ending in that month.
  const compliance = await computeCompliance(exec, { orgId, year, today, dueSoonDays: 14 });
  const parent = new Map(compliance.orgs.map((o) => [o.id, o.parentId]));
  const kind = new Map(compliance.orgs.map((o) => [o.id, o.kind]));
  const name = new Map(compliance.orgs.map((o) => [o.id, o.name]));
  const schoolOf = (id: number): number | null => {
    let cur: number | null | undefined = id;
    while (cur != null) {
      if (SCHOOL_KINDS.has(kind.get(cur) ?? '')) return cur;
      cur = parent.get(cur);
    }
    return null;
  };
  const heat = new Map<string, { done: number; overdue: number }>();
  for (const c of compliance.cells) {
    if (c.status !== 'done' && c.status !== 'overdue') continue;
    const school = schoolOf(c.orgId);
    if (school === null) continue;
    const key = `${school}:${Number(c.end.slice(5, 7))}`;
    const h = heat.get(key) ?? { done: 0, overdue: 0 };
    if (c.status === 'done') h.done++;
    else h.overdue++;
    heat.set(key, h);
  }
  const heatmap = [...heat].map(([k, v]) => {
    const [school, month] = k.split(':').map(Number);
    return {
      orgId: school,
      orgName: name.get(school) ?? '',
      month,
      done: v.done,
      overdue: v.overdue,
      rate: Math.round((v.done / (v.done + v.overdue)) * 1000) / 10,
    };
  });
  const rootRollup = compliance.rollup.find((r) => r.orgId === orgId) ?? null;

  const duties = await exec
    .selectFrom('duties')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('year', '=', year)
    .where('org_id', 'in', subtree())
    .groupBy('status')
    .execute();

  const tasks = await taskStats(exec, orgId, year, now);
  const development = await developmentStats(exec, orgId, year);

  const risks = await exec
    .selectFrom('risks')
    .select(['level', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', 'in', subtree())
    .groupBy(['level', 'status'])
    .execute();
  const openIncidents = await exec
    .selectFrom('incidents as i')
    .innerJoin('org_units as o', 'o.id', 'i.org_id')
    .select(['i.id', 'o.name as org_name', 'i.level', 'i.summary', 'i.occurred_at', 'i.escalation_due_at', 'i.reported_to_committee_at', 'i.status'])
    .where('i.org_id', 'in', subtree())
    .where('i.status', '!=', 'closed')
    .orderBy('i.occurred_at', 'desc')
    .limit(50)
    .execute();
  const screenings = await exec
    .selectFrom('screenings')
    .select(['id', 'org_id', 'students_expected', 'students_screened', 'issues_found'])
    .where('org_id', 'in', subtree())
    .where('status', '=', 'completed')
    .where('end_date', '>=', from)
    .where('end_date', '<=', to)
    .execute();
  const schools = await exec
    .selectFrom('org_units')
    .select('id')
    .where('kind', 'in', ['school', 'kindergarten'])
    .where('active', '=', 1)
    .where('id', 'in', subtree())
    .execute();

  return {
    orgId,
    year,
    asOf: today,
    compliance: { percent: rootRollup?.percent ?? null, done: rootRollup?.done ?? 0, overdue: rootRollup?.overdue ?? 0, heatmap },
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
