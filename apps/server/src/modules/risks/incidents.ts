import type { CloseIncidentBody, CreateIncidentBody, UpdateIncidentBody } from '@taizhang/shared/schemas/risks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor, Scope } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { addMinutes, chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { recordChanged } from '../../platform/events.ts';
import { type By, SYSTEM, firstResponsibleOf, isInSubtree, orgNameMap, requireOrg, subtreeOf, yearInstants } from './common.ts';
import { rateRisk } from './risks.ts';
import type { IncidentsTable } from './tables.ts';

export type IncidentRow = Selectable<IncidentsTable>;

/** Deadline to report to the committee, from the escalation rules (data); null when the level has none. */
export async function escalationDue(exec: Executor, level: string, occurredAt: string): Promise<string | null> {
  const rule = await exec.selectFrom('escalation_rules').select('minutes').where('level', '=', level).executeTakeFirst();
  if (!rule) return null;
  return iso(addMinutes(new Date(occurredAt), rule.minutes));
}

async function addEvent(ctx: AppContext, exec: Executor, incidentId: number, kind: string, note: string, by: By, at?: string) {
  return exec
    .insertInto('incident_events')
    .values({ incident_id: incidentId, at: at ?? iso(ctx.clock.now()), kind, actor_user_id: by.userId, actor_name: by.name, note })
    .returningAll()
    .executeTakeFirstOrThrow();
}

async function checkRiskLinks(exec: Executor, orgId: number, riskIds: number[], actor: Actor | null): Promise<void> {
  const problems: FieldProblem[] = [];
  for (const [i, id] of riskIds.entries()) {
    const r = await exec.selectFrom('risks').select(['id', 'org_id']).where('id', '=', id).executeTakeFirst();
    // A risk of the incident's org, of a unit under it, or of a unit above it (e.g. the committee's).
    const related = r && ((await isInSubtree(exec, orgId, r.org_id)) || (await isInSubtree(exec, r.org_id, orgId)));
    if (!r || !related) {
      problems.push({ field: `body.riskIds.${i}`, message: '风险不存在或与本单位无关 / no such risk for this org' });
      continue;
    }
    if (actor) await assertCan(exec, actor, 'risk.read', r.org_id);
  }
  if (problems.length) throw validation(problems);
}

async function isCommittee(exec: Executor, orgId: number): Promise<boolean> {
  const org = await exec.selectFrom('org_units').select('kind').where('id', '=', orgId).executeTakeFirst();
  return org?.kind === 'committee';
}

