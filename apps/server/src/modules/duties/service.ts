import { DEFAULT_DUTY_ITEMS, type DutyItemBody, Measure, PARTY_ORG_KINDS, type ReassignBody, SCHOOL_KINDS } from '@taizhang/shared/schemas/duties';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { dutyRowsQuery, evaluateDuties, parseMeasure, recordOrgsOf } from './evaluate.ts';
import { holdsRole, instantiateList } from './instantiate.ts';

type ListRow = { id: number; org_id: number; status: string; year: number; version: number };

/** Item rules: role-bound items apply to party orgs; every_teacher to schools and kindergartens. */
export function itemProblems(b: Pick<DutyItemBody, 'binds' | 'appliesToKinds' | 'listKind' | 'measure'>, prefix = 'body.') {
  const out: { field: string; message: string }[] = [];
  const party = new Set<string>(PARTY_ORG_KINDS);
  const schools = new Set<string>(SCHOOL_KINDS);
  if (b.binds === 'every_teacher' ? b.appliesToKinds.some((k) => !schools.has(k)) : b.appliesToKinds.some((k) => !party.has(k)))
    out.push({
      field: `${prefix}appliesToKinds`,
      message:
        b.binds === 'every_teacher'
          ? '“全体教师”事项只适用于学校、幼儿园 / every_teacher items apply to schools'
          : '该角色事项只适用于党组织 / role items apply to party orgs',
    });
  if (b.measure.source === 'ledger' && b.measure.type_code === undefined && !b.measure.study)
    out.push({ field: `${prefix}measure.type_code`, message: '须指定活动类型 / an activity type is needed' });
  const negativeSource = b.measure.source === 'incidents' || b.measure.source === 'ethics_cases';
  if (negativeSource && b.listKind !== 'negative')
    out.push({ field: `${prefix}listKind`, message: '发生数类指标应列入负面清单 / occurrence counts belong on the negative list' });
  return out;
}

/** Lists are readable in reach, and a published list by everyone under its committee. */
export async function loadListFor(exec: Executor, actor: Actor, id: number, ability: 'duty.read' | 'duty.manage') {
  const list = await exec.selectFrom('duty_lists').selectAll().where('id', '=', id).executeTakeFirst();
  if (!list) throw new AppError('not_found');
  if (ability === 'duty.read' && list.status === 'published' && (await listReachesActor(exec, actor, list.org_id))) return list;
  await assertCan(exec, actor, ability, list.org_id);
  return list;
}

/** Is the list's org an ancestor (or self) of one of the actor's duty.read roots? */
export async function listReachesActor(exec: Executor, actor: Actor, listOrgId: number): Promise<boolean> {
  const scope = scopeOf(actor, 'duty.read');
  if (scope.all) return true;
  if (scope.roots.length === 0) return false;
  const r = await exec
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('ancestor_id', '=', listOrgId)
    .where('descendant_id', 'in', scope.roots)
    .limit(1)
    .executeTakeFirst();
  if (r) return true;
  return (await orgIdsInScope(exec, scope, [listOrgId])).has(listOrgId);
}

