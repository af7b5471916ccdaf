import type { Executor } from '../../db/database.ts';
import { chinaDate } from '../../platform/clock.ts';
import { isOverdue } from './state.ts';

interface Rate {
  total: number;
  due: number;
  onTime: number;
  late: number;
  overdue: number;
  onTimeRate: number | null;
}
const empty = (): Rate => ({ total: 0, due: 0, onTime: 0, late: 0, overdue: 0, onTimeRate: null });

/** `firstDate`: the Beijing date of the first submission (computed once per assignment by the caller), or null. */
function add(r: Rate, a: { deadline: string; status: string; firstDate: string | null }, today: string) {
  r.total++;
  const { firstDate } = a;
  if (firstDate !== null || today > a.deadline) r.due++;
  if (firstDate !== null && firstDate <= a.deadline) r.onTime++;
  else if (firstDate !== null) r.late++;
  if (isOverdue(a.status, a.deadline, today)) r.overdue++;
}
/** One collator for every comparison (String#localeCompare builds one per call). */
const byName = new Intl.Collator();
const finish = (r: Rate): Rate => ({ ...r, onTimeRate: r.due ? Math.round((r.onTime / r.due) * 1000) / 1000 : null });

/**
 * On-time rates for the assignments of orgs under `orgId` whose deadline falls in `year`: a target is
 * due once submitted or past its deadline, and on time when first submitted by the deadline.
 */
export async function taskStats(exec: Executor, orgId: number, year: number, now: Date) {
  const today = chinaDate(now);
  const rows = await exec
    .selectFrom('assignments as a')
    .innerJoin('tasks as t', 't.id', 'a.task_id')
    .innerJoin('org_units as o', 'o.id', 'a.org_id')
    .select(['a.id', 'a.org_id', 'o.name as org_name', 'a.status', 'a.first_submitted_at', 't.id as task_id', 't.title', 't.deadline'])
    .where('a.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
    .where('t.deadline', '>=', `${year}-01-01`)
    .where('t.deadline', '<=', `${year}-12-31`)
    .orderBy('t.deadline')
    .orderBy('a.id')
    .execute();
  const overall = empty();
  const bySchool = new Map<number, Rate & { orgId: number; orgName: string }>();
  const byTask = new Map<number, Rate & { taskId: number; title: string; deadline: string }>();
  const overdueNow = [];
  for (const r of rows) {
    const a = { deadline: r.deadline, status: r.status, firstDate: r.first_submitted_at ? chinaDate(new Date(r.first_submitted_at)) : null };
    add(overall, a, today);
    const s = bySchool.get(r.org_id) ?? { ...empty(), orgId: r.org_id, orgName: r.org_name };
    bySchool.set(r.org_id, s);
    add(s, a, today);
    const t = byTask.get(r.task_id) ?? { ...empty(), taskId: r.task_id, title: r.title, deadline: r.deadline };
    byTask.set(r.task_id, t);
    add(t, a, today);
    if (isOverdue(r.status, r.deadline, today)) {
      overdueNow.push({
        assignmentId: r.id,
        taskId: r.task_id,
        title: r.title,
        orgId: r.org_id,
        orgName: r.org_name,
        deadline: r.deadline,
        daysOverdue: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.deadline}T00:00:00Z`)) / 86400_000),
      });
    }
  }
  return {
    orgId,
    year,
    overall: finish(overall),
    bySchool: [...bySchool.values()]
      .map((s) => ({ ...s, ...finish(s) }))
      .sort((x, y) => (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1) || byName.compare(x.orgName, y.orgName)),
    byTask: [...byTask.values()].map((t) => ({ ...t, ...finish(t) })),
    overdueNow,
  };
}
