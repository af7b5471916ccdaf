import { ETHICS_CASE_STAGES, type EthicsCaseStage } from '@taizhang/shared/schemas/ethics';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope, scopeSubquery } from '../../platform/access/scope.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { like } from '../../platform/sql.ts';
import type { EthicsCasesTable, EthicsMechanismsTable } from './tables.ts';

export type MechanismRow = Selectable<EthicsMechanismsTable>;
export type CaseRow = Selectable<EthicsCasesTable>;

export const SCHOOL_KINDS = ['school', 'kindergarten'] as const;

/** Parses a JSON id list column; anything malformed reads as empty. */
export function idList(json: string | null): number[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

/** Serialises ids as `[1,2,3]` (sorted, unique, no spaces): the LIKE patterns below rely on this shape. */
export function idJson(ids: readonly number[]): string {
  return JSON.stringify([...new Set(ids)].sort((a, b) => a - b));
}

function containsPatterns(id: number): string[] {
  return [`[${id}]`, `[${id},%`, `%,${id},%`, `%,${id}]`];
}

export async function orgExists(exec: Executor, id: number) {
  return exec.selectFrom('org_units').select(['id', 'name', 'kind', 'parent_id']).where('id', '=', id).executeTakeFirst();
}

export async function requireOrg(exec: Executor, id: number, field = 'body.orgId') {
  const org = await orgExists(exec, id);
  if (!org) throw validation([{ field, message: '组织不存在 / no such org unit' }]);
  return org;
}

export async function orgNames(exec: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function personNames(exec: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('people').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function userNames(exec: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/**
 * Active people whose unit or party org lies in the actor's ethics.case reach (optionally under `orgId`), by name,
 * code or pinyin initials: the teacher concerned and the handlers of a case.
 */
export async function casePeople(exec: Executor, actor: Actor, f: { orgId?: number; q?: string; limit: number }) {
  const scope = scopeOf(actor, 'ethics.case');
  let q = exec.selectFrom('people as p').leftJoin('org_units as o', 'o.id', 'p.unit_id').where('p.active', '=', 1);
  if (!scope.all) q = q.where((eb) => eb.or([eb('p.unit_id', 'in', scopeSubquery(exec, scope)), eb('p.party_org_id', 'in', scopeSubquery(exec, scope))]));
  if (f.orgId !== undefined) {
    const under = exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', f.orgId);
    q = q.where((eb) => eb.or([eb('p.unit_id', 'in', under), eb('p.party_org_id', 'in', under)]));
  }
  if (f.q) {
    const text = f.q.toLowerCase();
    q = /^[a-z]+$/.test(text)
      ? q.where((eb) => eb.or([like('p.pinyin_initials', text, 'prefix'), like('p.pinyin_full', text, 'prefix'), like('p.code', text, 'contains', true)]))
      : q.where((eb) => eb.or([like('p.name', text), like('p.code', text, 'contains', true)]));
  }
  const rows = await q.select(['p.id', 'p.code', 'p.name', 'o.name as unit_name']).orderBy('p.code').orderBy('p.id').limit(f.limit).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, unitName: r.unit_name ?? null }));
}

/** Year bounds as dates. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

// ---------------------------------------------------------------- mechanisms

export function mechanismProblems(m: { effectiveFrom: string; effectiveTo: string | null }, prefix = 'body.'): FieldProblem[] {
  if (m.effectiveTo && m.effectiveTo < m.effectiveFrom) return [{ field: `${prefix}effectiveTo`, message: '失效日期早于生效日期 / ends before it starts' }];
  return [];
}

/** A mechanism is in force in year Y when it starts by 31 Dec and has not ended before 1 Jan. */
export function inForceDuring(m: { effective_from: string; effective_to: string | null }, year: number): boolean {
  const { from, to } = yearRange(year);
  return m.effective_from <= to && (m.effective_to === null || m.effective_to >= from);
}

export async function loadMechanismFor(exec: Executor, actor: Actor, id: number, ability: 'ethics.read' | 'ethics.manage'): Promise<MechanismRow> {
  const row = await exec.selectFrom('ethics_mechanisms').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

/** Schools/kindergartens under `orgId` and which of them have a mechanism in force during `year`. */
export async function mechanismCoverage(exec: Executor, orgId: number, year: number) {
  const { from, to } = yearRange(year);
  const schools = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.name', 'o.code'])
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', [...SCHOOL_KINDS])
    .orderBy('o.code')
    .execute();
  const withMech = new Set(
    (
      await exec
        .selectFrom('ethics_mechanisms as m')
        .innerJoin('org_closure as c', 'c.descendant_id', 'm.org_id')
        .select('m.org_id')
        .distinct()
        .where('c.ancestor_id', '=', orgId)
        .where('m.effective_from', '<=', to)
        .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>=', from)]))
        .execute()
    ).map((r) => r.org_id),
  );
  return {
    schools: schools.length,
    withMechanism: schools.filter((s) => withMech.has(s.id)).length,
    missing: schools.filter((s) => !withMech.has(s.id)).map((s) => ({ orgId: s.id, orgName: s.name })),
  };
}

// ---------------------------------------------------------------- pledges

export async function pledgeStatus(exec: Executor, actor: Actor, orgId: number, year: number) {
  const schools = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.name'])
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', [...SCHOOL_KINDS])
    .orderBy('o.code')
    .execute();
  const allowed = await orgIdsInScope(
    exec,
    scopeOf(actor, 'ethics.read'),
    schools.map((s) => s.id),
  );
  const ids = schools.filter((s) => allowed.has(s.id)).map((s) => s.id);
  if (ids.length === 0) return [];
  const staff = await exec
    .selectFrom('people')
    .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('unit_id', 'in', ids)
    .where('active', '=', 1)
    .groupBy('unit_id')
    .execute();
  const signed = await exec
    .selectFrom('ethics_pledges')
    .select(['org_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', 'in', ids)
    .where('year', '=', year)
    .groupBy('org_id')
    .execute();
  const staffBy = new Map(staff.map((s) => [s.unit_id, Number(s.n)]));
  const signedBy = new Map(signed.map((s) => [s.org_id, Number(s.n)]));
  return schools
    .filter((s) => allowed.has(s.id))
    .map((s) => ({ orgId: s.id, orgName: s.name, teachers: staffBy.get(s.id) ?? 0, signed: signedBy.get(s.id) ?? 0 }));
}

// ---------------------------------------------------------------- cases

const STAGE_DATE: Record<EthicsCaseStage, 'clue_on' | 'verification_on' | 'decision_on' | 'closed_on'> = {
  clue: 'clue_on',
  verification: 'verification_on',
  decision: 'decision_on',
  closed: 'closed_on',
};

/**
 * The case state machine: a case moves one step forward at a time (clue → verification → decision → closed),
 * each step dated on or after the previous one and not in the future; from the decision on an outcome is required.
 * Returns the problems (empty when the step is allowed).
 */
export function caseStepProblems(
  c: { stage: EthicsCaseStage; lastDate: string; outcome: string | null },
  step: { to: EthicsCaseStage; date: string; outcome?: string | null },
  today: string,
): FieldProblem[] {
  const from = ETHICS_CASE_STAGES.indexOf(c.stage);
  const to = ETHICS_CASE_STAGES.indexOf(step.to);
  const out: FieldProblem[] = [];
  if (to !== from + 1) out.push({ field: 'body.to', message: `只能从「${c.stage}」进入下一阶段 / a case moves one stage forward at a time (from ${c.stage})` });
  if (step.date < c.lastDate) out.push({ field: 'body.date', message: '日期早于上一阶段 / date before the previous stage' });
  if (step.date > today) out.push({ field: 'body.date', message: '日期不能晚于今天 / date in the future' });
  if (to >= ETHICS_CASE_STAGES.indexOf('decision') && !(step.outcome ?? c.outcome))
    out.push({ field: 'body.outcome', message: '处理决定须填写处理结果 / a decision needs an outcome' });
  return out;
}

export function lastStageDate(row: CaseRow): string {
  const stage = row.stage as EthicsCaseStage;
  return row[STAGE_DATE[stage]] ?? row.clue_on;
}

export function stageDateColumn(stage: EthicsCaseStage) {
  return STAGE_DATE[stage];
}

/**
 * Cases the actor may see: every case they are named a handler of (by user or by person), and every case in
 * the reach of their ethics.case grants. Nobody else sees anything (not even committee administrators).
 */
export function visibleCases(exec: Executor, actor: Actor) {
  const scope = scopeOf(actor, 'ethics.case');
  const q = exec.selectFrom('ethics_cases as c');
  if (scope.all) return q;
  return q.where((eb) =>
    eb.or([
      eb('c.org_id', 'in', scopeSubquery(exec, scope)),
      ...containsPatterns(actor.userId).map((p) => eb('c.handler_user_ids', 'like', p)),
      ...(actor.personId ? containsPatterns(actor.personId).map((p) => eb('c.handler_person_ids', 'like', p)) : []),
    ]),
  );
}

/** One case for a visible actor; 404 for everyone else (existence does not leak). */
export async function loadCaseFor(exec: Executor, actor: Actor, id: number): Promise<CaseRow> {
  const row = await visibleCases(exec, actor).selectAll('c').where('c.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function checkHandlers(exec: Executor, userIds: number[], personIds: number[]) {
  if (userIds.length) {
    const found = await exec.selectFrom('users').select('id').where('id', 'in', userIds).execute();
    if (found.length !== new Set(userIds).size) throw validation([{ field: 'body.handlerUserIds', message: '承办人账号不存在 / unknown user' }]);
  }
  if (personIds.length) {
    const found = await exec.selectFrom('people').select('id').where('id', 'in', personIds).execute();
    if (found.length !== new Set(personIds).size) throw validation([{ field: 'body.handlerPersonIds', message: '承办人不存在 / unknown person' }]);
  }
}

/** What the audit trail keeps of a case: ids, stage and dates, never the summary or the outcome text. */
export function caseAuditView(row: CaseRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    personId: row.person_id,
    codeId: row.code_id,
    stage: row.stage,
    clueOn: row.clue_on,
    verificationOn: row.verification_on,
    decisionOn: row.decision_on,
    closedOn: row.closed_on,
    handlerUserIds: idList(row.handler_user_ids),
    handlerPersonIds: idList(row.handler_person_ids),
    version: row.version,
  };
}
