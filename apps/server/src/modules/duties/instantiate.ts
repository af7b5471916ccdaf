import { type Binds, SINGLE_HOLDER_BINDS } from '@taizhang/shared/schemas/duties';
import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { type OrgDutyRoles, dutyRolesAt } from '../people/duty-roles.ts';
import { type EvalResult, evaluateDuties, listDutyRows } from './evaluate.ts';

/**
 * Publishing a year's list instantiates every item for every applicable org under the authoring
 * committee, owned by whoever holds the bound role at the date (dutyRolesAt). refreshOwners re-derives
 * the owners at a later date and records a handover whenever the holder changed.
 */

const MEMBER_STATUSES = ['中共党员', '中共预备党员'];
const PARTY_KINDS = new Set(['committee', 'general_branch', 'branch']);

interface ItemRow {
  id: number;
  list_id: number;
  binds: string;
  applies_to_kinds: string;
  is_demo: number;
}

/** Who should own each (item, org) at `date`: single-holder roles give one id or null; others a set. */
export async function desiredOwners(exec: Executor, listOrgId: number, items: ItemRow[], date: string) {
  const kinds = new Set(items.flatMap((i) => JSON.parse(i.applies_to_kinds) as string[]));
  const orgs = (
    await exec
      .selectFrom('org_closure as c')
      .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
      .select(['o.id', 'o.kind', 'o.active', 'o.active_to'])
      .where('c.ancestor_id', '=', listOrgId)
      .where('o.kind', 'in', kinds.size ? [...kinds] : ['-'])
      .execute()
  ).filter((o) => o.active === 1 || (o.active_to !== null && o.active_to >= date));
  const partyOrgIds = orgs.filter((o) => PARTY_KINDS.has(o.kind)).map((o) => o.id);
  const roles = new Map<number, OrgDutyRoles>((await dutyRolesAt(exec, partyOrgIds, date)).map((r) => [r.orgId, r]));
  const needMembers = items.some((i) => i.binds === 'every_member');
  const needTeachers = items.some((i) => i.binds === 'every_teacher');
  const members = new Map<number, number[]>();
  const teachers = new Map<number, number[]>();
  const orgIds = orgs.map((o) => o.id);
  for (let i = 0; i < orgIds.length; i += 500) {
    const chunk = orgIds.slice(i, i + 500);
    if (needMembers) {
      const rows = await exec
        .selectFrom('people')
        .select(['id', 'party_org_id'])
        .where('party_org_id', 'in', chunk)
        .where('political_status', 'in', MEMBER_STATUSES)
        .where('active', '=', 1)
        .orderBy('id')
        .execute();
      for (const r of rows) if (r.party_org_id !== null) members.set(r.party_org_id, [...(members.get(r.party_org_id) ?? []), r.id]);
    }
    if (needTeachers) {
      const rows = await exec.selectFrom('people').select(['id', 'unit_id']).where('unit_id', 'in', chunk).where('active', '=', 1).orderBy('id').execute();
      for (const r of rows) if (r.unit_id !== null) teachers.set(r.unit_id, [...(teachers.get(r.unit_id) ?? []), r.id]);
    }
  }
  const out = new Map<string, { itemId: number; orgId: number; binds: Binds; single: boolean; persons: number[] }>();
  for (const item of items) {
    const applies = new Set(JSON.parse(item.applies_to_kinds) as string[]);
    const binds = item.binds as Binds;
    for (const o of orgs) {
      if (!applies.has(o.kind)) continue;
      const r = roles.get(o.id);
      let persons: number[] = [];
      if (binds === 'first_responsible') persons = r?.firstResponsible.slice(0, 1).map((h) => h.personId) ?? [];
      else if (binds === 'direct_responsible') persons = r?.directResponsible.slice(0, 1).map((h) => h.personId) ?? [];
      else if (binds === 'dual_duty') persons = r?.dualDuty.map((h) => h.personId) ?? [];
      else if (binds === 'every_member') persons = members.get(o.id) ?? [];
      else persons = teachers.get(o.id) ?? [];
      out.set(`${item.id}:${o.id}`, { itemId: item.id, orgId: o.id, binds, single: SINGLE_HOLDER_BINDS.includes(binds), persons });
    }
  }
  return out;
}

