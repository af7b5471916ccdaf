import {
  type Category,
  DEFAULT_THRESHOLDS,
  type GradeThreshold,
  type IndicatorMeasure,
  type ScorecardStatus,
  type ScorecardView,
  gradeOf,
} from '@taizhang/shared/schemas/assessment';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { DEFAULT_CATEGORIES } from './defaults.ts';
import { autoScore, effectivePoints, isAuto, totals } from './score.ts';

export const SCHOOL_KINDS = ['school', 'kindergarten'] as const;

const parseTree = (json: string) => JSON.parse(json) as Category[];
const parseThresholds = (json: string) => JSON.parse(json) as GradeThreshold[];

export async function loadSystemFor(db: Executor, actor: Actor, id: number, ability: 'assessment.read' | 'assessment.manage') {
  const s = await db.selectFrom('assessment_systems').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError('not_found');
  await assertCan(db, actor, ability, s.org_id);
  return s;
}

export function presentSystem(s: { id: number; year: number; org_id: number; title: string; tree_json: string; thresholds_json: string; version: number }) {
  return {
    id: s.id,
    year: s.year,
    orgId: s.org_id,
    title: s.title,
    categories: parseTree(s.tree_json),
    thresholds: parseThresholds(s.thresholds_json),
    version: s.version,
  };
}

