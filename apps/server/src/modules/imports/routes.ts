import { z } from 'zod';
import { actorAbilities, scopeOf } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { requireFreshAuth } from '../../platform/auth/sessions.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { runImport } from '../../platform/xlsx/runner.ts';
import { exportWorkbook, problemsWorkbook, templateWorkbook } from '../../platform/xlsx/writer.ts';
import { findKind, importKinds } from './kinds.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const KindParam = z.object({
  kind: z
    .string()
    .regex(/^[a-z-]+$/)
    .max(40),
});
const Problem = z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: z.string() });

function kindOr404(name: string) {
  const k = findKind(name);
  if (!k) throw new AppError('not_found', { kind: name });
  return k;
}

function attachment(name: string) {
  return `attachment; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const importRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/imports/kinds',
    summary: 'Template kinds and their columns',
    tags: ['imports'],
    ability: 'org.read',
    response: z.object({
      items: z.array(
        z.object({ kind: z.string(), title: z.string(), columns: z.array(z.object({ header: z.string(), required: z.boolean(), help: z.string() })) }),
      ),
    }),
    async handler() {
      return {
        items: [...importKinds().values()].map((k) => ({
          kind: k.kind,
          title: k.title,
          columns: k.columns.map((c) => ({ header: c.header, required: c.required === true, help: c.help })),
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/imports/:kind/template',
    summary: 'Download the blank template (headers, drop-downs, explanation sheet)',
    tags: ['imports'],
    ability: 'org.read',
    params: KindParam,
    async handler({ params, reply }) {
      const k = kindOr404(params.kind);
      reply.header('content-disposition', attachment(`${k.title}导入模板.xlsx`));
      return reply.type(XLSX).send(await templateWorkbook(k));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/imports/:kind',
    summary: 'Import a workbook (raw xlsx body): all or nothing; every problem comes back as row, column, value, reason',
    tags: ['imports'],
    ability: 'import.run',
    action: 'import.run',
    transaction: 'manual',
    raw: true,
    params: KindParam,
    query: z.object({ dryRun: z.enum(['0', '1']).optional() }),
    response: z.object({
      ok: z.boolean(),
      kind: z.string(),
      batchId: z.string(),
      rows: z.number(),
      inserted: z.number(),
      updated: z.number(),
      dryRun: z.boolean(),
      problems: z.array(Problem),
      refused: z.string().optional(),
    }),
    async handler({ app, req, actor, params, query, body }) {
      const k = kindOr404(params.kind);
      if (!Buffer.isBuffer(body)) throw new AppError('unsupported_media_type', { expected: XLSX });
      const outcome = await runImport(app, k, body, {
        dryRun: query.dryRun === '1',
        actorId: actor.userId,
        actorName: actor.username,
        scope: scopeOf(actor, 'import.run'),
        requestId: String(req.id),
        ip: req.ip,
      });
      if (!outcome.ok) throw new AppError('validation_failed', { problems: outcome.problems, refused: outcome.refused ?? null, rows: outcome.rows });
      return outcome;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/imports/problems-workbook',
    summary: 'The problems of a refused import as a downloadable workbook (行号, 列, 值, 原因)',
    tags: ['imports'],
    ability: 'import.run',
    transaction: 'manual',
    body: z.object({ problems: z.array(Problem).max(200000) }),
    async handler({ body, reply }) {
      reply.header('content-disposition', attachment('导入错误明细.xlsx'));
      return reply.type(XLSX).send(await problemsWorkbook(body.problems));
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/exports/:kind',
    summary: 'Export what the caller may see (optionally one subtree) in the template format; formula-like cells escaped',
    tags: ['imports'],
    ability: 'org.read',
    params: KindParam,
    query: z.object({ orgId: z.coerce.number().int().positive().optional() }),
    async handler({ app, db, actor, params, query, reply, auditRead }) {
      const k = kindOr404(params.kind);
      if (query.orgId !== undefined) {
        if (!(await db.selectFrom('org_units').select('id').where('id', '=', query.orgId).executeTakeFirst())) throw new AppError('not_found');
        await assertCan(db, actor, 'org.read', query.orgId);
      }
      const ability = k.kind === 'people' ? 'people.read' : 'org.read';
      if (k.kind === 'people') {
        if (!actor.grants.length) throw new AppError('forbidden');
      }
      // Full phone numbers leave the system only after the password was entered again.
      const fullPersonal = k.kind === 'people' && actorAbilities(actor).has('people.phone.read');
      if (fullPersonal) await requireFreshAuth(app, actor);
      const rows = await k.exportRows(db, { scope: scopeOf(actor, ability), orgId: query.orgId, app, fullPersonal });
      await auditRead('export.run', {
        entityType: k.kind,
        entityId: null,
        orgId: query.orgId ?? null,
        after: { rows: rows.length, personal: k.kind === 'people', fullPersonal },
      });
      reply.header('content-disposition', attachment(`${k.title}.xlsx`));
      return reply.type(XLSX).send(await exportWorkbook(k, rows));
    },
  }),
];
