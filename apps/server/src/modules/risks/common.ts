import type { Ability } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { dutyRolesAt } from '../people/duty-roles.ts';

/** Who did something: a logged-in user, or the system (demo, scheduler, import). */
export interface By {
  userId: number | null;
  name: string | null;
  personId?: number | null;
}
export const SYSTEM: By = { userId: null, name: 'system', personId: null };
export function byActor(actor: Actor): By {
  return { userId: actor.userId, name: actor.displayName || actor.username, personId: actor.personId };
}

export async function requireOrg(exec: Executor, orgId: number, field = 'body.orgId') {
  const org = await exec.selectFrom('org_units').select(['id', 'name', 'kind', 'code']).where('id', '=', orgId).executeTakeFirst();
  if (!org) throw validation([{ field, message: '组织不存在 / no such org unit' }]);
  return org;
}

/** A list filter on an org: it must exist (404 otherwise) and be in the caller's reach. */
export async function checkFilterOrg(exec: Executor, actor: Actor, ability: Ability, orgId: number | undefined): Promise<void> {
  if (orgId === undefined) return;
  if (!(await exec.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst())) throw new AppError('not_found');
  await assertCan(exec, actor, ability, orgId);
}

/** Writes need the ability on the target org: validation when it does not exist, 404 outside reach, 403 inside. */
export async function checkWriteOrg(exec: Executor, actor: Actor, ability: Ability, orgId: number, field = 'body.orgId'): Promise<void> {
  await requireOrg(exec, orgId, field);
  await assertCan(exec, actor, ability, orgId);
}

export function subtreeOf(exec: Executor, orgId: number) {
  return exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

export async function isInSubtree(exec: Executor, ancestorId: number, orgId: number): Promise<boolean> {
  const row = await exec.selectFrom('org_closure').select('depth').where('ancestor_id', '=', ancestorId).where('descendant_id', '=', orgId).executeTakeFirst();
  return row !== undefined;
}

export async function requirePerson(exec: Executor, personId: number, field: string) {
  const p = await exec.selectFrom('people').select(['id', 'name']).where('id', '=', personId).executeTakeFirst();
  if (!p) throw validation([{ field, message: '人员不存在 / no such person' }]);
  return p;
}

export async function personNames(exec: Executor, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return new Map();
  const out = new Map<number, string>();
  for (let i = 0; i < list.length; i += 500) {
    const rows = await exec
      .selectFrom('people')
      .select(['id', 'name'])
      .where('id', 'in', list.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

export async function orgNameMap(exec: Executor, ids: number[]): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const out = new Map<number, string>();
  for (let i = 0; i < list.length; i += 500) {
    const rows = await exec
      .selectFrom('org_units')
      .select(['id', 'name'])
      .where('id', 'in', list.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, r.name);
  }
  return out;
}

const PARTY_KINDS = ['committee', 'general_branch', 'branch'];

/**
 * The party orgs whose first responsible person answers for an org: the org itself when it is a
 * party org; for a school or kindergarten, the general branch under it (else its branches).
 */
export async function responsiblePartyOrgs(exec: Executor, orgId: number): Promise<number[]> {
  const org = await exec.selectFrom('org_units').select(['id', 'kind']).where('id', '=', orgId).executeTakeFirst();
  if (!org) return [];
  if (PARTY_KINDS.includes(org.kind)) return [org.id];
  const children = await exec.selectFrom('org_units').select(['id', 'kind']).where('parent_id', '=', orgId).where('active', '=', 1).execute();
  const general = children.filter((c) => c.kind === 'general_branch');
  if (general.length) return general.map((c) => c.id);
  return children.filter((c) => c.kind === 'branch').map((c) => c.id);
}

/** Person ids of the first responsible person(s) for an org at a date. */
export async function firstResponsibleOf(exec: Executor, orgId: number, date: string): Promise<number[]> {
  const orgs = await responsiblePartyOrgs(exec, orgId);
  const roles = await dutyRolesAt(exec, orgs, date);
  return [...new Set(roles.flatMap((r) => r.firstResponsible.map((h) => h.personId)))];
}

export function parseJsonArray<T>(text: string): T[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

/** Year bounds of Beijing dates/timestamps stored as text. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** UTC instants bounding a Beijing calendar year. */
export function yearInstants(year: number): { from: string; to: string } {
  return { from: new Date(Date.UTC(year - 1, 11, 31, 16)).toISOString(), to: new Date(Date.UTC(year, 11, 31, 16)).toISOString() };
}