export async function createList(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  body: { year: number; orgId: number; title?: string; withDefaults?: boolean },
  isDemo = false,
) {
  const org = await exec.selectFrom('org_units').select(['id', 'kind', 'name']).where('id', '=', body.orgId).executeTakeFirst();
  if (!org) throw validation([{ field: 'body.orgId', message: '组织不存在 / no such org unit' }]);
  if (actor) await assertCan(exec, actor, 'duty.manage', body.orgId);
  if (org.kind !== 'committee') throw validation([{ field: 'body.orgId', message: '责任清单由教育工委制定 / lists are authored by a committee' }]);
  const dup = await exec.selectFrom('duty_lists').select('id').where('org_id', '=', body.orgId).where('year', '=', body.year).executeTakeFirst();
  if (dup) throw new AppError('conflict', { reason: 'a list for this year exists', id: dup.id });
  const now = iso(ctx.clock.now());
  const list = await exec
    .insertInto('duty_lists')
    .values({
      year: body.year,
      org_id: body.orgId,
      title: body.title ?? `${body.year}年度意识形态工作责任清单`,
      status: 'draft',
      published_at: null,
      is_demo: isDemo ? 1 : 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  if (body.withDefaults) {
    await exec
      .insertInto('duty_items')
      .values(DEFAULT_DUTY_ITEMS.map((it, i) => itemValues(list.id, it, (i + 1) * 10, now, isDemo)))
      .execute();
  }
  return list;
}

function itemValues(listId: number, it: DutyItemBody, sortOrder: number, now: string, isDemo = false) {
  return {
    list_id: listId,
    list_kind: it.listKind,
    binds: it.binds,
    applies_to_kinds: JSON.stringify(it.appliesToKinds),
    text: it.text,
    target: it.target,
    measure_json: JSON.stringify(it.measure),
    weight: it.weight,
    sort_order: it.sortOrder ?? sortOrder,
    is_demo: isDemo ? 1 : 0,
    created_at: now,
    updated_at: now,
    version: 1,
  };
}

function assertDraft(list: ListRow) {
  if (list.status !== 'draft') throw new AppError('conflict', { reason: '已发布的清单不能修改 / a published list is frozen' });
}

export async function addItem(ctx: AppContext, exec: Executor, list: ListRow, body: DutyItemBody) {
  assertDraft(list);
  const problems = itemProblems(body);
  if (problems.length) throw validation(problems);
  const max = await exec
    .selectFrom('duty_items')
    .select((eb) => eb.fn.max('sort_order').as('m'))
    .where('list_id', '=', list.id)
    .executeTakeFirst();
  const now = iso(ctx.clock.now());
  return exec
    .insertInto('duty_items')
    .values(itemValues(list.id, body, Number(max?.m ?? 0) + 10, now))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateItem(ctx: AppContext, exec: Executor, list: ListRow, itemId: number, body: Partial<DutyItemBody> & { version: number }) {
  assertDraft(list);
  const before = await exec.selectFrom('duty_items').selectAll().where('id', '=', itemId).where('list_id', '=', list.id).executeTakeFirst();
  if (!before) throw new AppError('not_found');
  if (before.version !== body.version) throw new AppError('conflict', { reason: 'stale version', version: before.version });
  const merged: DutyItemBody = {
    listKind: body.listKind ?? (before.list_kind as DutyItemBody['listKind']),
    binds: body.binds ?? (before.binds as DutyItemBody['binds']),
    appliesToKinds: body.appliesToKinds ?? (JSON.parse(before.applies_to_kinds) as DutyItemBody['appliesToKinds']),
    text: body.text ?? before.text,
    target: body.target ?? before.target,
    measure: body.measure ?? Measure.parse(JSON.parse(before.measure_json)),
    weight: body.weight ?? Number(before.weight),
    sortOrder: body.sortOrder ?? before.sort_order,
  };
  const problems = itemProblems(merged);
  if (problems.length) throw validation(problems);
  const now = iso(ctx.clock.now());
  const { created_at: _c, ...vals } = itemValues(list.id, merged, before.sort_order, now);
  const after = await exec
    .updateTable('duty_items')
    .set({ ...vals, created_at: before.created_at, version: before.version + 1 })
    .where('id', '=', itemId)
    .where('version', '=', body.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict', { reason: 'stale version' });
  return { before, after };
}

export async function publishList(ctx: AppContext, exec: Executor, list: ListRow, body: { version: number; date?: string }, evalDate?: string) {
  assertDraft(list);
  if (list.version !== body.version) throw new AppError('conflict', { reason: 'stale version', version: list.version });
  const n = await exec
    .selectFrom('duty_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('list_id', '=', list.id)
    .executeTakeFirstOrThrow();
  if (Number(n.n) === 0) throw validation([{ field: 'body', message: '清单没有事项 / the list has no items' }]);
  const now = ctx.clock.now();
  const date =
    body.date ?? (chinaDate(now) < `${list.year}-01-01` ? `${list.year}-01-01` : chinaDate(now) > `${list.year}-12-31` ? `${list.year}-01-01` : chinaDate(now));
  await exec
    .updateTable('duty_lists')
    .set({ status: 'published', published_at: iso(now), updated_at: iso(now), version: list.version + 1 })
    .where('id', '=', list.id)
    .execute();
  return { date, ...(await instantiateList(ctx, exec, list.id, date, evalDate)) };
}

export async function loadDutyFor(exec: Executor, actor: Actor, id: number, ability: 'duty.read' | 'duty.manage') {
  const d = await exec.selectFrom('duties').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw new AppError('not_found');
  if (ability === 'duty.read' && d.person_id !== null && d.person_id === actor.personId) return d;
  await assertCan(exec, actor, ability, d.org_id);
  return d;
}

/** Names an owner by hand (handover recorded); someone who does not hold the role makes the duty misplaced. */
export async function reassign(ctx: AppContext, exec: Executor, actor: Actor, id: number, body: z.infer<typeof ReassignBody>) {
  const d = await loadDutyFor(exec, actor, id, 'duty.manage');
  if (d.version !== body.version) throw new AppError('conflict', { reason: 'stale version', version: d.version });
  if (body.personId !== null && !(await exec.selectFrom('people').select('id').where('id', '=', body.personId).executeTakeFirst()))
    throw validation([{ field: 'body.personId', message: '人员不存在 / no such person' }]);
  const state = body.personId === null ? 'vacant' : (await holdsRole(exec, d.org_id, d.role, body.personId, body.onDate)) ? 'ok' : 'misplaced';
  const now = iso(ctx.clock.now());
  await exec
    .insertInto('duty_handovers')
    .values({ duty_id: d.id, from_person_id: d.person_id, to_person_id: body.personId, on_date: body.onDate, reason: body.reason, created_at: now })
    .execute();
  await exec
    .updateTable('duties')
    .set({ person_id: body.personId, owner_state: state, updated_at: now, version: d.version + 1 })
    .where('id', '=', d.id)
    .execute();
  await evaluateDuties(ctx, exec, await dutyRowsQuery(exec).where('d.id', '=', d.id).execute());
  return { before: d, after: await exec.selectFrom('duties').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow() };
}

export async function submitEvidence(ctx: AppContext, exec: Executor, actor: Actor, dutyId: number, body: { description: string; fileRef?: string | null }) {
  const d = await exec
    .selectFrom('duties as d')
    .innerJoin('duty_items as i', 'i.id', 'd.item_id')
    .select(['d.id', 'd.org_id', 'd.person_id', 'i.measure_json'])
    .where('d.id', '=', dutyId)
    .executeTakeFirst();
  if (!d) throw new AppError('not_found');
  if (d.person_id === null || d.person_id !== actor.personId) await assertCan(exec, actor, 'duty.manage', d.org_id);
  if (parseMeasure(d.measure_json).source !== 'evidence') throw new AppError('conflict', { reason: '该事项自动计量，无需提交材料 / measured automatically' });
  const row = await exec
    .insertInto('duty_evidence')
    .values({
      duty_id: d.id,
      description: body.description,
      file_ref: body.fileRef ?? null,
      status: 'submitted',
      submitted_by: actor.userId,
      submitted_at: iso(ctx.clock.now()),
      accepted_by: null,
      accepted_at: null,
      comment: null,
      is_demo: 0,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await evaluateDuties(ctx, exec, await dutyRowsQuery(exec).where('d.id', '=', d.id).execute());
  return { ...row, org_id: d.org_id };
}

/** The level above accepts (or rejects) evidence: duty.review in reach of the duty's org's parent. */
export async function decideEvidence(ctx: AppContext, exec: Executor, actor: Actor, evidenceId: number, body: { accept: boolean; comment?: string }) {
  const e = await exec.selectFrom('duty_evidence').selectAll().where('id', '=', evidenceId).executeTakeFirst();
  if (!e) throw new AppError('not_found');
  const d = await exec
    .selectFrom('duties as d')
    .innerJoin('org_units as o', 'o.id', 'd.org_id')
    .select(['d.id', 'd.org_id', 'o.parent_id'])
    .where('d.id', '=', e.duty_id)
    .executeTakeFirstOrThrow();
  await assertCan(exec, actor, 'duty.read', d.org_id);
  await assertCan(exec, actor, 'duty.review', d.parent_id ?? d.org_id);
  if (e.status !== 'submitted') throw new AppError('conflict', { reason: 'already decided' });
  const after = await exec
    .updateTable('duty_evidence')
    .set({ status: body.accept ? 'accepted' : 'rejected', accepted_by: actor.userId, accepted_at: iso(ctx.clock.now()), comment: body.comment ?? null })
    .where('id', '=', e.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await evaluateDuties(ctx, exec, await dutyRowsQuery(exec).where('d.id', '=', d.id).execute());
  return { before: e, after, orgId: d.org_id };
}

/** Personal involvement of a first responsible person: records they hosted, risk reviews they signed, incidents personally handled. */
export async function involvement(ctx: AppContext, exec: Executor, personId: number, year: number, has: { risk: boolean; incidents: boolean }) {
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const orgs = (
    await exec
      .selectFrom('duties')
      .select('org_id')
      .distinct()
      .where('person_id', '=', personId)
      .where('year', '=', year)
      .where('role', '=', 'first_responsible')
      .execute()
  ).map((r) => r.org_id);
  const deployed = await exec
    .selectFrom('activities as a')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .select(['a.id', 'a.date', 'a.org_id', 'a.topic', 't.code as type_code', 't.name as type_name'])
    .where('a.host_person_id', '=', personId)
    .where('a.status', 'in', ['submitted', 'approved'])
    .where('a.date', '>=', from)
    .where('a.date', '<=', to)
    .orderBy('a.date')
    .execute();
  const lookedInto = has.risk
    ? await exec
        .selectFrom('risk_reviews')
        .select(['id', 'date', 'org_id', 'title'])
        .where('signed', '=', 1)
        .where('signed_off_by_person_id', '=', personId)
        .where('date', '>=', from)
        .where('date', '<=', to)
        .orderBy('date')
        .execute()
    : [];
  let handled: { id: number; date: string; orgId: number; level: string; summary: string }[] = [];
  if (has.incidents && orgs.length) {
    const ro = [...new Set([...(await recordOrgsOf(exec, orgs)).values()].flat())];
    const rows = await exec
      .selectFrom('incidents')
      .select(['id', 'occurred_at', 'org_id', 'level', 'summary'])
      .where('org_id', 'in', ro)
      .where('personally_handled', '=', 1)
      .where('occurred_at', '>=', `${year - 1}-12-31`)
      .where('occurred_at', '<', `${year + 1}-01-02`)
      .execute();
    handled = rows
      .map((r) => ({ id: r.id, date: chinaDate(new Date(r.occurred_at)), orgId: r.org_id, level: r.level, summary: r.summary }))
      .filter((r) => r.date >= from && r.date <= to);
  }
  void ctx;
  return {
    personId,
    year,
    orgIds: orgs,
    deployed: deployed.map((a) => ({ id: a.id, date: a.date, orgId: a.org_id, typeCode: a.type_code, typeName: a.type_name, topic: a.topic })),
    lookedInto: lookedInto.map((r) => ({ id: r.id, date: r.date, orgId: r.org_id, title: r.title })),
    handled,
    counts: { deployed: deployed.length, lookedInto: lookedInto.length, handled: handled.length },
  };
}
