import { type DutyRole, coversDate } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';

export interface Holder {
  personId: number;
  name: string;
  post: string;
  source: 'post' | 'override';
}

export interface OrgDutyRoles {
  orgId: number;
  orgName: string;
  orgKind: string;
  /** The school or kindergarten this party org serves (its parent), if any. */
  schoolId: number | null;
  date: string;
  firstResponsible: Holder[];
  directResponsible: Holder[];
  dualDuty: Holder[];
  /** 一肩挑: the first responsible person is also the principal/director of the served school. */
  dualRole: boolean;
  vacancies: DutyRole[];
}

const PARTY_ORG_KINDS = ['committee', 'general_branch', 'branch'];
const HEAD_POSTS = new Set(['校长', '园长']);

/**
 * Duty roles of party orgs at a date, derived from posts (mapping in duty_post_map) with manual
 * overrides taking precedence. Bulk: a fixed number of queries whatever the number of orgs.
 */
export async function dutyRolesAt(exec: Executor, orgIds: number[], date: string): Promise<OrgDutyRoles[]> {
  if (orgIds.length === 0) return [];
  const orgs = await exec
    .selectFrom('org_units as o')
    .leftJoin('org_units as p', 'p.id', 'o.parent_id')
    .select(['o.id', 'o.name', 'o.kind', 'p.id as parent_id', 'p.kind as parent_kind'])
    .where('o.id', 'in', orgIds)
    .execute();
  const partyOrgs = orgs.filter((o) => PARTY_ORG_KINDS.includes(o.kind));
  const schoolOf = new Map<number, number | null>(
    partyOrgs.map((o) => [o.id, o.parent_id !== null && (o.parent_kind === 'school' || o.parent_kind === 'kindergarten') ? o.parent_id : null]),
  );
  const relevantOrgIds = [...new Set([...partyOrgs.map((o) => o.id), ...[...schoolOf.values()].filter((x): x is number => x !== null)])];
  const map = new Map((await exec.selectFrom('duty_post_map').selectAll().execute()).map((m) => [m.post, m]));
  const posts = [];
  for (let i = 0; i < relevantOrgIds.length; i += 500) {
    posts.push(
      ...(await exec
        .selectFrom('person_posts as pp')
        .innerJoin('people as pe', 'pe.id', 'pp.person_id')
        .select(['pp.org_id', 'pp.post', 'pp.start_date', 'pp.end_date', 'pe.id as person_id', 'pe.name'])
        .where('pp.org_id', 'in', relevantOrgIds.slice(i, i + 500))
        .where('pe.active', '=', 1)
        .execute()),
    );
  }
  const current = posts.filter((p) => coversDate(p.start_date, p.end_date, date));
  const overrides = await exec
    .selectFrom('duty_role_overrides as d')
    .innerJoin('people as pe', 'pe.id', 'd.person_id')
    .select(['d.org_id', 'd.role', 'd.start_date', 'd.end_date', 'pe.id as person_id', 'pe.name'])
    .where('d.org_id', 'in', partyOrgs.length ? partyOrgs.map((o) => o.id) : [-1])
    .execute();

  // Posts and overrides by org, so that each party org reads only its own and its school's (linear in the rows).
  const group = <T extends { org_id: number }>(rows: T[]) => {
    const by = new Map<number, T[]>();
    for (const r of rows) {
      const list = by.get(r.org_id);
      if (list) list.push(r);
      else by.set(r.org_id, [r]);
    }
    return by;
  };
  const postsAt = group(current);
  const overridesAt = group(overrides);
  const none: never[] = [];

  return partyOrgs.map((o) => {
    const school = schoolOf.get(o.id) ?? null;
    const byRole: Record<DutyRole, Holder[]> = { first_responsible: [], direct_responsible: [], dual_duty: [] };
    const seen = new Set<string>();
    const schoolPosts = school === null ? none : (postsAt.get(school) ?? none);
    for (const p of [...(postsAt.get(o.id) ?? none), ...schoolPosts]) {
      const atOrg = p.org_id === o.id;
      const m = map.get(p.post);
      if (!m) continue;
      const role = m.role as DutyRole;
      // Party roles come from posts in the party org itself; school leadership joins as dual duty.
      if (role !== 'dual_duty' && !atOrg) continue;
      const key = `${role}:${p.person_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      byRole[role].push({ personId: p.person_id, name: p.name, post: p.post, source: 'post' });
    }
    for (const role of ['first_responsible', 'direct_responsible', 'dual_duty'] as DutyRole[]) {
      const ov = (overridesAt.get(o.id) ?? none).filter((d) => d.role === role && coversDate(d.start_date, d.end_date, date));
      if (ov.length) byRole[role] = ov.map((d) => ({ personId: d.person_id, name: d.name, post: '', source: 'override' as const }));
    }
    // Anyone already first or direct responsible is not also listed as dual duty.
    const primary = new Set([...byRole.first_responsible, ...byRole.direct_responsible].map((h) => h.personId));
    byRole.dual_duty = byRole.dual_duty.filter((h) => !primary.has(h.personId));
    const heads = new Set(schoolPosts.filter((p) => HEAD_POSTS.has(p.post)).map((p) => p.person_id));
    const dualRole = byRole.first_responsible.some((h) => heads.has(h.personId));
    const vacancies: DutyRole[] = [];
    if (byRole.first_responsible.length === 0) vacancies.push('first_responsible');
    if (byRole.direct_responsible.length === 0 && o.kind !== 'committee') vacancies.push('direct_responsible');
    return {
      orgId: o.id,
      orgName: o.name,
      orgKind: o.kind,
      schoolId: school,
      date,
      firstResponsible: byRole.first_responsible,
      directResponsible: byRole.direct_responsible,
      dualDuty: byRole.dual_duty,
      dualRole,
      vacancies,
    };
  });
}
