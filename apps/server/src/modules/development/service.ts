import { coversDate } from '@taizhang/shared';
import {
  type CreateStepBody,
  DEVELOPMENT_STAGE_LABELS,
  DUAL_FLAG_LABELS,
  type DevelopmentStage,
  type ExtendProbationBody,
  type StepView,
} from '@taizhang/shared/schemas/development';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { canOverride, parseIds, peopleUnder, subtree } from './access.ts';
import { type MembershipFacts, type PastStep, type Violation, extensionViolations, nextStep, stageIndex, stepViolations } from './rules.ts';
import type { DevelopmentDualFlagsTable, DevelopmentStepsTable } from './tables.ts';

export type StepRow = Selectable<DevelopmentStepsTable>;
type PersonRow = { id: number; birth_date: string | null; join_date: string | null; conversion_date: string | null; political_status: string };

const NOT_OVERRIDABLE = new Set(['stage_once', 'future_date']);

export function presentStep(r: StepRow): StepView {
  let documents: StepView['documents'] = [];
  try {
    const v: unknown = JSON.parse(r.documents_json);
    if (Array.isArray(v)) documents = v as StepView['documents'];
  } catch {
    documents = [];
  }
  let overridden: string[] = [];
  try {
    const v: unknown = JSON.parse(r.overridden_rules);
    if (Array.isArray(v)) overridden = v.map(String);
  } catch {
    overridden = [];
  }
  const stage = r.stage as DevelopmentStage;
  return {
    id: r.id,
    personId: r.person_id,
    orgId: r.org_id,
    stage,
    stageLabel: DEVELOPMENT_STAGE_LABELS[stage] ?? r.stage,
    date: r.date,
    decisionBody: r.decision_body,
    notes: r.notes,
    documents,
    liaisonPersonIds: parseIds(r.liaison_person_ids),
    introducerPersonIds: parseIds(r.introducer_person_ids),
    trainingDays: r.training_days === null ? null : Number(r.training_days),
    trainingHours: r.training_hours === null ? null : Number(r.training_hours),
    noticeStart: r.notice_start,
    noticeEnd: r.notice_end,
    extensionMonths: r.extension_months,
    overrideReason: r.override_reason,
    overriddenRules: overridden,
    isDemo: r.is_demo === 1,
    createdAt: r.created_at,
  };
}

export function toPast(r: StepRow): PastStep {
  return {
    stage: r.stage as DevelopmentStage,
    date: r.date,
    trainingDays: r.training_days === null ? null : Number(r.training_days),
    trainingHours: r.training_hours === null ? null : Number(r.training_hours),
    introducerPersonIds: parseIds(r.introducer_person_ids),
    extensionMonths: r.extension_months,
  };
}

export function stepsOf(exec: Executor, personIds: number[]) {
  if (personIds.length === 0) return Promise.resolve([] as StepRow[]);
  return exec.selectFrom('development_steps').selectAll().where('person_id', 'in', personIds).orderBy('date').orderBy('id').execute();
}

async function helperFacts(exec: Executor, ids: number[]): Promise<Map<number, MembershipFacts>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('people').select(['id', 'join_date', 'conversion_date', 'left_date']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, { joinDate: r.join_date, conversionDate: r.conversion_date, leftDate: r.left_date }]));
}

/** The party org in charge of a person's steps: given, their party org, else the first branch under their unit. */
export async function defaultOrgFor(exec: Executor, p: { party_org_id: number | null; unit_id: number | null }): Promise<number | null> {
  if (p.party_org_id !== null) return p.party_org_id;
  if (p.unit_id === null) return null;
  const branch = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select('o.id')
    .where('c.ancestor_id', '=', p.unit_id)
    .where('o.kind', '=', 'branch')
    .where('o.active', '=', 1)
    .orderBy('c.depth')
    .orderBy('o.id')
    .executeTakeFirst();
  return branch?.id ?? p.unit_id;
}

export function refusal(violations: Violation[]): AppError {
  return new AppError('validation_failed', {
    fields: violations.map((x) => ({ field: x.field, message: x.message })),
    rule: violations[0].rule,
    rules: [...new Set(violations.map((x) => x.rule))],
  });
}