async function insertDuties(
  exec: Executor,
  rows: { item_id: number; list_id: number; year: number; org_id: number; person_id: number | null; role: string; owner_state: string; is_demo: number }[],
  now: string,
) {
  for (let i = 0; i < rows.length; i += 250) {
    await exec
      .insertInto('duties')
      .values(
        rows.slice(i, i + 250).map((r) => ({
          ...r,
          status: r.owner_state === 'vacant' ? 'vacant' : 'pending',
          source_ids: '[]',
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .execute();
  }
}

/** Instantiates a list's items (the list row must be published by the caller). Returns the number of duties created. */
export async function instantiateList(
  ctx: AppContext,
  exec: Executor,
  listId: number,
  date: string,
  evalDate?: string,
): Promise<{ created: number } & EvalResult> {
  const list = await exec.selectFrom('duty_lists').selectAll().where('id', '=', listId).executeTakeFirstOrThrow();
  const items = await exec.selectFrom('duty_items').select(['id', 'list_id', 'binds', 'applies_to_kinds', 'is_demo']).where('list_id', '=', listId).execute();
  const desired = await desiredOwners(exec, list.org_id, items, date);
  const rows = [];
  for (const d of desired.values()) {
    if (d.single) {
      const p = d.persons[0] ?? null;
      rows.push({
        item_id: d.itemId,
        list_id: listId,
        year: list.year,
        org_id: d.orgId,
        person_id: p,
        role: d.binds,
        owner_state: p === null ? 'vacant' : 'ok',
        is_demo: list.is_demo,
      });
    } else {
      for (const p of d.persons)
        rows.push({
          item_id: d.itemId,
          list_id: listId,
          year: list.year,
          org_id: d.orgId,
          person_id: p,
          role: d.binds,
          owner_state: 'ok',
          is_demo: list.is_demo,
        });
    }
  }
  await insertDuties(exec, rows, iso(ctx.clock.now()));
  const evalRes = await evaluateDuties(ctx, exec, await listDutyRows(exec, [listId]), evalDate ? () => evalDate : undefined);
  return { created: rows.length, ...evalRes };
}

export interface RefreshResult {
  handovers: number;
  created: number;
  misplaced: number;
  vacant: number;
  removed: number;
}

/**
 * Re-derives the owners of every published list of `year` at `date`: a changed holder → handover to
 * the new one; a holder gone and none in their place → the named owner stays but the duty is misplaced
 * (错位); never held → vacant (缺位). Members and teachers who left drop their personal duties.
 */
export async function refreshOwners(
  ctx: AppContext,
  exec: Executor,
  year: number,
  date: string,
  opts: { listIds?: number[] } = {},
): Promise<RefreshResult & EvalResult> {
  const now = iso(ctx.clock.now());
  let lq = exec.selectFrom('duty_lists').selectAll().where('year', '=', year).where('status', '=', 'published');
  if (opts.listIds) lq = lq.where('id', 'in', opts.listIds.length ? opts.listIds : [-1]);
  const lists = await lq.execute();
  const res: RefreshResult = { handovers: 0, created: 0, misplaced: 0, vacant: 0, removed: 0 };
  for (const list of lists) {
    const items = await exec
      .selectFrom('duty_items')
      .select(['id', 'list_id', 'binds', 'applies_to_kinds', 'is_demo'])
      .where('list_id', '=', list.id)
      .execute();
    const desired = await desiredOwners(exec, list.org_id, items, date);
    const existing = await exec
      .selectFrom('duties')
      .select(['id', 'item_id', 'org_id', 'person_id', 'owner_state', 'role'])
      .where('list_id', '=', list.id)
      .execute();
    const byKey = new Map<string, typeof existing>();
    for (const e of existing) {
      const k = `${e.item_id}:${e.org_id}`;
      byKey.set(k, [...(byKey.get(k) ?? []), e]);
    }
    const inserts = [];
    const setState = async (id: number, state: string, personId?: number | null) => {
      await exec
        .updateTable('duties')
        .set({ owner_state: state, ...(personId !== undefined ? { person_id: personId } : {}), updated_at: now, version: (eb) => eb('version', '+', 1) })
        .where('id', '=', id)
        .execute();
    };
    for (const [key, d] of desired) {
      const have = byKey.get(key) ?? [];
      if (d.single) {
        const holder = d.persons[0] ?? null;
        const e = have[0];
        if (!e) {
          inserts.push({
            item_id: d.itemId,
            list_id: list.id,
            year,
            org_id: d.orgId,
            person_id: holder,
            role: d.binds,
            owner_state: holder === null ? 'vacant' : 'ok',
            is_demo: list.is_demo,
          });
          res.created++;
          continue;
        }
        if (holder !== null && e.person_id !== holder) {
          await exec
            .insertInto('duty_handovers')
            .values({
              duty_id: e.id,
              from_person_id: e.person_id,
              to_person_id: holder,
              on_date: date,
              reason: e.person_id === null ? '补位 / filled' : '岗位变动 / post changed',
              created_at: now,
            })
            .execute();
          await setState(e.id, 'ok', holder);
          res.handovers++;
        } else if (holder !== null && e.owner_state !== 'ok') await setState(e.id, 'ok');
        else if (holder === null && e.person_id !== null && e.owner_state !== 'misplaced') {
          await setState(e.id, 'misplaced');
          res.misplaced++;
        } else if (holder === null && e.person_id === null && e.owner_state !== 'vacant') {
          await setState(e.id, 'vacant');
          res.vacant++;
        }
      } else {
        const want = new Set(d.persons);
        const havePersons = new Set(have.map((e) => e.person_id));
        for (const p of d.persons) {
          if (havePersons.has(p)) continue;
          inserts.push({ item_id: d.itemId, list_id: list.id, year, org_id: d.orgId, person_id: p, role: d.binds, owner_state: 'ok', is_demo: list.is_demo });
          res.created++;
        }
        for (const e of have) {
          if (e.person_id !== null && want.has(e.person_id)) {
            if (e.owner_state !== 'ok') await setState(e.id, 'ok');
          } else if (d.binds === 'dual_duty') {
            if (e.owner_state !== 'misplaced') {
              await setState(e.id, 'misplaced');
              res.misplaced++;
            }
          } else {
            await exec.deleteFrom('duties').where('id', '=', e.id).execute();
            res.removed++;
          }
        }
      }
    }
    await insertDuties(exec, inserts, now);
  }
  const ids = lists.map((l) => l.id);
  const rows = await listDutyRows(exec, ids);
  return { ...res, ...(await evaluateDuties(ctx, exec, rows)) };
}

/** Does the person hold the duty's bound role at its org on `date`? (for a hand-named owner). */
export async function holdsRole(exec: Executor, orgId: number, binds: string, personId: number, date: string): Promise<boolean> {
  if (binds === 'every_member') {
    const p = await exec.selectFrom('people').select(['party_org_id', 'political_status']).where('id', '=', personId).executeTakeFirst();
    return p?.party_org_id === orgId && MEMBER_STATUSES.includes(p.political_status);
  }
  if (binds === 'every_teacher') {
    const p = await exec.selectFrom('people').select('unit_id').where('id', '=', personId).executeTakeFirst();
    return p?.unit_id === orgId;
  }
  const [r] = await dutyRolesAt(exec, [orgId], date);
  if (!r) return false;
  const holders = binds === 'first_responsible' ? r.firstResponsible : binds === 'direct_responsible' ? r.directResponsible : r.dualDuty;
  return holders.some((h) => h.personId === personId);
}
