import { IdParam, OkResponse, paged } from '@taizhang/shared';
import {
  AcceptEvidenceBody,
  CreateDutyListBody,
  DutyDetail,
  DutyItemBody,
  DutyListView,
  DutyQuery,
  DutyView,
  EvidenceBody,
  PledgeQuery,
  PledgeView,
  PublishBody,
  ReassignBody,
  RefreshBody,
  SignPledgeBody,
  UpdateDutyItemBody,
  UpdateDutyListBody,
} from '@taizhang/shared/schemas/duties';
import { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { defineRoute } from '../../platform/http/route.ts';
import { tableExists } from './evaluate.ts';
import { listsDocx, listsXlsx } from './export.ts';
import { refreshOwners } from './instantiate.ts';
import { assertPledgeReader, countersignPledge, pledgeContent, pledgeDocx, pledgeStatus, sha256, signPledge } from './pledges.ts';
import {
  addItem,
  createList,
  decideEvidence,
  involvement,
  listReachesActor,
  loadDutyFor,
  loadListFor,
  publishList,
  reassign,
  submitEvidence,
  updateItem,
} from './service.ts';
import { boardQuery, dutyViewQuery, gapView, presentDuty } from './views.ts';

const TAGS = ['duties'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const Year = z.coerce.number().int().min(2000).max(2100);
const OrgYear = z.object({ orgId: z.coerce.number().int().positive(), year: Year });

async function requireOrg(db: Executor, actor: Actor, orgId: number) {
  const org = await db.selectFrom('org_units').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  await assertCan(db, actor, 'duty.read', orgId);
  return org;
}

async function presentList(db: Executor, id: number, withItems: boolean): Promise<z.infer<typeof DutyListView>> {
  const l = await db
    .selectFrom('duty_lists as l')
    .innerJoin('org_units as o', 'o.id', 'l.org_id')
    .selectAll('l')
    .select('o.name as org_name')
    .where('l.id', '=', id)
    .executeTakeFirstOrThrow();
  const items = withItems ? await db.selectFrom('duty_items').selectAll().where('list_id', '=', id).orderBy('sort_order').orderBy('id').execute() : null;
  return {
    id: l.id,
    year: l.year,
    orgId: l.org_id,
    orgName: l.org_name,
    title: l.title,
    status: l.status as 'draft' | 'published',
    publishedAt: l.published_at,
    version: l.version,
    ...(items
      ? {
          items: items.map((i) => ({
            id: i.id,
            listId: i.list_id,
            listKind: i.list_kind as 'rights',
            binds: i.binds as 'first_responsible',
            appliesToKinds: JSON.parse(i.applies_to_kinds) as string[],
            text: i.text,
            target: i.target,
            measure: JSON.parse(i.measure_json) as unknown,
            weight: Number(i.weight),
            sortOrder: i.sort_order,
            version: i.version,
          })),
        }
      : {}),
  };
}

const ItemParams = z.object({ id: z.coerce.number().int().positive(), itemId: z.coerce.number().int().positive() });

export const dutyListRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/duty-lists',
    summary: 'Duty lists in reach (and the published lists of the committees above)',
    tags: TAGS,
    ability: 'duty.read',
    query: z.object({ year: Year.optional() }),
    response: z.object({ items: z.array(DutyListView) }),
    async handler({ db, actor, query }) {
      let q = db.selectFrom('duty_lists').select(['id', 'org_id', 'status']).orderBy('year', 'desc').orderBy('id');
      if (query.year) q = q.where('year', '=', query.year);
      const rows = await q.execute();
      const scope = scopeOf(actor, 'duty.read');
      const visible = [];
      for (const r of rows) {
        if (scope.all) visible.push(r.id);
        else if (
          r.status === 'published'
            ? await listReachesActor(db, actor, r.org_id)
            : await assertCan(db, actor, 'duty.read', r.org_id).then(
                () => true,
                () => false,
              )
        )
          visible.push(r.id);
      }
      return { items: await Promise.all(visible.map((id) => presentList(db, id, false))) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duty-lists/export',
    summary: "An org's three lists for a year with owners and results, as xlsx or docx",
    tags: TAGS,
    ability: 'duty.read',
    query: OrgYear.extend({ format: z.enum(['xlsx', 'docx']).default('xlsx') }),
    async handler({ db, actor, query, reply }) {
      const org = await requireOrg(db, actor, query.orgId);
      const rows = await dutyViewQuery(db)
        .where('d.org_id', '=', query.orgId)
        .where('d.year', '=', query.year)
        .orderBy('i.sort_order')
        .orderBy('d.id')
        .execute();
      const duties = rows.map(presentDuty);
      const buf = query.format === 'xlsx' ? await listsXlsx(org.name, query.year, duties) : await listsDocx(org.name, query.year, duties);
      const filename = `${org.name}${query.year}年度三张清单.${query.format}`;
      reply.header('content-type', query.format === 'xlsx' ? XLSX : DOCX);
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`);
      return buf;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-lists',
    summary: "Create a year's duty list for a committee (optionally from the default items)",
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_list.create',
    body: CreateDutyListBody,
    response: DutyListView,
    async handler({ app, db, actor, body, audit, reply }) {
      const list = await createList(app, db, actor, body);
      audit({ entityType: 'duty_list', entityId: list.id, orgId: list.org_id, after: list });
      reply.status(201);
      return presentList(db, list.id, true);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duty-lists/:id',
    summary: 'A duty list with its items',
    tags: TAGS,
    ability: 'duty.read',
    params: IdParam,
    response: DutyListView,
    async handler({ db, actor, params }) {
      await loadListFor(db, actor, params.id, 'duty.read');
      return presentList(db, params.id, true);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/duty-lists/:id',
    summary: 'Rename a list (optimistic locking)',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_list.update',
    params: IdParam,
    body: UpdateDutyListBody,
    response: DutyListView,
    async handler({ app, db, actor, params, body, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      if (list.version !== body.version) throw new AppError('conflict', { reason: 'stale version', version: list.version });
      await db
        .updateTable('duty_lists')
        .set({ title: body.title, updated_at: iso(app.clock.now()), version: list.version + 1 })
        .where('id', '=', list.id)
        .execute();
      audit({ entityType: 'duty_list', entityId: list.id, orgId: list.org_id, before: { title: list.title }, after: { title: body.title } });
      return presentList(db, list.id, true);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/duty-lists/:id',
    summary: 'Delete a draft list',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_list.delete',
    params: IdParam,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      if (list.status !== 'draft') throw new AppError('conflict', { reason: '已发布的清单不能删除 / a published list cannot be deleted' });
      await db.deleteFrom('duty_items').where('list_id', '=', list.id).execute();
      await db.deleteFrom('duty_lists').where('id', '=', list.id).execute();
      audit({ entityType: 'duty_list', entityId: list.id, orgId: list.org_id, before: list });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-lists/:id/items',
    summary: 'Add an item to a draft list',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_item.create',
    params: IdParam,
    body: DutyItemBody,
    response: DutyListView,
    async handler({ app, db, actor, params, body, audit, reply }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      const item = await addItem(app, db, list, body);
      audit({ entityType: 'duty_item', entityId: item.id, orgId: list.org_id, after: item });
      reply.status(201);
      return presentList(db, list.id, true);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/duty-lists/:id/items/:itemId',
    summary: 'Edit an item of a draft list (optimistic locking)',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_item.update',
    params: ItemParams,
    body: UpdateDutyItemBody,
    response: DutyListView,
    async handler({ app, db, actor, params, body, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      const { before, after } = await updateItem(app, db, list, params.itemId, body);
      audit({ entityType: 'duty_item', entityId: after.id, orgId: list.org_id, before, after });
      return presentList(db, list.id, true);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/duty-lists/:id/items/:itemId',
    summary: 'Remove an item from a draft list',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_item.delete',
    params: ItemParams,
    response: OkResponse,
    async handler({ db, actor, params, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      if (list.status !== 'draft') throw new AppError('conflict', { reason: '已发布的清单不能修改 / a published list is frozen' });
      const item = await db.selectFrom('duty_items').selectAll().where('id', '=', params.itemId).where('list_id', '=', list.id).executeTakeFirst();
      if (!item) throw new AppError('not_found');
      await db.deleteFrom('duty_items').where('id', '=', item.id).execute();
      audit({ entityType: 'duty_item', entityId: item.id, orgId: list.org_id, before: item });
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-lists/:id/publish',
    summary: 'Publish a list: instantiate every item for every applicable org and its role holder at the date, then evaluate',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_list.publish',
    params: IdParam,
    body: PublishBody,
    response: z.object({ list: DutyListView, date: z.string(), created: z.number().int(), evaluated: z.number().int() }),
    async handler({ app, db, actor, params, body, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      const res = await publishList(app, db, list, body);
      audit({
        entityType: 'duty_list',
        entityId: list.id,
        orgId: list.org_id,
        before: { status: 'draft' },
        after: { status: 'published', date: res.date, duties: res.created },
      });
      return { list: await presentList(db, list.id, false), date: res.date, created: res.created, evaluated: res.evaluated };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-lists/:id/refresh',
    summary: 'Re-derive owners from posts at a date (handovers, vacancies, mismatches) and re-evaluate every duty of the list',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty_list.refresh',
    params: IdParam,
    body: RefreshBody,
    response: z.object({
      handovers: z.number(),
      created: z.number(),
      misplaced: z.number(),
      vacant: z.number(),
      removed: z.number(),
      evaluated: z.number(),
      changed: z.number(),
    }),
    async handler({ app, db, actor, params, body, audit }) {
      const list = await loadListFor(db, actor, params.id, 'duty.manage');
      if (list.status !== 'published') throw new AppError('conflict', { reason: 'not published' });
      const today = chinaDate(app.clock.now());
      const date = body.date ?? (today > `${list.year}-12-31` ? `${list.year}-12-31` : today);
      const res = await refreshOwners(app, db, list.year, date, { listIds: [list.id] });
      audit({ entityType: 'duty_list', entityId: list.id, orgId: list.org_id, after: { date, ...res } });
      return res;
    },
  }),
];

export const dutyRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/duties',
    summary: "The org duty board: duties of an org's subtree for a year (target, actual, status, sources, next)",
    tags: TAGS,
    ability: 'duty.read',
    query: DutyQuery,
    response: paged(DutyView),
    async handler({ db, actor, query }) {
      await requireOrg(db, actor, query.orgId);
      let q = boardQuery(db, actor, query.orgId, query.year);
      if (query.status) q = q.where('d.status', '=', query.status);
      if (query.binds) q = q.where('i.binds', '=', query.binds);
      if (query.listKind) q = q.where('i.list_kind', '=', query.listKind);
      const total = Number(
        (
          await db
            .selectFrom(q.as('x'))
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const rows = await q
        .orderBy('d.org_id')
        .orderBy('i.sort_order')
        .orderBy('d.id')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      return { items: rows.map(presentDuty), total, page: query.page, pageSize: query.pageSize };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duties/mine',
    summary: "The caller's own duties for a year (through the account's person)",
    tags: TAGS,
    ability: 'duty.read',
    query: z.object({ year: Year }),
    response: z.object({ items: z.array(DutyView) }),
    async handler({ db, actor, query }) {
      if (actor.personId === null) return { items: [] };
      const rows = await dutyViewQuery(db)
        .where('d.person_id', '=', actor.personId)
        .where('d.year', '=', query.year)
        .orderBy('i.sort_order')
        .orderBy('d.id')
        .execute();
      return { items: rows.map(presentDuty) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duties/involvement',
    summary: 'Personal involvement of a first responsible person: records hosted, risk reviews signed, incidents personally handled',
    tags: TAGS,
    ability: 'duty.read',
    query: z.object({ personId: z.coerce.number().int().positive(), year: Year }),
    async handler({ app, db, actor, query }) {
      const p = await db.selectFrom('people').select(['id', 'unit_id', 'party_org_id']).where('id', '=', query.personId).executeTakeFirst();
      if (!p) throw new AppError('not_found');
      if (actor.personId !== p.id) {
        const org = p.party_org_id ?? p.unit_id;
        if (org === null) throw new AppError('not_found');
        await assertCan(db, actor, 'duty.read', org);
      }
      return involvement(app, db, p.id, query.year, { risk: await tableExists(app, db, 'risk_reviews'), incidents: await tableExists(app, db, 'incidents') });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duties/:id',
    summary: 'One duty with its handovers and evidence',
    tags: TAGS,
    ability: 'duty.read',
    params: IdParam,
    response: DutyDetail,
    async handler({ db, actor, params }) {
      await loadDutyFor(db, actor, params.id, 'duty.read');
      const row = await dutyViewQuery(db).where('d.id', '=', params.id).executeTakeFirstOrThrow();
      // Names with the ids: the history is read by people, and the predecessor may be out of the reader's people scope.
      const handovers = await db
        .selectFrom('duty_handovers as h')
        .leftJoin('people as pf', 'pf.id', 'h.from_person_id')
        .leftJoin('people as pt', 'pt.id', 'h.to_person_id')
        .select(['h.from_person_id', 'h.to_person_id', 'h.on_date', 'h.reason', 'pf.name as from_name', 'pt.name as to_name'])
        .where('h.duty_id', '=', params.id)
        .orderBy('h.on_date')
        .orderBy('h.id')
        .execute();
      const evidence = await db.selectFrom('duty_evidence').selectAll().where('duty_id', '=', params.id).orderBy('id').execute();
      return {
        ...presentDuty(row),
        handovers: handovers.map((h) => ({
          fromPersonId: h.from_person_id,
          fromPersonName: h.from_name,
          toPersonId: h.to_person_id,
          toPersonName: h.to_name,
          onDate: h.on_date,
          reason: h.reason,
        })),
        evidence: evidence.map((e) => ({
          id: e.id,
          description: e.description,
          fileRef: e.file_ref,
          status: e.status,
          submittedAt: e.submitted_at,
          acceptedAt: e.accepted_at,
          comment: e.comment,
        })),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duties/:id/reassign',
    summary: 'Name an owner by hand (handover recorded; someone not holding the role makes it 错位, nobody makes it 缺位)',
    tags: TAGS,
    ability: 'duty.manage',
    action: 'duty.reassign',
    params: IdParam,
    body: ReassignBody,
    response: DutyView,
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after } = await reassign(app, db, actor, params.id, body);
      audit({
        entityType: 'duty',
        entityId: after.id,
        orgId: after.org_id,
        before: { personId: before.person_id },
        after: { personId: after.person_id, ownerState: after.owner_state },
      });
      return presentDuty(await dutyViewQuery(db).where('d.id', '=', after.id).executeTakeFirstOrThrow());
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duties/:id/evidence',
    summary: 'Submit evidence for a manually measured duty (its owner, or duty.manage in reach)',
    tags: TAGS,
    ability: 'duty.read',
    action: 'duty.evidence_submit',
    params: IdParam,
    body: EvidenceBody,
    response: z.object({ id: z.number().int(), status: z.string() }),
    async handler({ app, db, actor, params, body, audit, reply }) {
      const row = await submitEvidence(app, db, actor, params.id, body);
      audit({ entityType: 'duty_evidence', entityId: row.id, orgId: row.org_id, after: { dutyId: row.duty_id, description: row.description } });
      reply.status(201);
      return { id: row.id, status: row.status };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/duty-evidence/:id/decision',
    summary: 'The level above accepts or rejects evidence (duty.review in reach of the parent org)',
    tags: TAGS,
    ability: 'duty.review',
    action: 'duty.evidence_decide',
    params: IdParam,
    body: AcceptEvidenceBody,
    response: z.object({ id: z.number().int(), status: z.string() }),
    async handler({ app, db, actor, params, body, audit }) {
      const { before, after, orgId } = await decideEvidence(app, db, actor, params.id, body);
      audit({
        entityType: 'duty_evidence',
        entityId: after.id,
        orgId,
        before: { status: before.status },
        after: { status: after.status, comment: after.comment },
      });
      return { id: after.id, status: after.status };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/duty-gaps',
    summary: 'Gap view: unowned (缺位), misplaced (错位), unmet/breached and overdue duties, by school, role and item',
    tags: TAGS,
    ability: 'duty.read',
    query: OrgYear,
    async handler({ app, db, actor, query }) {
      await requireOrg(db, actor, query.orgId);
      const rows = await boardQuery(db, actor, query.orgId, query.year).orderBy('d.org_id').orderBy('i.sort_order').orderBy('d.id').execute();
      return { orgId: query.orgId, year: query.year, ...(await gapView(db, rows.map(presentDuty), chinaDate(app.clock.now()))) };
    },
  }),
];

export const pledgeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/pledges',
    summary: 'Pledge status per responsible person of the orgs under an org, for a year',
    tags: TAGS,
    ability: 'duty.read',
    query: OrgYear,
    response: z.object({ items: z.array(PledgeView) }),
    async handler({ db, actor, query }) {
      await requireOrg(db, actor, query.orgId);
      return { items: await pledgeStatus(db, actor, query.orgId, query.year) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/pledges/preview',
    summary: "A person's pledge on screen: their items per list, and its signing status",
    tags: TAGS,
    ability: 'duty.read',
    query: PledgeQuery,
    async handler({ db, actor, query }) {
      await assertPledgeReader(db, actor, query.personId, query.orgId);
      const c = await pledgeContent(db, query.personId, query.orgId, query.year);
      const p = await db
        .selectFrom('pledges')
        .select(['id', 'status', 'document_hash', 'signed_at', 'countersigned_at'])
        .where('person_id', '=', query.personId)
        .where('org_id', '=', query.orgId)
        .where('year', '=', query.year)
        .executeTakeFirst();
      return {
        personId: c.person.id,
        personName: c.person.name,
        orgId: c.org.id,
        orgName: c.org.name,
        year: c.year,
        roles: c.roles,
        title: `${c.year}年度意识形态工作责任书`,
        lists: c.lists,
        pledge: p
          ? { id: p.id, status: p.status, documentHash: p.document_hash, signedAt: p.signed_at, countersignedAt: p.countersigned_at }
          : { id: null, status: 'unsigned', documentHash: null, signedAt: null, countersignedAt: null },
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/pledges/document',
    summary: 'The pledge as a Word document (GB/T 9704): the signed document once signed, else a fresh draft',
    tags: TAGS,
    ability: 'duty.read',
    query: PledgeQuery,
    async handler({ db, actor, query, reply }) {
      await assertPledgeReader(db, actor, query.personId, query.orgId);
      const p = await db
        .selectFrom('pledges')
        .select(['document_b64', 'document_hash'])
        .where('person_id', '=', query.personId)
        .where('org_id', '=', query.orgId)
        .where('year', '=', query.year)
        .executeTakeFirst();
      const c = await pledgeContent(db, query.personId, query.orgId, query.year);
      const buf = p?.document_b64 ? Buffer.from(p.document_b64, 'base64') : await pledgeDocx(c, null);
      reply.header('content-type', DOCX);
      reply.header('x-document-sha256', sha256(buf));
      reply.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${c.year}年度意识形态工作责任书-${c.person.name}.docx`)}`);
      return buf;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/pledges/sign',
    summary: "Sign one's own pledge: the password re-confirms identity; the document's hash and the time are stored",
    tags: TAGS,
    ability: 'duty.read',
    action: 'pledge.sign',
    body: SignPledgeBody,
    response: PledgeView.pick({ id: true, status: true, documentHash: true, signedAt: true }),
    async handler({ app, db, actor, body, audit }) {
      const row = await signPledge(app, db, actor, body);
      audit({
        entityType: 'pledge',
        entityId: row.id,
        orgId: row.org_id,
        after: { personId: row.person_id, year: row.year, documentHash: row.document_hash, signedAt: row.signed_at },
      });
      return { id: row.id, status: 'signed' as const, documentHash: row.document_hash, signedAt: row.signed_at };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/pledges/:id/countersign',
    summary: 'Countersign a signed pledge (duty.review in reach of the level above)',
    tags: TAGS,
    ability: 'duty.review',
    action: 'pledge.countersign',
    params: IdParam,
    response: PledgeView.pick({ id: true, status: true, countersignedAt: true }),
    async handler({ app, db, actor, params, audit }) {
      const row = await countersignPledge(app, db, actor, params.id);
      audit({
        entityType: 'pledge',
        entityId: row.id,
        orgId: row.org_id,
        before: { status: 'signed' },
        after: { status: row.status, countersignedAt: row.countersigned_at },
      });
      return { id: row.id, status: 'countersigned' as const, countersignedAt: row.countersigned_at };
    },
  }),
];