export type StepInput = z.infer<typeof CreateStepBody>;

export interface RecordOptions {
  /** null: system (demo, CLI import): overrides are allowed without a committee check. */
  actor: Actor | null;
  isDemo?: boolean;
  importBatch?: string | null;
}

/**
 * Records one development step after checking every rule. A broken rule refuses the step unless the
 * caller overrides it with a reason (committee level only). Admission and conversion update the
 * person's membership (people.join_date / conversion_date / political_status) and status history.
 */
export async function recordStep(ctx: AppContext, exec: Executor, input: StepInput, opts: RecordOptions) {
  const person = await exec.selectFrom('people').selectAll().where('id', '=', input.personId).executeTakeFirst();
  if (!person) throw new AppError('not_found');
  const existing = await stepsOf(exec, [person.id]);
  const helperIds = [...(input.liaisonPersonIds ?? []), ...(input.introducerPersonIds ?? [])];
  for (const s of existing) helperIds.push(...parseIds(s.introducer_person_ids));
  const today = chinaDate(ctx.clock.now());
  const violations = stepViolations(
    {
      stage: input.stage,
      date: input.date,
      liaisonPersonIds: input.liaisonPersonIds,
      introducerPersonIds: input.introducerPersonIds,
      trainingDays: input.trainingDays,
      trainingHours: input.trainingHours,
      noticeStart: input.noticeStart,
      noticeEnd: input.noticeEnd,
      extensionMonths: input.extensionMonths,
    },
    {
      today,
      person: {
        id: person.id,
        birthDate: person.birth_date,
        joinDate: person.join_date,
        conversionDate: person.conversion_date,
        politicalStatus: person.political_status,
      },
      steps: existing.map(toPast),
      helpers: await helperFacts(exec, helperIds),
    },
  );
  const orgId = input.orgId ?? (await defaultOrgFor(exec, person));
  let overridden: string[] = [];
  if (violations.length) {
    const hard = violations.filter((x) => NOT_OVERRIDABLE.has(x.rule));
    if (hard.length || !input.override) throw refusal(hard.length ? hard : violations);
    if (opts.actor && !(await canOverride(exec, opts.actor, orgId)))
      throw new AppError('forbidden', {
        reason: '只有工委管理员可以说明理由后越过规则 / only committee administrators may override rules',
        rule: violations[0].rule,
      });
    overridden = [...new Set(violations.map((x) => x.rule))];
  }
  const prob = existing.find((s) => s.stage === 'probationary');
  const row = await exec
    .insertInto('development_steps')
    .values({
      person_id: person.id,
      org_id: orgId,
      stage: input.stage,
      date: input.date,
      decision_body: input.decisionBody ?? null,
      notes: input.notes ?? null,
      documents_json: JSON.stringify(input.documents ?? []),
      liaison_person_ids: JSON.stringify(input.liaisonPersonIds ?? []),
      introducer_person_ids: JSON.stringify(input.introducerPersonIds ?? []),
      training_days: input.trainingDays ?? null,
      training_hours: input.trainingHours ?? null,
      notice_start: input.noticeStart ?? null,
      notice_end: input.noticeEnd ?? null,
      extension_months: input.stage === 'full' ? (input.extensionMonths ?? prob?.extension_months ?? null) : null,
      extension_date: null,
      override_reason: overridden.length ? (input.override?.reason ?? null) : null,
      override_by: overridden.length ? (opts.actor?.userId ?? null) : null,
      overridden_rules: JSON.stringify(overridden),
      is_demo: opts.isDemo ? 1 : 0,
      import_batch: opts.importBatch ?? null,
      created_at: iso(ctx.clock.now()),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (input.stage === 'probationary' || input.stage === 'full') await applyMembership(ctx, exec, person, input.stage, input.date, orgId);
  return { row, overridden };
}

/** Admission sets join_date and 中共预备党员; conversion sets conversion_date and 中共党员 (effective on the step's date). */
async function applyMembership(
  ctx: AppContext,
  exec: Executor,
  person: PersonRow & { party_org_id: number | null; version: number },
  stage: 'probationary' | 'full',
  date: string,
  orgId: number | null,
) {
  const now = iso(ctx.clock.now());
  if (stage === 'probationary') {
    if (person.join_date === date && (person.political_status === '中共预备党员' || person.political_status === '中共党员')) return;
    let partyOrg = person.party_org_id;
    if (partyOrg === null && orgId !== null) {
      const org = await exec.selectFrom('org_units').select('kind').where('id', '=', orgId).executeTakeFirst();
      if (org && ['committee', 'general_branch', 'branch', 'party_group'].includes(org.kind)) partyOrg = orgId;
    }
    const status = person.conversion_date && person.conversion_date >= date ? '中共党员' : '中共预备党员';
    await exec
      .updateTable('people')
      .set({ political_status: status, join_date: date, party_org_id: partyOrg, updated_at: now, version: person.version + 1 })
      .where('id', '=', person.id)
      .execute();
    if (status !== person.political_status)
      await exec
        .insertInto('person_status_history')
        .values({ person_id: person.id, status, effective_date: date, recorded_at: now, source: 'development' })
        .execute();
    return;
  }
  if (person.conversion_date === date && person.political_status === '中共党员') return;
  await exec
    .updateTable('people')
    .set({ political_status: '中共党员', conversion_date: date, updated_at: now, version: person.version + 1 })
    .where('id', '=', person.id)
    .execute();
  await exec
    .insertInto('person_status_history')
    .values({ person_id: person.id, status: '中共党员', effective_date: date, recorded_at: now, source: 'development' })
    .execute();
}

export async function extendProbation(ctx: AppContext, exec: Executor, actor: Actor, personId: number, input: z.infer<typeof ExtendProbationBody>) {
  const steps = await stepsOf(exec, [personId]);
  const violations = extensionViolations(
    { date: input.date, months: input.months },
    {
      today: chinaDate(ctx.clock.now()),
      person: { id: personId, birthDate: null, joinDate: null, conversionDate: null, politicalStatus: '' },
      steps: steps.map(toPast),
      helpers: new Map(),
    },
  );
  const prob = steps.find((s) => s.stage === 'probationary');
  if (violations.length) {
    const hard = violations.filter((x) => NOT_OVERRIDABLE.has(x.rule));
    if (hard.length || !input.override || !prob) throw refusal(hard.length ? hard : violations);
    if (!(await canOverride(exec, actor, prob.org_id)))
      throw new AppError('forbidden', {
        reason: '只有工委管理员可以说明理由后越过规则 / only committee administrators may override rules',
        rule: violations[0].rule,
      });
  }
  if (!prob) throw new AppError('not_found');
  const rules = [...new Set(violations.map((x) => x.rule))];
  const prevOverridden: string[] = JSON.parse(prob.overridden_rules) as string[];
  const note = [
    prob.notes,
    `延长预备期${input.months}个月（${input.date}${input.decisionBody ? `，${input.decisionBody}` : ''}）${input.notes ? `：${input.notes}` : ''}`,
  ]
    .filter(Boolean)
    .join('\n');
  const after = await exec
    .updateTable('development_steps')
    .set({
      extension_months: input.months,
      extension_date: input.date,
      notes: note,
      ...(rules.length
        ? { override_reason: input.override?.reason ?? null, override_by: actor.userId, overridden_rules: JSON.stringify([...prevOverridden, ...rules]) }
        : {}),
    })
    .where('id', '=', prob.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before: prob, after, overridden: rules };
}

export async function dualFlagsOf(exec: Executor, personIds: number[]) {
  if (personIds.length === 0) return [] as Selectable<DevelopmentDualFlagsTable>[];
  return exec.selectFrom('development_dual_flags').selectAll().where('person_id', 'in', personIds).orderBy('id').execute();
}

export function presentFlag(f: Selectable<DevelopmentDualFlagsTable>) {
  const kind = f.kind as keyof typeof DUAL_FLAG_LABELS;
  return { id: f.id, personId: f.person_id, kind, label: DUAL_FLAG_LABELS[kind] ?? f.kind, since: f.since, until: f.until, notes: f.notes };
}

/** The pipeline under an org: everybody whose last recorded stage is not yet full membership, with what is due next. */
export async function board(exec: Executor, orgId: number, date: string) {
  const rows = await exec
    .selectFrom('development_steps as s')
    .innerJoin('people as p', 'p.id', 's.person_id')
    .selectAll('s')
    .select(['p.code as person_code', 'p.name as person_name', 'p.birth_date as birth_date'])
    .where((eb) => eb.or([eb('s.org_id', 'in', subtree(exec, orgId)), eb('s.person_id', 'in', peopleUnder(exec, orgId))]))
    .where('s.date', '<=', date)
    .orderBy('s.person_id')
    .orderBy('s.date')
    .execute();
  const byPerson = new Map<number, typeof rows>();
  for (const r of rows) {
    const list = byPerson.get(r.person_id) ?? [];
    list.push(r);
    byPerson.set(r.person_id, list);
  }
  const flags = await dualFlagsOf(exec, [...byPerson.keys()]);
  const orgIds = [...new Set(rows.map((r) => r.org_id).filter((x): x is number => x !== null))];
  const orgNames = new Map(
    orgIds.length ? (await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', orgIds).execute()).map((o) => [o.id, o.name]) : [],
  );
  const counts: Record<string, number> = { applicant: 0, activist: 0, candidate: 0, probationary: 0 };
  const items = [];
  for (const [personId, list] of byPerson) {
    const last = [...list].sort((a, b) => stageIndex(a.stage as DevelopmentStage) - stageIndex(b.stage as DevelopmentStage)).at(-1);
    if (!last || last.stage === 'full') continue;
    counts[last.stage] = (counts[last.stage] ?? 0) + 1;
    items.push({
      personId,
      code: last.person_code,
      name: last.person_name,
      orgId: last.org_id,
      orgName: last.org_id === null ? null : (orgNames.get(last.org_id) ?? null),
      stage: last.stage as DevelopmentStage,
      since: last.date,
      next: nextStep(list.map(toPast), date, last.birth_date),
      dualFlags: flags.filter((f) => f.person_id === personId && coversDate(f.since, f.until, date)).map((f) => presentFlag(f).kind),
    });
  }
  items.sort(
    (a, b) => Number(b.next?.due ?? false) - Number(a.next?.due ?? false) || (a.next?.from ?? '').localeCompare(b.next?.from ?? '') || a.personId - b.personId,
  );
  return { counts, items };
}

/** Steps dated in `year` for people under the org (or steps the org's subtree is in charge of), per stage. */
export async function stats(exec: Executor, orgId: number, year: number) {
  const rows = await exec
    .selectFrom('development_steps as s')
    .select(['s.stage', 's.person_id'])
    .where('s.date', '>=', `${year}-01-01`)
    .where('s.date', '<=', `${year}-12-31`)
    .where((eb) => eb.or([eb('s.org_id', 'in', subtree(exec, orgId)), eb('s.person_id', 'in', peopleUnder(exec, orgId))]))
    .orderBy('s.person_id')
    .execute();
  const of = (stage: DevelopmentStage) => {
    const ids = [...new Set(rows.filter((r) => r.stage === stage).map((r) => r.person_id))];
    return { count: ids.length, personIds: ids };
  };
  return {
    applicants: of('applicant'),
    activists: of('activist'),
    candidates: of('candidate'),
    probationary: of('probationary'),
    conversions: of('full'),
  };
}

/** Code and name of people referred to by id (chunked: a district's figures name hundreds). */
export async function personRefs(exec: Executor, ids: Iterable<number>) {
  const list = [...new Set(ids)];
  const out: { id: number; code: string; name: string }[] = [];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await exec
      .selectFrom('people')
      .select(['id', 'code', 'name'])
      .where('id', 'in', list.slice(i, i + 500))
      .execute();
    out.push(...rows);
  }
  return out.sort((a, b) => a.code.localeCompare(b.code));
}
