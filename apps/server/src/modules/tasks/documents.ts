import type { CreateDocumentBody } from '@taizhang/shared/schemas/tasks';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, type Scope, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { notifyUsers } from './notify.ts';
import { addDays } from './recurring.ts';

const MEMBER_STATUSES = ['中共党员', '中共预备党员'];

/** People a document reaches: the named people and the party members under the target orgs. */
export async function expandReaders(exec: Executor, orgIds: number[], personIds: number[]): Promise<number[]> {
  const out = new Set(personIds);
  if (orgIds.length) {
    const rows = await exec
      .selectFrom('people')
      .select('id')
      .where('active', '=', 1)
      .where('political_status', 'in', MEMBER_STATUSES)
      .where('party_org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', orgIds))
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

export async function publishDocument(
  app: AppContext,
  exec: Executor,
  actor: Actor | null,
  body: z.infer<typeof CreateDocumentBody>,
  opts: { isDemo?: boolean; publishedAt?: Date; createdBy?: number | null } = {},
) {
  if (actor) await assertCan(exec, actor, 'document.publish', body.issuingOrgId);
  const issuerScope: Scope = { all: false, roots: [body.issuingOrgId] };
  const orgOk = await orgIdsInScope(exec, issuerScope, body.targets.orgIds);
  const badOrgs = body.targets.orgIds.filter((id) => !orgOk.has(id));
  if (badOrgs.length)
    throw validation([{ field: 'body.targets.orgIds', message: `对象须在发文单位之下 / targets must be under the issuing org: ${badOrgs.join(',')}` }]);
  if (body.targets.personIds.length) {
    const people = await exec.selectFrom('people').select(['id', 'unit_id', 'party_org_id']).where('id', 'in', body.targets.personIds).execute();
    const orgs = await orgIdsInScope(
      exec,
      issuerScope,
      people.flatMap((p) => [p.unit_id, p.party_org_id].filter((x): x is number => x !== null)),
    );
    const ok = new Set(
      people.filter((p) => (p.unit_id !== null && orgs.has(p.unit_id)) || (p.party_org_id !== null && orgs.has(p.party_org_id))).map((p) => p.id),
    );
    const bad = body.targets.personIds.filter((id) => !ok.has(id));
    if (bad.length)
      throw validation([{ field: 'body.targets.personIds', message: `人员须在发文单位之下 / people must be under the issuing org: ${bad.join(',')}` }]);
  }
  const at = opts.publishedAt ?? app.clock.now();
  const doc = await exec
    .insertInto('documents')
    .values({
      title: body.title,
      body: body.body,
      issuing_org_id: body.issuingOrgId,
      read_within_days: body.readWithinDays,
      published_at: iso(at),
      due_date: addDays(chinaDate(at), body.readWithinDays),
      is_demo: opts.isDemo ? 1 : 0,
      created_by: actor?.userId ?? opts.createdBy ?? null,
      created_at: iso(at),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const targets = [
    ...[...new Set(body.targets.orgIds)].map((orgId) => ({ document_id: doc.id, org_id: orgId, person_id: null })),
    ...[...new Set(body.targets.personIds)].map((personId) => ({ document_id: doc.id, org_id: null, person_id: personId })),
  ];
  for (let i = 0; i < targets.length; i += 250)
    await exec
      .insertInto('document_targets')
      .values(targets.slice(i, i + 250))
      .execute();
  const readers = await expandReaders(exec, body.targets.orgIds, body.targets.personIds);
  for (let i = 0; i < readers.length; i += 250) {
    await exec
      .insertInto('document_receipts')
      .values(
        readers.slice(i, i + 250).map((personId) => ({ document_id: doc.id, person_id: personId, read_at: null, linked_activity_id: null, reminded_at: null })),
      )
      .execute();
  }
  if (!opts.isDemo && readers.length) {
    const users: number[] = [];
    for (let i = 0; i < readers.length; i += 500) {
      users.push(
        ...(
          await exec
            .selectFrom('users')
            .select('id')
            .where('person_id', 'in', readers.slice(i, i + 500))
            .execute()
        ).map((u) => u.id),
      );
    }
    await notifyUsers(app, exec, users, {
      kind: 'document.published',
      title: `文件传达：${doc.title}`,
      body: `请于 ${doc.due_date} 前阅读。`,
      link: `/documents/${doc.id}`,
    });
  }
  return { doc, readers: readers.length };
}

/** Document ids the actor may see: issued in reach, conveyed to people in reach, or to the actor. */
export function visibleDocumentIds(exec: Executor, actor: Actor) {
  const scope = scopeOf(actor, 'task.read');
  const q = exec.selectFrom('documents as d').select('d.id');
  if (scope.all) return q;
  const roots = scope.roots.length ? scope.roots : [-1];
  return q.where((eb) =>
    eb.or([
      eb('d.issuing_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
      eb(
        'd.id',
        'in',
        eb
          .selectFrom('document_receipts as r')
          .select('r.document_id')
          .where('r.person_id', '=', actor.personId ?? -1),
      ),
      eb(
        'd.id',
        'in',
        eb
          .selectFrom('document_receipts as r')
          .innerJoin('people as p', 'p.id', 'r.person_id')
          .select('r.document_id')
          .where('p.party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
      ),
    ]),
  );
}

export async function loadDocumentFor(exec: Executor, actor: Actor, id: number) {
  const doc = await exec.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc) throw new AppError('not_found');
  const visible = await visibleDocumentIds(exec, actor).where('d.id', '=', id).executeTakeFirst();
  if (!visible) throw new AppError('not_found');
  return doc;
}

/** Links a study session (ledger activity) to the receipts of the people recorded present at it; they count as read. */
export async function linkStudy(app: AppContext, exec: Executor, actor: Actor, documentId: number, activityId: number) {
  const doc = await loadDocumentFor(exec, actor, documentId);
  const act = (
    await sql<{ id: number; org_id: number; date: string; status: string }>`select id, org_id, date, status from activities where id = ${activityId}`.execute(
      exec,
    )
  ).rows[0];
  if (!act) throw new AppError('not_found');
  await assertCan(exec, actor, 'ledger.write', act.org_id);
  if (act.status !== 'submitted' && act.status !== 'approved')
    throw validation([{ field: 'body.activityId', message: '该活动尚未提交 / the activity is not submitted' }]);
  const present = (
    await sql<{ person_id: number }>`select person_id from activity_attendance where activity_id = ${activityId} and status = 'present'`.execute(exec)
  ).rows.map((r) => Number(r.person_id));
  if (present.length === 0) return { doc, linked: 0 };
  const readAt = `${act.date}T04:00:00.000Z`;
  let linked = 0;
  for (let i = 0; i < present.length; i += 500) {
    const chunk = present.slice(i, i + 500);
    const r2 = await exec
      .updateTable('document_receipts')
      .set({ linked_activity_id: activityId })
      .where('document_id', '=', documentId)
      .where('person_id', 'in', chunk)
      .where('read_at', 'is not', null)
      .executeTakeFirst();
    const r1 = await exec
      .updateTable('document_receipts')
      .set({ linked_activity_id: activityId, read_at: readAt })
      .where('document_id', '=', documentId)
      .where('person_id', 'in', chunk)
      .where('read_at', 'is', null)
      .executeTakeFirst();
    linked += Number(r1.numUpdatedRows) + Number(r2.numUpdatedRows);
  }
  void app;
  return { doc, linked, orgId: act.org_id };
}