export async function createIncident(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  by: By,
  input: z.infer<typeof CreateIncidentBody> & { isDemo?: boolean; reportedAt?: string },
) {
  const org = await requireOrg(exec, input.orgId);
  const occurredAt = new Date(input.occurredAt).toISOString();
  const reportedAt = input.reportedAt ?? iso(ctx.clock.now());
  if (occurredAt > reportedAt) throw validation([{ field: 'body.occurredAt', message: '发生时间晚于报告时间 / occurred after it was reported' }]);
  await checkRiskLinks(exec, org.id, [...new Set(input.riskIds)], actor);
  // An incident at the committee is with the committee from the moment it is reported.
  const atCommittee = await isCommittee(exec, org.id);
  const row = await exec
    .insertInto('incidents')
    .values({
      org_id: org.id,
      occurred_at: occurredAt,
      source: input.source,
      summary: input.summary,
      level: input.level,
      reported_at: reportedAt,
      reported_by_user_id: by.userId,
      reported_to_committee_at: atCommittee ? reportedAt : null,
      escalation_due_at: await escalationDue(exec, input.level, occurredAt),
      status: 'open',
      personally_handled: 0,
      closed_at: null,
      lessons: null,
      created_at: reportedAt,
      updated_at: reportedAt,
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const riskId of new Set(input.riskIds)) await exec.insertInto('incident_risks').values({ incident_id: row.id, risk_id: riskId }).execute();
  await addEvent(ctx, exec, row.id, 'reported', `报告：${input.level}（${input.source}）`, by, reportedAt);
  await recordChanged(ctx, exec, { source: 'incidents', orgIds: [row.org_id], date: chinaDate(new Date(row.occurred_at)) });
  return row;
}

export async function loadIncidentFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'incident.report'): Promise<IncidentRow> {
  const row = await exec.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

function assertOpen(row: IncidentRow) {
  if (row.status === 'closed') throw new AppError('conflict', { reason: 'closed', message: '事件已办结 / the incident is closed' });
}

export async function updateIncident(ctx: AppContext, exec: Executor, actor: Actor, before: IncidentRow, input: z.infer<typeof UpdateIncidentBody>) {
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  assertOpen(before);
  const by: By = { userId: actor.userId, name: actor.displayName || actor.username };
  const level = input.level ?? before.level;
  if (input.riskIds) {
    await checkRiskLinks(exec, before.org_id, [...new Set(input.riskIds)], actor);
    await exec.deleteFrom('incident_risks').where('incident_id', '=', before.id).execute();
    for (const riskId of new Set(input.riskIds)) await exec.insertInto('incident_risks').values({ incident_id: before.id, risk_id: riskId }).execute();
  }
  if (input.personallyHandled === true && before.personally_handled !== 1) {
    const first = await firstResponsibleOf(exec, before.org_id, chinaDate(ctx.clock.now()));
    if (actor.personId === null || !first.includes(actor.personId)) {
      throw new AppError('forbidden', {
        reason: 'not_first_responsible',
        message: '只有第一责任人本人可以标记“亲自处置” / only the first responsible person can mark it personally handled',
      });
    }
  }
  const after = await exec
    .updateTable('incidents')
    .set({
      summary: input.summary ?? before.summary,
      source: input.source ?? before.source,
      level,
      escalation_due_at: level !== before.level ? await escalationDue(exec, level, before.occurred_at) : before.escalation_due_at,
      personally_handled: input.personallyHandled === undefined ? before.personally_handled : input.personallyHandled ? 1 : 0,
      updated_at: iso(ctx.clock.now()),
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  if (level !== before.level) {
    await addEvent(ctx, exec, before.id, 'level_changed', `级别：${before.level} → ${level}`, by);
    // A negative-list measure may count one level only.
    await recordChanged(ctx, exec, { source: 'incidents', orgIds: [before.org_id], date: chinaDate(new Date(before.occurred_at)) });
  }
  if (after.personally_handled === 1 && before.personally_handled !== 1) await addEvent(ctx, exec, before.id, 'personally_handled', '第一责任人亲自处置', by);
  return after;
}

/** A handling step on the timeline; the first one moves the incident from open to handling. */
export async function addHandlingEvent(ctx: AppContext, exec: Executor, row: IncidentRow, by: By, note: string, at?: string) {
  assertOpen(row);
  const when = at ? new Date(at).toISOString() : iso(ctx.clock.now());
  if (when < row.occurred_at) throw validation([{ field: 'body.at', message: '处置时间早于发生时间 / before the incident occurred' }]);
  if (when > iso(ctx.clock.now())) throw validation([{ field: 'body.at', message: '处置时间不能晚于现在 / in the future' }]);
  const ev = await addEvent(ctx, exec, row.id, 'action', note, by, when);
  if (row.status === 'open') {
    await exec
      .updateTable('incidents')
      .set({ status: 'handling', updated_at: iso(ctx.clock.now()), version: row.version + 1 })
      .where('id', '=', row.id)
      .execute();
  }
  return ev;
}

export async function reportToCommittee(ctx: AppContext, exec: Executor, row: IncidentRow, by: By) {
  if (row.reported_to_committee_at) throw new AppError('conflict', { reason: 'already_reported', message: '已报告工委 / already reported' });
  const now = iso(ctx.clock.now());
  const after = await exec
    .updateTable('incidents')
    .set({ reported_to_committee_at: now, updated_at: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const late = row.escalation_due_at !== null && now > row.escalation_due_at;
  await addEvent(ctx, exec, row.id, 'reported_to_committee', late ? '已报告工委（超时）' : '已报告工委', by, now);
  return after;
}

/** Closure with lessons; every linked risk is re-rated (history source `incident`). */
export async function closeIncident(ctx: AppContext, exec: Executor, row: IncidentRow, by: By, input: z.infer<typeof CloseIncidentBody>) {
  if (row.version !== input.version) throw new AppError('conflict', { currentVersion: row.version });
  assertOpen(row);
  const linked = (await exec.selectFrom('incident_risks').select('risk_id').where('incident_id', '=', row.id).execute()).map((r) => r.risk_id);
  const given = new Map(input.reratings.map((r) => [r.riskId, r]));
  const problems: FieldProblem[] = [];
  for (const id of linked)
    if (!given.has(id)) problems.push({ field: 'body.reratings', message: `关联风险 ${id} 须重新评级 / linked risk ${id} must be re-rated` });
  for (const [i, r] of input.reratings.entries())
    if (!linked.includes(r.riskId)) problems.push({ field: `body.reratings.${i}.riskId`, message: '不是本事件关联的风险 / not linked to this incident' });
  if (problems.length) throw validation(problems);
  for (const id of linked) {
    const risk = await exec.selectFrom('risks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const r = given.get(id);
    if (r) await rateRisk(ctx, exec, risk, { likelihood: r.likelihood, impact: r.impact, reason: `事件 #${row.id} 办结后重新评级` }, 'incident', by);
  }
  const now = iso(ctx.clock.now());
  const after = await exec
    .updateTable('incidents')
    .set({ status: 'closed', closed_at: now, lessons: input.lessons, updated_at: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  await addEvent(ctx, exec, row.id, 'closed', `办结：${input.lessons}`, by, now);
  return after;
}

export interface Escalation {
  incidentId: number;
  orgId: number;
  level: string;
  dueAt: string;
  notifiedAt: string;
}

/**
 * Finds incidents past their deadline to report to the committee and not reported by then, and records
 * exactly one escalation for each (incident_escalations is unique per incident). Returns the new ones,
 * for the scheduler to turn into notifications.
 */
export async function checkEscalations(ctx: AppContext, now: Date = ctx.clock.now()): Promise<Escalation[]> {
  const at = iso(now);
  return ctx.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('incidents as i')
      .select(['i.id', 'i.org_id', 'i.level', 'i.escalation_due_at'])
      .where('i.escalation_due_at', 'is not', null)
      .where('i.escalation_due_at', '<=', at)
      .where('i.reported_to_committee_at', 'is', null)
      .where('i.id', 'not in', trx.selectFrom('incident_escalations').select('incident_id'))
      .orderBy('i.id')
      .execute();
    const out: Escalation[] = [];
    for (const i of due) {
      const e = { incidentId: i.id, orgId: i.org_id, level: i.level, dueAt: i.escalation_due_at as string, notifiedAt: at };
      await trx
        .insertInto('incident_escalations')
        .values({ incident_id: e.incidentId, org_id: e.orgId, level: e.level, due_at: e.dueAt, notified_at: at })
        .execute();
      await addEvent(ctx, trx, i.id, 'escalated', `超过报告时限（${e.dueAt}）未报告工委，已提醒工委 / overdue, the committee is notified`, SYSTEM, at);
      out.push(e);
    }
    return out;
  });
}

export function incidentListQuery(exec: Executor, scope: Scope, f: { orgId?: number; year?: number; status?: string; level?: string }) {
  let q = exec.selectFrom('incidents as i');
  if (!scope.all) q = q.where('i.org_id', 'in', scopeSubquery(exec, scope));
  if (f.orgId !== undefined) q = q.where('i.org_id', 'in', subtreeOf(exec, f.orgId));
  if (f.year !== undefined) {
    const y = yearInstants(f.year);
    q = q.where('i.occurred_at', '>=', y.from).where('i.occurred_at', '<', y.to);
  }
  if (f.status) q = q.where('i.status', '=', f.status);
  if (f.level) q = q.where('i.level', '=', f.level);
  return q;
}

export async function incidentStats(exec: Executor, scope: Scope, orgId: number, year: number) {
  const rows = await incidentListQuery(exec, scope, { orgId, year }).select(['i.level', 'i.status', 'i.closed_at']).execute();
  const yearEnd = yearInstants(year).to;
  const closed = rows.filter((r) => r.status === 'closed').length;
  const negativeNews = rows.some((r) => r.level === '较大' || r.level === '重大' || r.status !== 'closed' || (r.closed_at !== null && r.closed_at >= yearEnd));
  return {
    orgId,
    year,
    total: rows.length,
    open: rows.length - closed,
    closed,
    major: rows.filter((r) => r.level === '重大').length,
    negativeNews,
  };
}

export async function presentIncidents(exec: Executor, rows: IncidentRow[], now: Date, withDetail: boolean) {
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  const ids = rows.map((r) => r.id);
  const esc = ids.length ? await exec.selectFrom('incident_escalations').selectAll().where('incident_id', 'in', ids).execute() : [];
  const links = ids.length
    ? await exec
        .selectFrom('incident_risks as l')
        .innerJoin('risks as r', 'r.id', 'l.risk_id')
        .select(['l.incident_id', 'r.id', 'r.code', 'r.level'])
        .where('l.incident_id', 'in', ids)
        .execute()
    : [];
  const events =
    withDetail && ids.length ? await exec.selectFrom('incident_events').selectAll().where('incident_id', 'in', ids).orderBy('at').orderBy('id').execute() : [];
  const nowIso = iso(now);
  return rows.map((r) => {
    const pending = r.escalation_due_at !== null && r.reported_to_committee_at === null;
    return {
      id: r.id,
      orgId: r.org_id,
      orgName: orgs.get(r.org_id) ?? '',
      occurredAt: r.occurred_at,
      source: r.source,
      summary: r.summary,
      level: r.level,
      status: r.status,
      reportedAt: r.reported_at,
      reportedToCommitteeAt: r.reported_to_committee_at,
      escalationDueAt: r.escalation_due_at,
      /** Minutes left to report to the committee (negative when overdue); null when nothing is pending. */
      minutesLeft: pending && r.escalation_due_at ? Math.floor((Date.parse(r.escalation_due_at) - now.getTime()) / 60000) : null,
      overdue: pending && r.escalation_due_at !== null && r.escalation_due_at <= nowIso,
      reportedLate: r.reported_to_committee_at !== null && r.escalation_due_at !== null && r.reported_to_committee_at > r.escalation_due_at,
      escalatedAt: esc.find((e) => e.incident_id === r.id)?.notified_at ?? null,
      personallyHandled: r.personally_handled === 1,
      closedAt: r.closed_at,
      lessons: r.lessons,
      risks: links.filter((l) => l.incident_id === r.id).map((l) => ({ id: l.id, code: l.code, level: l.level })),
      version: r.version,
      ...(withDetail
        ? {
            events: events.filter((e) => e.incident_id === r.id).map((e) => ({ id: e.id, at: e.at, kind: e.kind, actorName: e.actor_name, note: e.note })),
          }
        : {}),
    };
  });
}
