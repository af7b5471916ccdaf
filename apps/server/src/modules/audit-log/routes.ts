import { AuditEventView, AuditQuery, paged } from '@taizhang/shared';
import { defineRoute } from '../../platform/http/route.ts';
import { like } from '../../platform/sql.ts';

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
      let q = db.selectFrom('audit_events');
      if (query.actor) q = q.where(like('actor_name', query.actor));
      if (query.action) q = q.where(like('action', query.action, 'prefix'));
      if (query.entityType) q = q.where('entity_type', '=', query.entityType);
      if (query.entityId) q = q.where('entity_id', '=', query.entityId);
      if (query.orgId) q = q.where('org_id', '=', query.orgId);
      if (query.result) q = q.where('result', '=', query.result);
      if (query.from) q = q.where('at', '>=', query.from);
      if (query.to) q = q.where('at', '<=', query.to);
      const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await q
        .selectAll()
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
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
      };
    },
  }),
];
