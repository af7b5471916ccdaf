import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';

/** The period a bound figure is computed over (inclusive Beijing dates). */
export interface FigurePeriod {
  start: string;
  end: string;
}

export type FigureFn = (exec: Executor, orgId: number, period: FigurePeriod) => Promise<number>;

interface FigureDef {
  label: string;
  compute: FigureFn;
  /** Tables the figure reads: when one is missing (module not installed), the figure is unknown. */
  requires: string[];
}

const FIGURES = new Map<string, FigureDef>();

/** Other modules may add figures a task field can be bound to ("report at most once"). */
export function registerFigure(key: string, label: string, compute: FigureFn, requires: string[] = []): void {
  FIGURES.set(key, { label, compute, requires });
}

const seenTables = new Set<string>();
async function tablesExist(exec: Executor, names: string[]): Promise<boolean> {
  if (names.every((n) => seenTables.has(n))) return true;
  const tables = await exec.introspection.getTables();
  for (const t of tables) seenTables.add(t.name);
  return names.every((n) => seenTables.has(n));
}

export function figureKeys(): { key: string; label: string }[] {
  return [...FIGURES].map(([key, d]) => ({ key, label: d.label }));
}

export function hasFigure(key: string): boolean {
  return FIGURES.has(key);
}

/** The figure's value for an org over a period; null when unknown or its source is not available. */
export async function computeFigure(exec: Executor, key: string, orgId: number, period: FigurePeriod): Promise<number | null> {
  const def = FIGURES.get(key);
  if (!def) return null;
  // Checked first (not caught afterwards): a failed statement would abort a PostgreSQL transaction.
  if (!(await tablesExist(exec, def.requires))) return null;
  return def.compute(exec, orgId, period);
}

const subtree = (orgId: number) => sql`(select descendant_id from org_closure where ancestor_id = ${orgId})`;

registerFigure(
  'ledger.meetings_held',
  '开展组织生活次数(台账)',
  async (exec, orgId, period) => {
    const r = await sql<{ n: number | string }>`select count(*) as n from activities a
    where a.org_id in ${subtree(orgId)} and a.status in ('submitted', 'approved')
      and a.date >= ${period.start} and a.date <= ${period.end}`.execute(exec);
    return Number(r.rows[0]?.n ?? 0);
  },
  ['activities'],
);

registerFigure(
  'ledger.study_sessions',
  '理论学习次数(台账)',
  async (exec, orgId, period) => {
    const r = await sql<{ n: number | string }>`select count(*) as n from activities a
    join activity_types t on t.id = a.type_id
    where a.org_id in ${subtree(orgId)} and a.status in ('submitted', 'approved') and t.is_study = 1
      and a.date >= ${period.start} and a.date <= ${period.end}`.execute(exec);
    return Number(r.rows[0]?.n ?? 0);
  },
  ['activities', 'activity_types'],
);

registerFigure('people.members', '党员人数(期末)', async (exec, orgId, period) => {
  const r = await exec
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .where('political_status', 'in', ['中共党员', '中共预备党员'])
    .where('join_date', '<=', period.end)
    .where((eb) =>
      eb.or([
        eb('party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId)),
        eb('unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId)),
      ]),
    )
    .executeTakeFirstOrThrow();
  return Number(r.n);
});
