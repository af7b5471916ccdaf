import { AuditEventView, AuditQuery, paged } from '@taizhang/shared';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { toCsv } from '../../platform/csv.ts';
import { decodeCursor, nextCursorOf } from '../../platform/http/cursor.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { like } from '../../platform/sql.ts';

/** Most rows one export holds; narrow the filters (time range) for more. */
const EXPORT_LIMIT = 100_000;

function filtered(db: Executor, query: Omit<z.infer<typeof AuditQuery>, 'page' | 'pageSize' | 'after'>) {
  let q = db.selectFrom('audit_events');
  if (query.actor) q = q.where(like('actor_name', query.actor));
  if (query.action) q = q.where(like('action', query.action, 'prefix'));
  if (query.entityType) q = q.where('entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('entity_id', '=', query.entityId);
  if (query.orgId) q = q.where('org_id', '=', query.orgId);
  if (query.result) q = q.where('result', '=', query.result);
  if (query.from) q = q.where('at', '>=', query.from);
  if (query.to) q = q.where('at', '<=', query.to);
  return q;
}

function parseJson(v: string | null): unknown {
  if (v === null) return null;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit-events',
    summary: 'Browse the audit trail (audit administrators only); read-only through the app',
    tags: ['audit'],
    ability: 'audit.read',
    query: AuditQuery,
    response: paged(AuditEventView),
    async handler({ db, query }) {
      const q = filtered(db, query);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      // Keyset paging (`after`): newest first, the page starts below the cursor's id by the primary key, however deep.
      const after = query.after === undefined ? null : decodeCursor(query.after);
      const rows = await (after ? q.where('id', '<', after[1]) : q)
        .selectAll()
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset(after ? 0 : (query.page - 1) * query.pageSize)
        .execute();
      const nextCursor = nextCursorOf(rows, query.pageSize, (r) => [r.id, r.id]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          orgId: r.org_id,
          ip: r.ip,
          userAgent: r.user_agent,
          result: r.result as 'ok' | 'denied' | 'failed',
          before: parseJson(r.before_json),
          after: parseJson(r.after_json),
          requestId: r.request_id,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
        nextCursor,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit-events/export',
    freshAuth: true,
    summary: 'The filtered audit trail as CSV (audit administrators only; the export itself is audited)',
    tags: ['audit'],
    ability: 'audit.read',
    query: AuditQuery.omit({ page: true, pageSize: true }),
    async handler({ db, query, reply, auditRead }) {
      const rows = await filtered(db, query).selectAll().orderBy('id').limit(EXPORT_LIMIT).execute();
      await auditRead('audit.export', { entityType: 'audit_event', entityId: null, after: { rows: rows.length, filters: query } });
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit-events.csv"`);
      return toCsv(
        ['编号', '时间', '操作人编号', '操作人', '操作', '对象类型', '对象编号', '组织编号', 'IP', '结果', '变更前', '变更后', '请求编号', '哈希'],
        rows.map((r) => [
          r.id,
          r.at,
          r.actor_id,
          r.actor_name,
          r.action,
          r.entity_type,
          r.entity_id,
          r.org_id,
          r.ip,
          r.result,
          r.before_json,
          r.after_json,
          r.request_id,
          r.hash,
        ]),
      );
    },
  }),
];
