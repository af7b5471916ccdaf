import type { Category, GradeThreshold, IndicatorMeasure } from '@taizhang/shared/schemas/assessment';
import { COUNTED_STATUSES } from '@taizhang/shared/schemas/ledger';
import type { Executor } from '../../db/database.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { tableExists } from '../duties/evaluate.ts';
import { type Rec, type TaskRec, evaluateCount, evaluateTasks } from '../duties/measures.ts';
import { computeCompliance } from '../ledger/compliance.ts';

/**
 * Auto-scoring: each auto indicator's rate (0..1) from records of the school's subtree, points = maxPoints × rate
 * rounded to 0.1. The rules per source are documented on IndicatorMeasure (packages/shared/src/schemas/assessment.ts).
 * The ledger rule reuses the duties module's evaluateCount: a month (quarter) counts when the branch held at least
 * `min` counted records in it; rate = satisfied periods / periods of the year, averaged over the school's branches.
 */

export interface AutoResult {
  points: number;
  actual: number | null;
  target: number | null;
  rule: string;
  sourceIds: number[];
}

export const round1 = (n: number) => Math.round(n * 10) / 10;

export function isAuto(m: IndicatorMeasure): boolean {
  return m.source !== 'manual';
}

/** The evaluation date of a year: today, or its last day once it is over. */
export function evalDateOf(ctx: Pick<AppContext, 'clock'>, year: number): string {
  const today = chinaDate(ctx.clock.now());
  return today < `${year}-12-31` ? today : `${year}-12-31`;
}

/** Party orgs whose records an org-life indicator measures: the school's branches, else its general branch, else itself. */
export async function holdingOrgs(exec: Executor, schoolId: number): Promise<number[]> {
  const rows = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.kind'])
    .where('c.ancestor_id', '=', schoolId)
    .where('o.kind', 'in', ['branch', 'general_branch'])
    .orderBy('o.id')
    .execute();
  const branches = rows.filter((r) => r.kind === 'branch').map((r) => r.id);
  if (branches.length) return branches;
  const general = rows.filter((r) => r.kind === 'general_branch').map((r) => r.id);
  return general.length ? general : [schoolId];
}

/** Pure: the ledger rate of one indicator from the records of each holding org. */
export function ledgerRate(recordsByOrg: readonly (readonly Rec[])[], m: { per: 'year' | 'quarter' | 'month'; min: number }, year: number, evalDate: string) {
  let sum = 0;
  let actual = 0;
  let target = 0;
  for (const recs of recordsByOrg) {
    const o = evaluateCount(recs, { min: m.min, per: m.per }, { year, evalDate });
    const a = o.actual ?? 0;
    const tg = o.target ?? 1;
    actual += m.per === 'year' ? Math.min(a, tg) : a;
    target += tg;
    sum += tg > 0 ? Math.min(1, a / tg) : 0;
  }
  return { rate: recordsByOrg.length ? sum / recordsByOrg.length : 0, actual, target };
}

