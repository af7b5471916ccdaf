import { type Ability, ROLE_ABILITIES, type Role, isRole } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import { AppError } from '../errors.ts';
import { cachedRows } from '../statement-cache.ts';
import { grantTagValid, reportIntegrityViolation } from '../security/integrity.ts';

export interface ActorGrant {
  id: number;
  role: Role;
  orgId: number | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  personId: number | null;
  grants: ActorGrant[];
  sessionId: string;
  csrfToken: string;
  mustChangePassword: boolean;
  /** Password accepted, authenticator code not yet. */
  mfaPending: boolean;
  /** The actor's role requires two-factor authentication and none is set up yet. */
  mfaSetupRequired: boolean;
  mfaEnabled: boolean;
  /** When this session last re-entered the password (fresh authentication for personal-data exports). */
  reauthAt: string | null;
}

/** Which part of the tree a set of grants reaches: everything, or the subtrees of `roots`. */
export interface Scope {
  all: boolean;
  roots: number[];
}

/**
 * The user's grants. A grant whose integrity tag does not verify (edited in the database behind the
 * application's back) is ignored and reported as 'security.integrity_violation'.
 */
export async function loadGrants(exec: Executor, userId: number): Promise<ActorGrant[]> {
  const rows = await cachedRows(exec, 'access.grants', [userId], () =>
    exec.selectFrom('grants').select(['id', 'user_id', 'role', 'org_id', 'integrity_tag']).where('user_id', '=', userId),
  );
  const out: ActorGrant[] = [];
  for (const r of rows) {
    if (!grantTagValid(r)) {
      await reportIntegrityViolation(exec, {
        table: 'grants',
        id: r.id,
        userId: r.user_id,
        role: r.role,
        orgId: r.org_id,
        tag: r.integrity_tag,
        reason: r.integrity_tag ? 'integrity tag does not match' : 'no integrity tag',
      });
      continue;
    }
    if (isRole(r.role)) out.push({ id: r.id, role: r.role, orgId: r.org_id });
  }
  return out;
}

export function actorAbilities(actor: Pick<Actor, 'grants'>): Set<Ability> {
  const out = new Set<Ability>();
  for (const g of actor.grants) for (const a of ROLE_ABILITIES[g.role]) out.add(a);
  return out;
}

export function hasAbility(actor: Pick<Actor, 'grants'>, ability: Ability): boolean {
  return actor.grants.some((g) => ROLE_ABILITIES[g.role].includes(ability));
}

/** Scope of the grants carrying `ability`; with no ability, the scope of every grant (reach). */
export function scopeOf(actor: Pick<Actor, 'grants'>, ability?: Ability): Scope {
  const grants = ability ? actor.grants.filter((g) => ROLE_ABILITIES[g.role].includes(ability)) : actor.grants;
  if (grants.some((g) => g.orgId === null)) return { all: true, roots: [] };
  return { all: false, roots: [...new Set(grants.map((g) => g.orgId as number))] };
}

/** For resources that are not in the org tree (users, audit, configuration). */
export function requireAbility(actor: Pick<Actor, 'grants'>, ability: Ability): void {
  if (!hasAbility(actor, ability)) throw new AppError('forbidden', { ability });
}
