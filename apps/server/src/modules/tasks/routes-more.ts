import { IdParam, OkResponse, paged } from '@taizhang/shared';
import {
  ChannelBody,
  ChannelView,
  CreateDocumentBody,
  CreateRecurringBody,
  DELIVERY_CHANNELS,
  DeliveriesQuery,
  DeliveryView,
  DocumentDetail,
  DocumentView,
  LinkStudyBody,
  NotificationList,
  NotificationPref,
  NotificationsQuery,
  PrefsBody,
  RECURRING_PERIODS,
} from '@taizhang/shared/schemas/tasks';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, requireAbility, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { linkStudy, loadDocumentFor, publishDocument, visibleDocumentIds } from './documents.ts';
import { MASK, maskConfig, orgNameMap } from './presenter.ts';
import { resolveTargets, validateForm } from './service.ts';

const RecurringView = z.object({
  id: z.number().int(),
  period: z.enum(RECURRING_PERIODS),
  nextRunOn: z.string(),
  issuingOrgId: z.number().int(),
  title: z.string(),
  active: z.boolean(),
  version: z.number().int(),
});

async function documentViews(app: AppContext, db: Executor, actor: Actor, ids: number[]) {
  if (ids.length === 0) return [];
  const docs = await db.selectFrom('documents').selectAll().where('id', 'in', ids).orderBy('published_at', 'desc').orderBy('id', 'desc').execute();
  const today = chinaDate(app.clock.now());
  const counts = await db
    .selectFrom('document_receipts')
    .select(['document_id', 'read_at'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('document_id', 'in', ids)
    .groupBy(['document_id', 'read_at'])
    .execute();
  const mine = actor.personId
    ? await db
        .selectFrom('document_receipts')
        .select(['document_id', 'read_at'])
        .where('document_id', 'in', ids)
        .where('person_id', '=', actor.personId)
        .execute()
    : [];
  const names = await orgNameMap(
    db,
    docs.map((d) => d.issuing_org_id),
  );
  return docs.map((d) => {
    const rows = counts.filter((c) => c.document_id === d.id);
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const read = rows.filter((r) => r.read_at !== null).reduce((s, r) => s + Number(r.n), 0);
    const own = mine.find((m) => m.document_id === d.id);
    return {
      id: d.id,
      title: d.title,
      body: d.body,
      issuingOrgId: d.issuing_org_id,
      issuingOrgName: names.get(d.issuing_org_id) ?? '',
      readWithinDays: d.read_within_days,
      publishedAt: d.published_at,
      dueDate: d.due_date,
      receipts: { total, read, overdue: today > d.due_date ? total - read : 0 },
      mine: own ? { readAt: own.read_at } : null,
    };
  });
}

async function documentDetail(app: AppContext, db: Executor, actor: Actor, id: number) {
  const doc = await loadDocumentFor(db, actor, id);
  const [view] = await documentViews(app, db, actor, [doc.id]);
  const targets = await db
    .selectFrom('document_targets as t')
    .leftJoin('org_units as o', 'o.id', 't.org_id')
    .leftJoin('people as p', 'p.id', 't.person_id')
    .select(['t.org_id', 't.person_id', 'o.name as org_name', 'p.name as person_name'])
    .where('t.document_id', '=', doc.id)
    .orderBy('t.id')
    .execute();
  const receipts = await db
    .selectFrom('document_receipts as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .leftJoin('org_units as o', 'o.id', 'p.party_org_id')
    .select(['r.person_id', 'p.name', 'p.party_org_id', 'o.name as org_name', 'r.read_at', 'r.linked_activity_id'])
    .where('r.document_id', '=', doc.id)
    .orderBy('p.party_org_id')
    .orderBy('p.code')
    .execute();
  // The issuer's side sees every receipt; others see those of people in reach (and their own).
  const scope = scopeOf(actor, 'task.read');
  const issuer = (await orgIdsInScope(db, scope, [doc.issuing_org_id])).has(doc.issuing_org_id);
  const visibleOrgs = issuer
    ? null
    : await orgIdsInScope(
        db,
        scope,
        receipts.map((r) => r.party_org_id).filter((x): x is number => x !== null),
      );
  const today = chinaDate(app.clock.now());
  return {
    ...view,
    targets: targets.map((t) =>
      t.org_id !== null
        ? { kind: 'org' as const, id: t.org_id, name: t.org_name ?? '' }
        : { kind: 'person' as const, id: t.person_id ?? 0, name: t.person_name ?? '' },
    ),
    receiptList: receipts
      .filter((r) => !visibleOrgs || r.person_id === actor.personId || (r.party_org_id !== null && visibleOrgs.has(r.party_org_id)))
      .map((r) => ({
        personId: r.person_id,
        personName: r.name,
        orgId: r.party_org_id,
        orgName: r.org_name ?? null,
        readAt: r.read_at,
        linkedActivityId: r.linked_activity_id,
        overdue: r.read_at === null ? today > doc.due_date : chinaDate(new Date(r.read_at)) > doc.due_date,
      })),
  };
}

export const moreRoutes = [
  // Recurring templates
  defineRoute({
    method: 'GET',
    url: '/api/v1/tasks/recurring',
    summary: 'Recurring task templates of issuers in reach',
    tags: ['tasks'],
    ability: 'task.read',
    response: z.object({ items: z.array(RecurringView) }),
    async handler({ db, actor }) {
      const scope = scopeOf(actor, 'task.read');
      let q = db.selectFrom('recurring_templates').selectAll();
      if (!scope.all)
        q = q.where('issuing_org_id', 'in', (eb) =>
          eb
            .selectFrom('org_closure')
            .select('descendant_id')
            .where('ancestor_id', 'in', scope.roots.length ? scope.roots : [-1]),
        );
      const rows = await q.orderBy('next_run_on').execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          period: r.period as (typeof RECURRING_PERIODS)[number],
          nextRunOn: r.next_run_on,
          issuingOrgId: r.issuing_org_id,
          title: (JSON.parse(r.definition_json) as { title: string }).title,
          active: r.active === 1,
          version: r.version,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/tasks/recurring',
    summary: 'Create a recurring task template (monthly/quarterly/semester/yearly); the scheduler generates the tasks',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'recurring_template.create',
    body: CreateRecurringBody,
    response: RecurringView,
    async handler({ app, db, actor, body, audit, reply }) {
      await assertCan(db, actor, 'task.issue', body.definition.issuingOrgId);
      validateForm(body.definition.form);
      await resolveTargets(db, body.definition.issuingOrgId, body.definition.targets);
      const row = await db
        .insertInto('recurring_templates')
        .values({
          period: body.period,
          next_run_on: body.nextRunOn,
          definition_json: JSON.stringify(body.definition),
          issuing_org_id: body.definition.issuingOrgId,
          active: 1,
          created_by: actor.userId,
          created_at: iso(app.clock.now()),
          version: 1,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      audit({ entityType: 'recurring_template', entityId: row.id, orgId: row.issuing_org_id, after: row });
      reply.status(201);
      return {
        id: row.id,
        period: body.period,
        nextRunOn: row.next_run_on,
        issuingOrgId: row.issuing_org_id,
        title: body.definition.title,
        active: true,
        version: row.version,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/tasks/recurring/:id/deactivate',
    summary: 'Stop a recurring template',
    tags: ['tasks'],
    ability: 'task.issue',
    action: 'recurring_template.deactivate',
    params: IdParam,
    body: z.object({ version: z.number().int().positive() }),
    response: OkResponse,
    async handler({ db, actor, params, body, audit }) {
      const t = await db.selectFrom('recurring_templates').selectAll().where('id', '=', params.id).executeTakeFirst();
      if (!t) throw new AppError('not_found');
      await assertCan(db, actor, 'task.issue', t.issuing_org_id);
      const r = await db
        .updateTable('recurring_templates')
        .set({ active: 0, version: t.version + 1 })
        .where('id', '=', t.id)
        .where('version', '=', body.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', { version: t.version });
      audit({ entityType: 'recurring_template', entityId: t.id, orgId: t.issuing_org_id, before: { active: true }, after: { active: false } });
      return { ok: true as const };
    },
  }),

  // Documents (文件传达)
  defineRoute({
    method: 'GET',
    url: '/api/v1/documents',
    summary: 'Documents issued in reach, conveyed to people in reach, or to the caller; with receipt counts',
    tags: ['documents'],
    ability: 'task.read',
    query: z.object({ page: z.coerce.number().int().min(1).default(1), pageSize: z.coerce.number().int().min(1).max(200).default(50) }),
    response: paged(DocumentView),
    async handler({ app, db, actor, query }) {
      const base = visibleDocumentIds(db, actor);
      const all = await base.orderBy('d.published_at', 'desc').orderBy('d.id', 'desc').execute();
      const page = all.slice((query.page - 1) * query.pageSize, query.page * query.pageSize).map((r) => r.id);
      return { items: await documentViews(app, db, actor, page), total: all.length, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/documents',
    summary: 'Publish a document to target orgs (their party members) or people, to be read within N days',
    tags: ['documents'],
    ability: 'document.publish',
    action: 'document.publish',
    body: CreateDocumentBody,
    response: DocumentDetail,
    async handler({ app, db, actor, body, audit, reply }) {
      const { doc, readers } = await publishDocument(app, db, actor, body);
      audit({ entityType: 'document', entityId: doc.id, orgId: doc.issuing_org_id, after: { ...doc, body: undefined, readers } });
      reply.status(201);
      return documentDetail(app, db, actor, doc.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/documents/:id',
    summary: 'One document with its targets and read receipts (overdue readers flagged)',
    tags: ['documents'],
    ability: 'task.read',
    params: IdParam,
    response: DocumentDetail,
    async handler({ app, db, actor, params }) {
      return documentDetail(app, db, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/documents/:id/read',
    summary: 'Confirm the caller has read a document conveyed to them (their read receipt)',
    tags: ['documents'],
    ability: 'task.read',
    action: 'document.read',
    params: IdParam,
    response: DocumentDetail,
    async handler({ app, db, actor, params, audit }) {
      const doc = await loadDocumentFor(db, actor, params.id);
      const receipt = actor.personId
        ? await db.selectFrom('document_receipts').selectAll().where('document_id', '=', doc.id).where('person_id', '=', actor.personId).executeTakeFirst()
        : undefined;
      if (!receipt) throw new AppError('not_found', { message: '该文件未传达给您 / not conveyed to you' });
      if (receipt.read_at === null)
        await db
          .updateTable('document_receipts')
          .set({ read_at: iso(app.clock.now()) })
          .where('id', '=', receipt.id)
          .execute();
      audit({ entityType: 'document_receipt', entityId: receipt.id, orgId: doc.issuing_org_id, after: { documentId: doc.id, personId: actor.personId } });
      return documentDetail(app, db, actor, doc.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/documents/:id/study',
    summary: 'Link the study session (a ledger activity) that studied the document; those present count as having read it',
    tags: ['documents'],
    ability: 'ledger.write',
    action: 'document.link_study',
    params: IdParam,
    body: LinkStudyBody,
    response: z.object({ linked: z.number().int() }),
    async handler({ app, db, actor, params, body, audit }) {
      const r = await linkStudy(app, db, actor, params.id, body.activityId);
      audit({ entityType: 'document', entityId: r.doc.id, orgId: r.orgId ?? r.doc.issuing_org_id, after: { activityId: body.activityId, linked: r.linked } });
      return { linked: r.linked };
    },
  }),

  // Notifications
  defineRoute({
    method: 'GET',
    url: '/api/v1/notifications',
    summary: "The caller's notifications (newest first) and unread count",
    tags: ['notifications'],
    personal: true,
    query: NotificationsQuery,
    response: NotificationList,
    async handler({ db, actor, query }) {
      let base = db.selectFrom('notifications').where('user_id', '=', actor.userId);
      const unread = Number(
        (
          await base
            .where('read_at', 'is', null)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (query.unread === '1') base = base.where('read_at', 'is', null);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      const rows = await base
        .selectAll()
        .orderBy('id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        items: rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.created_at, readAt: n.read_at })),
        total,
        unread,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/notifications/:id/read',
    summary: "Mark one of the caller's notifications read",
    tags: ['notifications'],
    personal: true,
    action: 'notification.read',
    params: IdParam,
    response: OkResponse,
    async handler({ app, db, actor, params, audit }) {
      const n = await db
        .selectFrom('notifications')
        .select(['id', 'read_at'])
        .where('id', '=', params.id)
        .where('user_id', '=', actor.userId)
        .executeTakeFirst();
      if (!n) throw new AppError('not_found');
      if (n.read_at === null)
        await db
          .updateTable('notifications')
          .set({ read_at: iso(app.clock.now()) })
          .where('id', '=', n.id)
          .execute();
      audit({ entityType: 'notification', entityId: n.id });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/notifications/read-all',
    summary: "Mark all the caller's notifications read",
    tags: ['notifications'],
    personal: true,
    action: 'notification.read_all',
    response: z.object({ marked: z.number().int() }),
    async handler({ app, db, actor, audit }) {
      const r = await db
        .updateTable('notifications')
        .set({ read_at: iso(app.clock.now()) })
        .where('user_id', '=', actor.userId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      audit({ entityType: 'notification', entityId: `user:${actor.userId}`, after: { marked: Number(r.numUpdatedRows) } });
      return { marked: Number(r.numUpdatedRows) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/notifications/prefs',
    summary: "The caller's delivery preferences per channel (in-app is always on)",
    tags: ['notifications'],
    personal: true,
    response: z.object({ items: z.array(NotificationPref) }),
    async handler({ db, actor }) {
      const rows = await db.selectFrom('notification_prefs').selectAll().where('user_id', '=', actor.userId).execute();
      return {
        items: DELIVERY_CHANNELS.map((channel) => {
          const r = rows.find((p) => p.channel === channel);
          return { channel, enabled: r ? r.enabled === 1 : channel !== 'email', address: r?.address ?? null };
        }),
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/notifications/prefs',
    summary: "Set the caller's delivery preferences (email needs an address)",
    tags: ['notifications'],
    personal: true,
    action: 'notification.prefs_update',
    body: PrefsBody,
    response: OkResponse,
    async handler({ db, actor, body, audit }) {
      const problems = body.prefs
        .map((p, i) => ({ p, i }))
        .filter(({ p }) => p.channel === 'email' && p.enabled && !(p.address && /^[^\s<>@,;"]+@[^\s<>@,;"]+\.[^\s<>@,;"]+$/.test(p.address)))
        .map(({ i }) => ({ field: `body.prefs.${i}.address`, message: '请填写有效的邮箱地址 / a valid e-mail address is required' }));
      if (problems.length) throw validation(problems);
      for (const p of body.prefs) {
        await db
          .insertInto('notification_prefs')
          .values({ user_id: actor.userId, channel: p.channel, enabled: p.enabled ? 1 : 0, address: p.address ?? null })
          .onConflict((oc) => oc.columns(['user_id', 'channel']).doUpdateSet({ enabled: p.enabled ? 1 : 0, address: p.address ?? null }))
          .execute();
      }
      audit({ entityType: 'notification_prefs', entityId: actor.userId, after: body.prefs });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/notifications/deliveries',
    summary: 'Outbound deliveries (email, WeCom, DingTalk) with their status, attempts and last error — for administrators',
    tags: ['notifications'],
    ability: 'config.manage',
    query: DeliveriesQuery,
    response: paged(DeliveryView),
    async handler({ db, actor, query }) {
      requireAbility(actor, 'config.manage');
      let base = db.selectFrom('deliveries as d').innerJoin('notifications as n', 'n.id', 'd.notification_id');
      if (query.status) base = base.where('d.status', '=', query.status);
      const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('c')).executeTakeFirstOrThrow()).c);
      const rows = await base
        .select([
          'd.id',
          'd.notification_id',
          'n.user_id',
          'n.title',
          'd.channel',
          'd.status',
          'd.attempts',
          'd.next_attempt_at',
          'd.last_error',
          'd.created_at',
          'd.sent_at',
        ])
        .orderBy('d.id', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return {
        items: rows.map((r) => ({
          id: r.id,
          notificationId: r.notification_id,
          userId: r.user_id,
          title: r.title,
          channel: r.channel as (typeof DELIVERY_CHANNELS)[number],
          status: r.status as 'pending' | 'sent' | 'failed',
          attempts: r.attempts,
          nextAttemptAt: r.next_attempt_at,
          lastError: r.last_error,
          createdAt: r.created_at,
          sentAt: r.sent_at,
        })),
        total,
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/notifications/deliveries/:id/retry',
    summary: 'Queue a failed delivery again now',
    tags: ['notifications'],
    ability: 'config.manage',
    action: 'delivery.retry',
    params: IdParam,
    response: OkResponse,
    async handler({ app, db, actor, params, audit }) {
      requireAbility(actor, 'config.manage');
      const d = await db.selectFrom('deliveries').select(['id', 'status']).where('id', '=', params.id).executeTakeFirst();
      if (!d) throw new AppError('not_found');
      if (d.status === 'sent') throw new AppError('conflict', { status: d.status });
      await db
        .updateTable('deliveries')
        .set({ status: 'pending', attempts: 0, next_attempt_at: iso(app.clock.now()) })
        .where('id', '=', d.id)
        .execute();
      audit({ entityType: 'delivery', entityId: d.id, before: { status: d.status }, after: { status: 'pending' } });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/notification-channels',
    summary: 'Delivery channel settings (secrets masked)',
    tags: ['notifications'],
    ability: 'config.manage',
    response: z.object({ items: z.array(ChannelView) }),
    async handler({ db, actor }) {
      requireAbility(actor, 'config.manage');
      const rows = await db.selectFrom('notification_channels').selectAll().execute();
      return {
        items: DELIVERY_CHANNELS.map((channel) => {
          const r = rows.find((c) => c.channel === channel);
          return { channel, enabled: r?.enabled === 1, config: r ? maskConfig(JSON.parse(r.config_json) as Record<string, unknown>) : {} };
        }),
      };
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/notification-channels/:channel',
    summary: 'Configure a delivery channel: SMTP for email, the group-robot webhook URL (and DingTalk secret) for WeCom/DingTalk',
    tags: ['notifications'],
    ability: 'config.manage',
    action: 'notification_channel.update',
    params: z.object({ channel: z.enum(DELIVERY_CHANNELS) }),
    body: ChannelBody,
    response: ChannelView,
    async handler({ app, db, actor, params, body, audit }) {
      requireAbility(actor, 'config.manage');
      const isEmail = params.channel === 'email';
      if (isEmail !== 'host' in body.config) throw validation([{ field: 'body.config', message: '配置与渠道不符 / settings do not fit the channel' }]);
      const before = await db.selectFrom('notification_channels').selectAll().where('channel', '=', params.channel).executeTakeFirst();
      const old = before ? (JSON.parse(before.config_json) as Record<string, unknown>) : {};
      const config: Record<string, unknown> = { ...body.config };
      for (const k of ['secret', 'password']) if (config[k] === MASK) config[k] = old[k];
      const now = iso(app.clock.now());
      await db
        .insertInto('notification_channels')
        .values({ channel: params.channel, config_json: JSON.stringify(config), enabled: body.enabled ? 1 : 0, updated_at: now })
        .onConflict((oc) => oc.column('channel').doUpdateSet({ config_json: JSON.stringify(config), enabled: body.enabled ? 1 : 0, updated_at: now }))
        .execute();
      audit({
        entityType: 'notification_channel',
        entityId: params.channel,
        before: before ? { enabled: before.enabled === 1, config: maskConfig(old) } : undefined,
        after: { enabled: body.enabled, config: maskConfig(config) },
      });
      return { channel: params.channel, enabled: body.enabled, config: maskConfig(config) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/jobs',
    summary: 'Background jobs (recent first; failed ones stay visible) — for administrators',
    tags: ['notifications'],
    ability: 'config.manage',
    query: z.object({ status: z.enum(['pending', 'running', 'done', 'failed']).optional() }),
    response: z.object({
      items: z.array(
        z.object({
          id: z.number().int(),
          name: z.string(),
          runAt: z.string(),
          status: z.string(),
          attempts: z.number().int(),
          lastError: z.string().nullable(),
          lockedBy: z.string().nullable(),
          finishedAt: z.string().nullable(),
        }),
      ),
    }),
    async handler({ db, actor, query }) {
      requireAbility(actor, 'config.manage');
      let q = db.selectFrom('jobs').selectAll();
      if (query.status) q = q.where('status', '=', query.status);
      const rows = await q.orderBy('id', 'desc').limit(200).execute();
      return {
        items: rows.map((j) => ({
          id: j.id,
          name: j.name,
          runAt: j.run_at,
          status: j.status,
          attempts: j.attempts,
          lastError: j.last_error,
          lockedBy: j.locked_by,
          finishedAt: j.finished_at,
        })),
      };
    },
  }),
];
