import { IdParam } from '@taizhang/shared';
import { z } from 'zod';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate } from '../../platform/clock.ts';
import { reauthenticate } from '../auth/service.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { reportDocx, reportMarkdown, reportTitle } from './render.ts';
import { currentReport, finalize, saveDraft } from './store.ts';
import { figureRecords } from './sources.ts';
import { dashboard } from './dashboard.ts';

const OrgYear = z.object({ orgId: z.coerce.number().int().positive(), year: z.coerce.number().int().min(2000).max(2100) });
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export const reportRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/preview',
    summary: 'The situation report for an org and year: the frozen final if there is one, else computed from the records',
    tags: ['reports'],
    ability: 'report.read',
    query: OrgYear,
    async handler({ db, actor, query }) {
      await assertCan(db, actor, 'report.read', query.orgId);
      return currentReport(db, query.orgId, query.year);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/sources',
    summary: 'The records behind one figure (for the preview links)',
    tags: ['reports'],
    ability: 'report.read',
    query: OrgYear.extend({ key: z.string().regex(/^[a-z_]+$/) }),
    async handler({ db, actor, query }) {
      await assertCan(db, actor, 'report.read', query.orgId);
      const report = await currentReport(db, query.orgId, query.year);
      const f = report.figures[query.key];
      if (!f) throw new AppError('not_found');
      return {
        key: query.key,
        label: f.label,
        definition: f.definition,
        kind: f.sources.kind,
        records: await figureRecords(db, actor, f.sources.kind, f.sources.ids),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports/export',
    summary: 'Download the report as Word (docx), Markdown or JSON',
    tags: ['reports'],
    ability: 'report.read',
    query: OrgYear.extend({ format: z.enum(['docx', 'md', 'json']).default('docx') }),
    async handler({ app, db, actor, query, reply }) {
      await assertCan(db, actor, 'report.read', query.orgId);
      const r = await currentReport(db, query.orgId, query.year);
      const name = encodeURIComponent(`${reportTitle(r)}.${query.format}`);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${name}`);
      if (query.format === 'json') return r;
      if (query.format === 'md') return reply.type('text/markdown; charset=utf-8').send(reportMarkdown(r));
      const date = r.frozenAt ? chinaDate(new Date(r.frozenAt)) : chinaDate(app.clock.now());
      return reply.type(DOCX).send(await reportDocx(r, date));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/reports',
    summary: 'Saved drafts and the final of an org and year',
    tags: ['reports'],
    ability: 'report.read',
    query: OrgYear,
    async handler({ db, actor, query }) {
      await assertCan(db, actor, 'report.read', query.orgId);
      const rows = await db
        .selectFrom('reports')
        .select(['id', 'status', 'revision', 'created_at', 'created_by', 'frozen_at'])
        .where('org_id', '=', query.orgId)
        .where('year', '=', query.year)
        .orderBy('revision', 'desc')
        .execute();
      return {
        items: rows.map((r) => ({ id: r.id, status: r.status, revision: r.revision, createdAt: r.created_at, createdBy: r.created_by, frozenAt: r.frozen_at })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports',
    summary: 'Save a draft revision with edits of sections 三 and 四',
    tags: ['reports'],
    ability: 'report.generate',
    action: 'report.save_draft',
    body: OrgYear.extend({ edits: z.partialRecord(z.enum(['problems', 'next']), z.array(z.string().max(4000)).max(50)).default({}) }),
    async handler({ app, db, actor, body, audit, reply }) {
      await assertCan(db, actor, 'report.generate', body.orgId);
      const row = await saveDraft(app, db, body.orgId, body.year, body.edits, actor.userId);
      audit({ entityType: 'report', entityId: row.id, orgId: body.orgId, after: { year: body.year, revision: row.revision } });
      reply.status(201);
      return { id: row.id, revision: row.revision, status: row.status };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/reports/:id/finalize',
    summary: 'Freeze a draft as the final report of its year, with its data snapshot (re-authentication: password)',
    tags: ['reports'],
    ability: 'report.generate',
    action: 'report.finalize',
    params: IdParam,
    // Signing off the year's report is a sensitive action: the caller's own password again.
    body: z.object({ password: z.string().min(1).max(200) }),
    async handler({ app, db, actor, params, body, audit }) {
      const row = await db.selectFrom('reports').select(['org_id']).where('id', '=', params.id).executeTakeFirst();
      if (!row) throw new AppError('not_found');
      await assertCan(db, actor, 'report.generate', row.org_id);
      await reauthenticate(app, db, actor, body.password, 'report.finalize');
      const final = await finalize(app, db, params.id);
      audit({ entityType: 'report', entityId: final.id, orgId: final.org_id, after: { status: 'final' } });
      return { id: final.id, revision: final.revision, status: final.status, frozenAt: final.frozen_at };
    },
  }),
];

export const dashboardRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/dashboard',
    summary: 'Dashboard aggregates for a subtree and year: compliance heatmap, duties, tasks, development, risks, incidents, screening',
    tags: ['dashboard'],
    ability: 'report.read',
    query: OrgYear,
    async handler({ app, db, actor, query }) {
      await assertCan(db, actor, 'report.read', query.orgId);
      return dashboard(db, query.orgId, query.year, app.clock.now(), { dialect: app.dialect });
    },
  }),
];
