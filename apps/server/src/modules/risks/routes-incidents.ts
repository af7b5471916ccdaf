import { IdParam } from '@taizhang/shared';
import {
  CloseIncidentBody,
  CreateIncidentBody,
  IncidentEventBody,
  IncidentQuery,
  IncidentStatsQuery,
  IncidentStatsView,
  UpdateIncidentBody,
} from '@taizhang/shared/schemas/risks';
import { z } from 'zod';
import { scopeOf } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { byActor, checkFilterOrg, checkWriteOrg } from './common.ts';
import {
  addHandlingEvent,
  closeIncident,
  createIncident,
  incidentListQuery,
  incidentStats,
  loadIncidentFor,
  presentIncidents,
  reportToCommittee,
  updateIncident,
} from './incidents.ts';

async function one(db: Parameters<typeof presentIncidents>[0], id: number, now: Date) {
  const row = await db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return (await presentIncidents(db, [row], now, true))[0];
}

export const incidentRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents',
    summary: 'Incidents (舆情/事件) in reach with their escalation timers',
    tags: ['incidents'],
    ability: 'risk.read',
    query: IncidentQuery,
    async handler({ app, db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      const base = incidentListQuery(db, scopeOf(actor, 'risk.read'), query);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .selectAll('i')
        .orderBy('i.occurred_at', 'desc')
        .orderBy('i.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: await presentIncidents(db, rows, app.clock.now(), false), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/stats',
    summary: 'Incident figures of an org subtree for a year, including whether the year had negative news',
    tags: ['incidents'],
    ability: 'risk.read',
    query: IncidentStatsQuery,
    response: IncidentStatsView,
    async handler({ db, actor, query }) {
      await checkFilterOrg(db, actor, 'risk.read', query.orgId);
      return incidentStats(db, scopeOf(actor, 'risk.read'), query.orgId, query.year);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/incidents/:id',
    summary: 'One incident with its handling timeline, linked risks and escalation state',
    tags: ['incidents'],
    ability: 'risk.read',
    params: IdParam,
    async handler({ app, db, actor, params }) {
      const row = await loadIncidentFor(db, actor, params.id, 'risk.read');
      return (await presentIncidents(db, [row], app.clock.now(), true))[0];
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents',
    summary: 'Report an incident; its deadline to reach the committee follows the escalation rules',
    tags: ['incidents'],
    ability: 'incident.report',
    action: 'incident.create',
    body: CreateIncidentBody,
    async handler({ app, db, actor, body, audit, reply }) {
      await checkWriteOrg(db, actor, 'incident.report', body.orgId);
      const row = await createIncident(app, db, actor, byActor(actor), body);
      audit({ entityType: 'incident', entityId: row.id, orgId: row.org_id, after: { ...row, riskIds: body.riskIds } });
      reply.status(201);
      return one(db, row.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/incidents/:id',
    summary: 'Edit an open incident: summary, source, level (the deadline follows), linked risks, personally handled',
    tags: ['incidents'],
    ability: 'incident.report',
    action: 'incident.update',
    params: IdParam,
    body: UpdateIncidentBody,
    async handler({ app, db, actor, params, body, audit }) {
      const before = await loadIncidentFor(db, actor, params.id, 'incident.report');
      const after = await updateIncident(app, db, actor, before, body);
      audit({ entityType: 'incident', entityId: after.id, orgId: after.org_id, before, after });
      return one(db, after.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/events',
    summary: 'Add a handling step to the timeline (who did what when)',
    tags: ['incidents'],
    ability: 'incident.report',
    action: 'incident.event_add',
    params: IdParam,
    body: IncidentEventBody,
    async handler({ app, db, actor, params, body, audit }) {
      const row = await loadIncidentFor(db, actor, params.id, 'incident.report');
      const ev = await addHandlingEvent(app, db, row, byActor(actor), body.note, body.at);
      audit({ entityType: 'incident', entityId: row.id, orgId: row.org_id, after: { event: ev.id, at: ev.at, note: ev.note } });
      return one(db, row.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/report-to-committee',
    summary: 'Record that the incident has been reported to the committee (stops the escalation timer)',
    tags: ['incidents'],
    ability: 'incident.report',
    action: 'incident.report_to_committee',
    params: IdParam,
    body: z.object({}).optional(),
    async handler({ app, db, actor, params, audit }) {
      const row = await loadIncidentFor(db, actor, params.id, 'incident.report');
      const after = await reportToCommittee(app, db, row, byActor(actor));
      audit({
        entityType: 'incident',
        entityId: row.id,
        orgId: row.org_id,
        after: { reportedToCommitteeAt: after.reported_to_committee_at, dueAt: row.escalation_due_at },
      });
      return one(db, row.id, app.clock.now());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/incidents/:id/close',
    summary: 'Close an incident with lessons learnt; every linked risk must be re-rated',
    tags: ['incidents'],
    ability: 'incident.report',
    action: 'incident.close',
    params: IdParam,
    body: CloseIncidentBody,
    async handler({ app, db, actor, params, body, audit }) {
      const row = await loadIncidentFor(db, actor, params.id, 'incident.report');
      for (const r of body.reratings) {
        const risk = await db.selectFrom('risks').select('org_id').where('id', '=', r.riskId).executeTakeFirst();
        if (!risk) throw new AppError('validation_failed', { fields: [{ field: 'body.reratings', message: '风险不存在 / no such risk' }] });
        // Re-rating is risk management: the closer needs it on every linked risk.
        await assertCan(db, actor, 'risk.manage', risk.org_id);
      }
      const after = await closeIncident(app, db, row, byActor(actor), body);
      audit({
        entityType: 'incident',
        entityId: row.id,
        orgId: row.org_id,
        before: { status: row.status },
        after: { status: after.status, lessons: after.lessons, reratings: body.reratings },
      });
      return one(db, row.id, app.clock.now());
    },
  }),
];