/** Auto-scores every auto indicator of `categories` for one school. */
export async function autoScore(
  ctx: AppContext,
  exec: Executor,
  schoolId: number,
  year: number,
  categories: readonly Category[],
): Promise<Map<string, AutoResult>> {
  const out = new Map<string, AutoResult>();
  const evalDate = evalDateOf(ctx, year);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const indicators = categories.flatMap((c) => c.indicators).filter((i) => isAuto(i.measure));
  if (!indicators.length) return out;
  const subtree = () => exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', schoolId);

  // ledger: one query for every type the indicators name, at the holding orgs
  const ledgerInds = indicators.filter((i) => i.measure.source === 'ledger');
  if (ledgerInds.length) {
    const holders = await holdingOrgs(exec, schoolId);
    const rows = await exec
      .selectFrom('activities as a')
      .innerJoin('activity_types as t', 't.id', 'a.type_id')
      .select(['a.id', 'a.date', 'a.org_id', 't.code'])
      .where('a.org_id', 'in', holders)
      .where('a.status', 'in', [...COUNTED_STATUSES])
      .where('a.date', '>=', from)
      .where('a.date', '<=', to)
      .execute();
    const attendeeCodes = ledgerInds.flatMap((i) => (i.measure.source === 'ledger' && i.measure.who === 'attendee' ? [i.measure.type_code].flat() : []));
    const attended = attendeeCodes.length
      ? await exec
          .selectFrom('activities as a')
          .innerJoin('activity_types as t', 't.id', 'a.type_id')
          .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
          .innerJoin('people as p', 'p.id', 'aa.person_id')
          .select(['a.id', 'a.date', 't.code'])
          .distinct()
          .where('aa.status', '=', 'present')
          .where((eb) => eb.or([eb('p.party_org_id', 'in', subtree()), eb('p.unit_id', 'in', subtree())]))
          .where('t.code', 'in', attendeeCodes)
          .where('a.status', 'in', [...COUNTED_STATUSES])
          .where('a.date', '>=', from)
          .where('a.date', '<=', to)
          .execute()
      : [];
    for (const ind of ledgerInds) {
      const m = ind.measure;
      if (m.source !== 'ledger') continue;
      const codes = Array.isArray(m.type_code) ? m.type_code : [m.type_code];
      const attendee = m.who === 'attendee';
      const mine = (attendee ? attended : rows).filter((r) => codes.includes(r.code));
      const byOrg = attendee
        ? [mine.map((r) => ({ id: r.id, date: r.date }))]
        : holders.map((o) => mine.filter((r) => 'org_id' in r && r.org_id === o).map((r) => ({ id: r.id, date: r.date })));
      const r = ledgerRate(byOrg, m, year, evalDate);
      const unit = m.per === 'year' ? '次' : m.per === 'month' ? '个月' : '个季度';
      out.set(ind.code, {
        points: round1(ind.maxPoints * r.rate),
        actual: r.actual,
        target: r.target,
        rule: attendee ? `本校人员出席${r.actual}/${r.target}${unit}` : `${holders.length}个支部合计达标${r.actual}/${r.target}${unit}`,
        sourceIds: mine
          .filter((x) => x.date <= evalDate)
          .map((x) => x.id)
          .sort((a, b) => a - b),
      });
    }
  }

  for (const ind of indicators) {
    const m = ind.measure;
    if (m.source === 'tasks_on_time') {
      const tasks: TaskRec[] = [];
      if ((await tableExists(ctx, exec, 'assignments')) && (await tableExists(ctx, exec, 'tasks'))) {
        const rows = await exec
          .selectFrom('assignments as a')
          .innerJoin('tasks as t', 't.id', 'a.task_id')
          .select(['a.id', 'a.first_submitted_at', 't.deadline'])
          .where('a.org_id', 'in', subtree())
          .where('t.deadline', '>=', from)
          .where('t.deadline', '<=', to)
          .execute();
        for (const r of rows)
          tasks.push({ id: r.id, deadline: r.deadline, firstSubmittedOn: r.first_submitted_at ? chinaDate(new Date(r.first_submitted_at)) : null });
      }
      const o = evaluateTasks(tasks, { min_rate: 1 }, { year, evalDate });
      const rate = o.actual ?? 1;
      out.set(ind.code, {
        points: round1(ind.maxPoints * rate),
        actual: o.actual,
        target: 1,
        rule: o.actual === null ? '无到期任务' : `按时完成率${Math.round(rate * 1000) / 10}%（${o.sourceIds.length}项到期）`,
        sourceIds: o.sourceIds,
      });
    } else if (m.source === 'compliance_rate') {
      const c = await computeCompliance(exec, { orgId: schoolId, year, today: evalDate, dueSoonDays: 0 });
      const roll = c.rollup.find((r) => r.orgId === schoolId);
      const rate = roll?.percent === null || roll?.percent === undefined ? 1 : roll.percent / 100;
      const ruleTypes = [...new Set(c.rules.map((r) => r.typeCode))];
      const ids = ruleTypes.length
        ? (
            await exec
              .selectFrom('activities as a')
              .innerJoin('activity_types as t', 't.id', 'a.type_id')
              .select('a.id')
              .where('a.org_id', 'in', subtree())
              .where('t.code', 'in', ruleTypes)
              .where('a.status', 'in', [...COUNTED_STATUSES])
              .where('a.date', '>=', from)
              .where('a.date', '<=', evalDate)
              .orderBy('a.id')
              .execute()
          ).map((r) => r.id)
        : [];
      out.set(ind.code, {
        points: round1(ind.maxPoints * rate),
        actual: roll ? roll.done : null,
        target: roll ? roll.done + roll.overdue : null,
        rule: roll?.percent === null || !roll ? '无应完成事项' : `合规率${roll.percent}%（完成${roll.done}，逾期${roll.overdue}）`,
        sourceIds: ids,
      });
    } else if (m.source === 'duties_met') {
      const rows = (await tableExists(ctx, exec, 'duties'))
        ? await exec.selectFrom('duties').select(['id', 'status']).where('year', '=', year).where('org_id', 'in', subtree()).orderBy('id').execute()
        : [];
      const decided = rows.filter((r) => r.status !== 'pending');
      const met = decided.filter((r) => r.status === 'met');
      const rate = decided.length ? met.length / decided.length : 1;
      out.set(ind.code, {
        points: round1(ind.maxPoints * rate),
        actual: met.length,
        target: decided.length,
        rule: decided.length ? `达标${met.length}/${decided.length}项` : '无已判定事项',
        sourceIds: met.map((r) => r.id),
      });
    } else if (m.source === 'incidents') {
      const rows = (await tableExists(ctx, exec, 'incidents'))
        ? (
            await exec
              .selectFrom('incidents')
              .select(['id', 'occurred_at'])
              .where('org_id', 'in', subtree())
              .where('occurred_at', '>=', `${year - 1}-12-31`)
              .where('occurred_at', '<', `${year + 1}-01-02`)
              .orderBy('id')
              .execute()
          ).filter((r) => {
            const d = chinaDate(new Date(r.occurred_at));
            return d >= from && d <= evalDate;
          })
        : [];
      out.set(ind.code, {
        points: round1(Math.max(0, ind.maxPoints - m.deduct * rows.length)),
        actual: rows.length,
        target: 0,
        rule: `发生事件${rows.length}起`,
        sourceIds: rows.map((r) => r.id),
      });
    }
  }
  return out;
}

export interface ScoreLike {
  code: string;
  auto: boolean;
  autoPoints: number | null;
  selfPoints: number | null;
  reviewPoints: number | null;
}

/** The points an indicator counts with: the reviewed points, else the auto score (auto) or the self score (manual). */
export function effectivePoints(s: ScoreLike): number {
  if (s.reviewPoints !== null) return s.reviewPoints;
  return (s.auto ? s.autoPoints : s.selfPoints) ?? 0;
}

/** Category scores (Σ points / Σ max × weight) and the total, rounded to 0.1. */
export function totals(categories: readonly Category[], pointsOf: (code: string) => number) {
  const cats = categories.map((c) => {
    const max = c.indicators.reduce((s, i) => s + i.maxPoints, 0);
    const pts = c.indicators.reduce((s, i) => s + Math.min(i.maxPoints, pointsOf(i.code)), 0);
    return { code: c.code, name: c.name, weight: c.weight, points: round1(pts), maxPoints: max, score: max > 0 ? (pts / max) * c.weight : 0 };
  });
  const total = round1(cats.reduce((s, c) => s + c.score, 0));
  return { categories: cats.map((c) => ({ ...c, score: round1(c.score) })), total };
}

export type { GradeThreshold };