export async function requireCommittee(db: Executor, actor: Actor, orgId: number, ability: 'assessment.read' | 'assessment.manage' | 'assessment.review') {
  const org = await db.selectFrom('org_units').select(['id', 'kind', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  await assertCan(db, actor, ability, orgId);
  if (org.kind !== 'committee') throw validation([{ field: 'orgId', message: '考核指标体系须由工委制定 / an indicator system belongs to a committee' }]);
  return org;
}

export async function createSystem(
  app: AppContext,
  db: Executor,
  body: { year: number; orgId: number; title?: string; categories?: Category[]; thresholds?: GradeThreshold[] },
  isDemo = 0,
) {
  const dup = await db.selectFrom('assessment_systems').select('id').where('org_id', '=', body.orgId).where('year', '=', body.year).executeTakeFirst();
  if (dup) throw new AppError('conflict', { reason: '该年度考核指标体系已存在 / this year already has an indicator system', id: dup.id });
  const now = iso(app.clock.now());
  const row = await db
    .insertInto('assessment_systems')
    .values({
      org_id: body.orgId,
      year: body.year,
      title: body.title ?? `${body.year}年度基层党建工作考核指标体系`,
      tree_json: JSON.stringify(body.categories ?? DEFAULT_CATEGORIES),
      thresholds_json: JSON.stringify(body.thresholds ?? DEFAULT_THRESHOLDS),
      is_demo: isDemo,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return row;
}

/** Opens a year's assessment: one scorecard per school or kindergarten under the committee, auto-scored at once. */
export async function openYear(app: AppContext, db: Executor, year: number, committeeId: number, isDemo = 0) {
  const system = await db.selectFrom('assessment_systems').selectAll().where('org_id', '=', committeeId).where('year', '=', year).executeTakeFirst();
  if (!system) throw validation([{ field: 'year', message: '请先制定该年度考核指标体系 / create the indicator system for this year first' }]);
  const schools = await db
    .selectFrom('org_units as o')
    .innerJoin('org_closure as c', 'c.descendant_id', 'o.id')
    .select(['o.id'])
    .where('c.ancestor_id', '=', committeeId)
    .where('o.kind', 'in', [...SCHOOL_KINDS])
    .where('o.active', '=', 1)
    .orderBy('o.id')
    .execute();
  const existing = await db.selectFrom('assessment_scorecards').select(['id', 'org_id']).where('year', '=', year).execute();
  const has = new Set(existing.map((e) => e.org_id));
  const now = iso(app.clock.now());
  const ids: number[] = [];
  let created = 0;
  for (const s of schools) {
    if (has.has(s.id)) continue;
    const card = await db
      .insertInto('assessment_scorecards')
      .values({
        system_id: system.id,
        year,
        committee_id: committeeId,
        org_id: s.id,
        status: 'self_assessment',
        tree_json: system.tree_json,
        thresholds_json: system.thresholds_json,
        total: 0,
        grade: null,
        submitted_at: null,
        reviewed_at: null,
        finalized_at: null,
        return_reason: null,
        returned_at: null,
        is_demo: isDemo,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const tree = parseTree(system.tree_json);
    const rows = tree
      .flatMap((c) => c.indicators)
      .map((i) => ({
        scorecard_id: card.id,
        indicator_code: i.code,
        auto_points: null,
        auto_detail_json: null,
        source_ids: '[]',
        self_points: null,
        evidence: '',
        links_json: '[]',
        review_points: null,
        review_reason: null,
        is_demo: isDemo,
        updated_at: now,
      }));
    if (rows.length) await db.insertInto('assessment_scores').values(rows).execute();
    await refreshAuto(app, db, card.id);
    ids.push(card.id);
    created++;
  }
  return { created, existing: schools.length - created, scorecardIds: ids };
}

/** Re-reads the records behind the auto indicators of a scorecard that is not finalized, and the total. */
export async function refreshAuto(app: AppContext, db: Executor, cardId: number) {
  const card = await db.selectFrom('assessment_scorecards').selectAll().where('id', '=', cardId).executeTakeFirstOrThrow();
  if (card.status === 'finalized') return;
  const tree = parseTree(card.tree_json);
  const auto = await autoScore(app, db, card.org_id, card.year, tree);
  const now = iso(app.clock.now());
  for (const [code, r] of auto) {
    await db
      .updateTable('assessment_scores')
      .set({
        auto_points: r.points,
        auto_detail_json: JSON.stringify({ actual: r.actual, target: r.target, rule: r.rule }),
        source_ids: JSON.stringify(r.sourceIds),
        updated_at: now,
      })
      .where('scorecard_id', '=', cardId)
      .where('indicator_code', '=', code)
      .execute();
  }
  await recomputeTotal(db, cardId);
}

export async function recomputeTotal(db: Executor, cardId: number): Promise<number> {
  const card = await db.selectFrom('assessment_scorecards').select(['tree_json']).where('id', '=', cardId).executeTakeFirstOrThrow();
  const tree = parseTree(card.tree_json);
  const scores = await db.selectFrom('assessment_scores').selectAll().where('scorecard_id', '=', cardId).execute();
  const byCode = new Map(scores.map((s) => [s.indicator_code, s]));
  const measureOf = new Map(tree.flatMap((c) => c.indicators).map((i) => [i.code, i.measure]));
  const { total } = totals(tree, (code) => {
    const s = byCode.get(code);
    const m = measureOf.get(code);
    if (!s || !m) return 0;
    return effectivePoints({ code, auto: isAuto(m), autoPoints: s.auto_points, selfPoints: s.self_points, reviewPoints: s.review_points });
  });
  await db.updateTable('assessment_scorecards').set({ total }).where('id', '=', cardId).execute();
  return total;
}

/** A scorecard the actor may act on with `ability` (404 outside reach, 403 in reach without it). */
export async function loadCardFor(db: Executor, actor: Actor, id: number, ability: 'assessment.read' | 'assessment.manage' | 'assessment.review') {
  const card = await db.selectFrom('assessment_scorecards').selectAll().where('id', '=', id).executeTakeFirst();
  if (!card) throw new AppError('not_found');
  await assertCan(db, actor, 'assessment.read', card.org_id);
  if (ability !== 'assessment.read') await assertCan(db, actor, ability, card.org_id);
  return card;
}

export function assertVersion(current: number, given: number) {
  if (current !== given) throw new AppError('conflict', { reason: 'stale version', version: current });
}

export function assertStatus(status: string, allowed: readonly ScorecardStatus[]) {
  if (!allowed.includes(status as ScorecardStatus)) {
    throw new AppError('conflict', { reason: `当前状态（${status}）不允许此操作 / not allowed in status ${status}`, status });
  }
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function presentCard(db: Executor, id: number): Promise<ScorecardView> {
  const card = await db
    .selectFrom('assessment_scorecards as s')
    .innerJoin('org_units as o', 'o.id', 's.org_id')
    .selectAll('s')
    .select('o.name as org_name')
    .where('s.id', '=', id)
    .executeTakeFirstOrThrow();
  const tree = parseTree(card.tree_json);
  const scores = await db.selectFrom('assessment_scores').selectAll().where('scorecard_id', '=', id).execute();
  const adjustments = await db.selectFrom('assessment_adjustments').selectAll().where('scorecard_id', '=', id).orderBy('id').execute();
  const byCode = new Map(scores.map((s) => [s.indicator_code, s]));
  const out: ScorecardView['scores'] = [];
  for (const c of tree) {
    for (const i of c.indicators) {
      const s = byCode.get(i.code);
      const auto = isAuto(i.measure);
      const view = {
        categoryCode: c.code,
        code: i.code,
        name: i.name,
        maxPoints: i.maxPoints,
        criteria: i.criteria,
        auto,
        measure: i.measure as IndicatorMeasure,
        autoPoints: s ? num(s.auto_points) : null,
        autoDetail: s?.auto_detail_json ? (JSON.parse(s.auto_detail_json) as { actual: number | null; target: number | null; rule: string }) : null,
        sourceIds: s ? (JSON.parse(s.source_ids) as number[]) : [],
        selfPoints: s ? num(s.self_points) : null,
        evidence: s?.evidence ?? '',
        links: s ? (JSON.parse(s.links_json) as string[]) : [],
        reviewPoints: s ? num(s.review_points) : null,
        reviewReason: s?.review_reason ?? null,
        points: 0,
        adjustments: adjustments
          .filter((a) => a.indicator_code === i.code)
          .map((a) => ({ fromPoints: num(a.from_points), toPoints: Number(a.to_points), reason: a.reason, by: a.by_name, at: a.at })),
      };
      view.points = Math.min(i.maxPoints, effectivePoints(view));
      out.push(view);
    }
  }
  const pts = new Map(out.map((s) => [s.code, s.points]));
  const t = totals(tree, (code) => pts.get(code) ?? 0);
  return {
    ...summary(card),
    total: t.total,
    categories: t.categories,
    scores: out,
    thresholds: parseThresholds(card.thresholds_json),
  };
}

export function summary(card: {
  id: number;
  year: number;
  org_id: number;
  org_name: string;
  committee_id: number;
  status: string;
  total: number;
  grade: string | null;
  submitted_at: string | null;
  finalized_at: string | null;
  return_reason?: string | null;
  returned_at?: string | null;
  version: number;
}) {
  return {
    id: card.id,
    year: card.year,
    orgId: card.org_id,
    orgName: card.org_name,
    committeeId: card.committee_id,
    status: card.status as ScorecardStatus,
    total: Number(card.total),
    grade: card.grade,
    submittedAt: card.submitted_at,
    finalizedAt: card.finalized_at,
    returnReason: card.return_reason ?? null,
    returnedAt: card.returned_at ?? null,
    version: card.version,
  };
}

export async function saveScores(
  app: AppContext,
  db: Executor,
  cardId: number,
  scores: { code: string; points?: number | null; evidence?: string; links?: string[] }[],
) {
  const card = await db.selectFrom('assessment_scorecards').select(['tree_json']).where('id', '=', cardId).executeTakeFirstOrThrow();
  const inds = new Map(
    parseTree(card.tree_json)
      .flatMap((c) => c.indicators)
      .map((i) => [i.code, i]),
  );
  const problems: { field: string; message: string }[] = [];
  scores.forEach((s, n) => {
    const ind = inds.get(s.code);
    if (!ind) problems.push({ field: `scores.${n}.code`, message: `指标不存在：${s.code} / unknown indicator` });
    else if (s.points !== undefined && s.points !== null && isAuto(ind.measure))
      problems.push({ field: `scores.${n}.points`, message: '自动计分指标不能自评分，可补充说明材料 / auto-scored indicators take evidence only' });
    else if (s.points !== undefined && s.points !== null && s.points > ind.maxPoints)
      problems.push({ field: `scores.${n}.points`, message: `不得超过${ind.maxPoints}分 / at most ${ind.maxPoints} points` });
  });
  if (problems.length) throw validation(problems);
  const now = iso(app.clock.now());
  for (const s of scores) {
    const set: { updated_at: string; self_points?: number | null; evidence?: string; links_json?: string } = { updated_at: now };
    if (s.points !== undefined) set.self_points = s.points;
    if (s.evidence !== undefined) set.evidence = s.evidence;
    if (s.links !== undefined) set.links_json = JSON.stringify(s.links);
    await db.updateTable('assessment_scores').set(set).where('scorecard_id', '=', cardId).where('indicator_code', '=', s.code).execute();
  }
}

/** Every manual indicator needs a self score before submitting. */
export async function missingSelfScores(db: Executor, cardId: number): Promise<string[]> {
  const card = await db.selectFrom('assessment_scorecards').select(['tree_json']).where('id', '=', cardId).executeTakeFirstOrThrow();
  const manual = parseTree(card.tree_json)
    .flatMap((c) => c.indicators)
    .filter((i) => !isAuto(i.measure))
    .map((i) => i.code);
  if (!manual.length) return [];
  const rows = await db
    .selectFrom('assessment_scores')
    .select(['indicator_code', 'self_points'])
    .where('scorecard_id', '=', cardId)
    .where('indicator_code', 'in', manual)
    .execute();
  const done = new Set(rows.filter((r) => r.self_points !== null).map((r) => r.indicator_code));
  return manual.filter((c) => !done.has(c));
}

export async function applyAdjustments(
  app: AppContext,
  db: Executor,
  actor: Pick<Actor, 'userId' | 'displayName'>,
  cardId: number,
  adjustments: { code: string; points: number; reason: string }[],
  isDemo = 0,
) {
  const card = await db.selectFrom('assessment_scorecards').select(['tree_json']).where('id', '=', cardId).executeTakeFirstOrThrow();
  const inds = new Map(
    parseTree(card.tree_json)
      .flatMap((c) => c.indicators)
      .map((i) => [i.code, i]),
  );
  const problems: { field: string; message: string }[] = [];
  adjustments.forEach((a, n) => {
    const ind = inds.get(a.code);
    if (!ind) problems.push({ field: `adjustments.${n}.code`, message: `指标不存在：${a.code} / unknown indicator` });
    else if (a.points > ind.maxPoints)
      problems.push({ field: `adjustments.${n}.points`, message: `不得超过${ind.maxPoints}分 / at most ${ind.maxPoints} points` });
  });
  if (problems.length) throw validation(problems);
  const now = iso(app.clock.now());
  const scores = await db.selectFrom('assessment_scores').selectAll().where('scorecard_id', '=', cardId).execute();
  const byCode = new Map(scores.map((s) => [s.indicator_code, s]));
  const history = [];
  for (const a of adjustments) {
    const s = byCode.get(a.code);
    const ind = inds.get(a.code);
    if (!s || !ind) continue;
    const from = effectivePoints({
      code: a.code,
      auto: isAuto(ind.measure),
      autoPoints: num(s.auto_points),
      selfPoints: num(s.self_points),
      reviewPoints: num(s.review_points),
    });
    await db.updateTable('assessment_scores').set({ review_points: a.points, review_reason: a.reason, updated_at: now }).where('id', '=', s.id).execute();
    s.review_points = a.points;
    history.push({
      scorecard_id: cardId,
      indicator_code: a.code,
      from_points: from,
      to_points: a.points,
      reason: a.reason,
      by_user_id: actor.userId > 0 ? actor.userId : null,
      by_name: actor.displayName,
      at: now,
      is_demo: isDemo,
    });
  }
  if (history.length) await db.insertInto('assessment_adjustments').values(history).execute();
  return history.map((h) => ({ code: h.indicator_code, from: h.from_points, to: h.to_points, reason: h.reason }));
}

export function finalGrade(total: number, thresholdsJson: string): string {
  return gradeOf(total, parseThresholds(thresholdsJson));
}
