import { IdParam } from '@taizhang/shared';
import {
  CreateSystemBody,
  OpenBody,
  OpenResponse,
  RankingResponse,
  ReturnBody,
  ReviewBody,
  ScorecardSummary,
  ScorecardView,
  ScoresBody,
  SystemView,
  UpdateSystemBody,
  VersionBody,
} from '@taizhang/shared/schemas/assessment';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { allowedOrgIds, assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { assessmentXlsx } from './export.ts';
import {
  applyAdjustments,
  assertStatus,
  assertVersion,
  createSystem,
  finalGrade,
  loadCardFor,
  loadSystemFor,
  missingSelfScores,
  openYear,
  presentCard,
  presentSystem,
  recomputeTotal,
  refreshAuto,
  requireCommittee,
  saveScores,
  summary,
} from './service.ts';

const TAGS = ['evaluations'];
const BASE = '/api/v1/evaluations';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Year = z.coerce.number().int().min(2000).max(2100);
const OrgYear = z.object({ orgId: z.coerce.number().int().positive(), year: Year });

export const assessmentRoutes = [
  defineRoute({
    method: 'GET',
    url: `${BASE}/systems`,
    summary: "A committee's indicator system for a year",
    tags: TAGS,
    ability: 'assessment.read',
    query: OrgYear,
    response: SystemView,
    async handler({ db, actor, query }) {
      await requireCommittee(db, actor, query.orgId, 'assessment.read');
      const s = await db.selectFrom('assessment_systems').selectAll().where('org_id', '=', query.orgId).where('year', '=', query.year).executeTakeFirst();
      if (!s) throw new AppError('not_found');
      return presentSystem(s);
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/systems`,
    summary: "Create a committee's indicator system for a year (default indicators unless given)",
    tags: TAGS,
    ability: 'assessment.manage',
    action: 'assessment_system.create',
    body: CreateSystemBody,
    response: SystemView,
    async handler({ app, db, actor, body, audit, reply }) {
      await requireCommittee(db, actor, body.orgId, 'assessment.manage');
      const s = await createSystem(app, db, body);
      audit({ entityType: 'assessment_system', entityId: s.id, orgId: s.org_id, after: presentSystem(s) });
      reply.status(201);
      return presentSystem(s);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${BASE}/systems/:id`,
    summary: 'Edit an indicator system (tree, thresholds, title; optimistic locking). Opened scorecards keep their snapshot.',
    tags: TAGS,
    ability: 'assessment.manage',
    action: 'assessment_system.update',
    params: IdParam,
    body: UpdateSystemBody,
    response: SystemView,
    async handler({ app, db, actor, params, body, audit }) {
      const s = await loadSystemFor(db, actor, params.id, 'assessment.manage');
      assertVersion(s.version, body.version);
      const patch = {
        updated_at: iso(app.clock.now()),
        version: s.version + 1,
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...(body.categories !== undefined ? { tree_json: JSON.stringify(body.categories) } : {}),
        ...(body.thresholds !== undefined ? { thresholds_json: JSON.stringify(body.thresholds) } : {}),
      };
      await db.updateTable('assessment_systems').set(patch).where('id', '=', s.id).execute();
      const after = await db.selectFrom('assessment_systems').selectAll().where('id', '=', s.id).executeTakeFirstOrThrow();
      audit({ entityType: 'assessment_system', entityId: s.id, orgId: s.org_id, before: presentSystem(s), after: presentSystem(after) });
      return presentSystem(after);
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/open`,
    summary: "Open a year's assessment: a scorecard per school under the committee, auto-scored",
    tags: TAGS,
    ability: 'assessment.manage',
    action: 'assessment.open',
    body: OpenBody,
    response: OpenResponse,
    async handler({ app, db, actor, body, audit }) {
      await requireCommittee(db, actor, body.orgId, 'assessment.manage');
      const r = await openYear(app, db, body.year, body.orgId);
      audit({ entityType: 'assessment_year', entityId: `${body.orgId}:${body.year}`, orgId: body.orgId, after: r });
      return r;
    },
  }),
  defineRoute({
    method: 'GET',
    url: BASE,
    summary: 'Scorecards in reach (optionally under an org) for a year',
    tags: TAGS,
    ability: 'assessment.read',
    query: z.object({ orgId: z.coerce.number().int().positive().optional(), year: Year }),
    response: z.object({ items: z.array(ScorecardSummary) }),
    async handler({ db, actor, query }) {
      const scope = scopeOf(actor, 'assessment.read');
      let q = db
        .selectFrom('assessment_scorecards as s')
        .innerJoin('org_units as o', 'o.id', 's.org_id')
        .selectAll('s')
        .select('o.name as org_name')
        .where('s.year', '=', query.year)
        .orderBy('o.code')
        .orderBy('s.id');
      if (!scope.all) q = q.where('s.org_id', 'in', scopeSubquery(db, scope));
      if (query.orgId) q = q.where('s.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', query.orgId));
      return { items: (await q.execute()).map(summary) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/ranking`,
    summary: 'Schools ordered by score (committee only: assessment.review at the committee)',
    tags: TAGS,
    ability: 'assessment.read',
    query: OrgYear,
    response: RankingResponse,
    async handler({ db, actor, query }) {
      const allowed = await allowedOrgIds(db, actor, 'assessment.review', [query.orgId]);
      if (!allowed.has(query.orgId)) throw new AppError('forbidden', { ability: 'assessment.review' });
      const org = await db.selectFrom('org_units').select('kind').where('id', '=', query.orgId).executeTakeFirst();
      if (org?.kind !== 'committee') throw new AppError('forbidden', { reason: '排名仅对工委可见 / rankings are for the committee' });
      const rows = await db
        .selectFrom('assessment_scorecards as s')
        .innerJoin('org_units as o', 'o.id', 's.org_id')
        .select(['s.id', 's.org_id', 'o.name', 's.status', 's.total', 's.grade', 'o.code'])
        .where('s.committee_id', '=', query.orgId)
        .where('s.year', '=', query.year)
        .execute();
      rows.sort((a, b) => Number(b.total) - Number(a.total) || (a.code < b.code ? -1 : 1));
      let rank = 0;
      let prev: number | null = null;
      const items = rows.map((r, i) => {
        if (prev === null || Number(r.total) !== prev) rank = i + 1;
        prev = Number(r.total);
        return { rank, scorecardId: r.id, orgId: r.org_id, orgName: r.name, status: r.status as 'submitted', total: Number(r.total), grade: r.grade };
      });
      return { orgId: query.orgId, year: query.year, items };
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/export`,
    summary: 'Scorecards in reach under an org for a year, with the evidence behind each point, as xlsx',
    tags: TAGS,
    ability: 'assessment.read',
    query: OrgYear,
    async handler({ db, actor, query, reply }) {
      const org = await db.selectFrom('org_units').select(['id', 'name']).where('id', '=', query.orgId).executeTakeFirst();
      if (!org) throw new AppError('not_found');
      await assertCan(db, actor, 'assessment.read', query.orgId);
      const scope = scopeOf(actor, 'assessment.read');
      let q = db
        .selectFrom('assessment_scorecards as s')
        .innerJoin('org_units as o', 'o.id', 's.org_id')
        .select('s.id')
        .where('s.year', '=', query.year)
        .where('s.org_id', 'in', db.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', query.orgId))
        .orderBy('o.code');
      if (!scope.all) q = q.where('s.org_id', 'in', scopeSubquery(db, scope));
      const cards = [];
      for (const r of await q.execute()) cards.push(await presentCard(db, r.id));
      const buf = await assessmentXlsx(org.name, query.year, cards);
      reply.header('content-type', XLSX);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${org.name}${query.year}年度党建考核.xlsx`)}`);
      return buf;
    },
  }),
  defineRoute({
    method: 'GET',
    url: `${BASE}/:id`,
    summary: 'A scorecard with every indicator, its points and the evidence behind them',
    tags: TAGS,
    ability: 'assessment.read',
    params: IdParam,
    response: ScorecardView,
    async handler({ db, actor, params }) {
      await loadCardFor(db, actor, params.id, 'assessment.read');
      return presentCard(db, params.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: `${BASE}/:id/scores`,
    summary: 'School self-assessment: points of manual indicators, evidence text and links (optimistic locking)',
    tags: TAGS,
    ability: 'assessment.manage',
    action: 'assessment.self_assess',
    params: IdParam,
    body: ScoresBody,
    response: ScorecardView,
    async handler({ app, db, actor, params, body, audit }) {
      const card = await loadCardFor(db, actor, params.id, 'assessment.manage');
      assertVersion(card.version, body.version);
      assertStatus(card.status, ['self_assessment']);
      const before = await presentCard(db, card.id);
      await saveScores(app, db, card.id, body.scores);
      await recomputeTotal(db, card.id);
      await db
        .updateTable('assessment_scorecards')
        .set({ version: card.version + 1, updated_at: iso(app.clock.now()) })
        .where('id', '=', card.id)
        .execute();
      const after = await presentCard(db, card.id);
      const codes = new Set(body.scores.map((s) => s.code));
      const pick = (v: typeof after) =>
        v.scores.filter((s) => codes.has(s.code)).map((s) => ({ code: s.code, selfPoints: s.selfPoints, evidence: s.evidence, links: s.links }));
      audit({ entityType: 'assessment_scorecard', entityId: card.id, orgId: card.org_id, before: pick(before), after: pick(after) });
      return after;
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/:id/submit`,
    summary: 'Submit the self-assessment to the committee (auto scores re-read from the records)',
    tags: TAGS,
    ability: 'assessment.manage',
    action: 'assessment.submit',
    params: IdParam,
    body: VersionBody,
    response: ScorecardView,
    async handler({ app, db, actor, params, body, audit }) {
      const card = await loadCardFor(db, actor, params.id, 'assessment.manage');
      assertVersion(card.version, body.version);
      assertStatus(card.status, ['self_assessment']);
      const missing = await missingSelfScores(db, card.id);
      if (missing.length) throw validation(missing.map((c) => ({ field: `scores.${c}`, message: '请先完成该指标自评 / self-score this indicator first' })));
      await refreshAuto(app, db, card.id);
      const now = iso(app.clock.now());
      await db
        .updateTable('assessment_scorecards')
        .set({ status: 'submitted', submitted_at: now, updated_at: now, version: card.version + 1 })
        .where('id', '=', card.id)
        .execute();
      const after = await presentCard(db, card.id);
      audit({
        entityType: 'assessment_scorecard',
        entityId: card.id,
        orgId: card.org_id,
        before: { status: card.status },
        after: { status: after.status, total: after.total },
      });
      return after;
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/:id/review`,
    summary: 'Committee review: adjust scores, each with a required reason (history kept)',
    tags: TAGS,
    ability: 'assessment.review',
    action: 'assessment.review',
    params: IdParam,
    body: ReviewBody,
    response: ScorecardView,
    async handler({ app, db, actor, params, body, audit }) {
      const card = await loadCardFor(db, actor, params.id, 'assessment.review');
      assertVersion(card.version, body.version);
      assertStatus(card.status, ['submitted', 'reviewed']);
      const changes = await applyAdjustments(app, db, actor, card.id, body.adjustments);
      const total = await recomputeTotal(db, card.id);
      const now = iso(app.clock.now());
      await db
        .updateTable('assessment_scorecards')
        .set({ status: 'reviewed', reviewed_at: now, updated_at: now, version: card.version + 1 })
        .where('id', '=', card.id)
        .execute();
      audit({
        entityType: 'assessment_scorecard',
        entityId: card.id,
        orgId: card.org_id,
        before: { status: card.status, total: Number(card.total) },
        after: { status: 'reviewed', total, adjustments: changes },
      });
      return presentCard(db, card.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/:id/return`,
    summary: 'Committee returns a submitted scorecard to the school for revision (reason required; this round of adjustments is cleared, its history kept)',
    tags: TAGS,
    ability: 'assessment.review',
    action: 'assessment.return',
    params: IdParam,
    body: ReturnBody,
    response: ScorecardView,
    async handler({ app, db, actor, params, body, audit }) {
      const card = await loadCardFor(db, actor, params.id, 'assessment.review');
      assertVersion(card.version, body.version);
      assertStatus(card.status, ['submitted', 'reviewed']);
      const now = iso(app.clock.now());
      // The school revises from its own self-scores; reviewed points would silently override them.
      await db
        .updateTable('assessment_scores')
        .set({ review_points: null, review_reason: null, updated_at: now })
        .where('scorecard_id', '=', card.id)
        .execute();
      await db
        .updateTable('assessment_scorecards')
        .set({ status: 'self_assessment', return_reason: body.reason, returned_at: now, reviewed_at: null, updated_at: now, version: card.version + 1 })
        .where('id', '=', card.id)
        .execute();
      await refreshAuto(app, db, card.id);
      const after = await presentCard(db, card.id);
      audit({
        entityType: 'assessment_scorecard',
        entityId: card.id,
        orgId: card.org_id,
        before: { status: card.status, total: Number(card.total) },
        after: { status: after.status, total: after.total, reason: body.reason },
      });
      return after;
    },
  }),
  defineRoute({
    method: 'POST',
    url: `${BASE}/:id/finalize`,
    summary: 'Final score and grade (thresholds of the system); the scorecard is locked',
    tags: TAGS,
    ability: 'assessment.review',
    action: 'assessment.finalize',
    params: IdParam,
    body: VersionBody,
    response: ScorecardView,
    async handler({ app, db, actor, params, body, audit }) {
      const card = await loadCardFor(db, actor, params.id, 'assessment.review');
      assertVersion(card.version, body.version);
      assertStatus(card.status, ['submitted', 'reviewed']);
      const total = await recomputeTotal(db, card.id);
      const grade = finalGrade(total, card.thresholds_json);
      const now = iso(app.clock.now());
      await db
        .updateTable('assessment_scorecards')
        .set({ status: 'finalized', grade, finalized_at: now, updated_at: now, version: card.version + 1 })
        .where('id', '=', card.id)
        .execute();
      audit({
        entityType: 'assessment_scorecard',
        entityId: card.id,
        orgId: card.org_id,
        before: { status: card.status },
        after: { status: 'finalized', total, grade },
      });
      return presentCard(db, card.id);
    },
  }),
];
