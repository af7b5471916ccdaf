import type { Ability } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { AppError } from '../../platform/errors.ts';

/** A person is reachable through their unit or their party org. 404 outside reach, 403 without the ability. */
export async function personFor(exec: Executor, actor: Actor, id: number, ability: Ability) {
  const p = await exec.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('not_found');
  let lastErr: unknown = new AppError('not_found');
  for (const org of [p.party_org_id, p.unit_id]) {
    if (org === null) continue;
    try {
      await assertCan(exec, actor, ability, org);
      return p;
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') lastErr = err;
      else if (!(err instanceof AppError)) throw err;
    }
  }
  throw lastErr;
}

/** An org that exists and the actor may act on with `ability` (404 outside reach). */
export async function orgFor(exec: Executor, actor: Actor, id: number, ability: Ability) {
  const org = await exec.selectFrom('org_units').select(['id', 'name', 'kind', 'parent_id']).where('id', '=', id).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  await assertCan(exec, actor, ability, id);
  return org;
}

/** Whether the actor may override development rules on this org: committee level (ledger.configure there). */
export async function canOverride(exec: Executor, actor: Actor, orgId: number | null): Promise<boolean> {
  if (orgId === null) return false;
  try {
    await assertCan(exec, actor, 'development.manage', orgId);
    await assertCan(exec, actor, 'ledger.configure', orgId);
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
}

/** Subquery: the org ids under `orgId` (itself included). */
export function subtree(exec: Executor, orgId: number) {
  return exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

/** Subquery: people working or organised under `orgId`. */
export function peopleUnder(exec: Executor, orgId: number) {
  return exec
    .selectFrom('people')
    .select('id')
    .where((eb) => eb.or([eb('unit_id', 'in', subtree(exec, orgId)), eb('party_org_id', 'in', subtree(exec, orgId))]));
}

export function parseIds(json: string | null | undefined): number[] {
  if (!json) return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}
