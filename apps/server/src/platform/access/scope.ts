import type { Ability } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import { type Actor, type Scope, scopeOf } from './actor.ts';

/** The org ids in `orgIds` that `scope` reaches, in one query. */
export async function orgIdsInScope(exec: Executor, scope: Scope, orgIds: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(orgIds)];
  if (scope.all) return new Set(unique);
  if (scope.roots.length === 0 || unique.length === 0) return new Set();
  const out = new Set<number>();
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await exec
      .selectFrom('org_closure')
      .select('descendant_id')
      .distinct()
      .where('ancestor_id', 'in', scope.roots)
      .where('descendant_id', 'in', chunk)
      .execute();
    for (const r of rows) out.add(r.descendant_id);
  }
  return out;
}

/** Bulk check: which of these orgs may the actor act on with `ability`. */
export async function allowedOrgIds(exec: Executor, actor: Actor, ability: Ability, orgIds: readonly number[]): Promise<Set<number>> {
  return orgIdsInScope(exec, scopeOf(actor, ability), orgIds);
}

/**
 * Single check on one org. Outside the actor's reach → 404 (existence does not leak);
 * inside reach but without the ability there → 403.
 */
export async function assertCan(exec: Executor, actor: Actor, ability: Ability, orgId: number): Promise<void> {
  const allowed = await orgIdsInScope(exec, scopeOf(actor, ability), [orgId]);
  if (allowed.has(orgId)) return;
  const reach = await orgIdsInScope(exec, scopeOf(actor), [orgId]);
  if (!reach.has(orgId)) throw new AppError('not_found');
  throw new AppError('forbidden', { ability });
}

/** A subquery of the org ids a scope reaches, for `where org_id in (...)` in list queries. */
export function scopeSubquery(exec: Executor, scope: Scope) {
  return exec
    .selectFrom('org_closure')
    .select('descendant_id')
    .where('ancestor_id', 'in', scope.roots.length ? scope.roots : [-1]);
}
