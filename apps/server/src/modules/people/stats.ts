import type { Executor } from '../../db/database.ts';

export interface OrgCounts {
  schools: number;
  branches: number;
  members: number;
  staff: number;
}

/** Counts per node, rolled up over each node's subtree (active units and people). */
export async function orgCounts(exec: Executor, ids: number[]): Promise<Map<number, OrgCounts>> {
  const out = new Map<number, OrgCounts>(ids.map((id) => [id, { schools: 0, branches: 0, members: 0, staff: 0 }]));
  if (ids.length === 0) return out;
  const units = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select((eb) => [
      'c.ancestor_id',
      eb.fn.sum<number>(eb.case().when('o.kind', 'in', ['school', 'kindergarten']).then(1).else(0).end()).as('schools'),
      eb.fn.sum<number>(eb.case().when('o.kind', '=', 'branch').then(1).else(0).end()).as('branches'),
    ])
    .where('c.ancestor_id', 'in', ids)
    .where('o.active', '=', 1)
    .groupBy('c.ancestor_id')
    .execute();
  for (const u of units) Object.assign(out.get(u.ancestor_id) as OrgCounts, { schools: Number(u.schools), branches: Number(u.branches) });
  const staff = await exec
    .selectFrom('org_closure as c')
    .innerJoin('people as p', 'p.unit_id', 'c.descendant_id')
    .select((eb) => ['c.ancestor_id', eb.fn.countAll<number>().as('n')])
    .where('c.ancestor_id', 'in', ids)
    .where('p.active', '=', 1)
    .groupBy('c.ancestor_id')
    .execute();
  for (const s of staff) (out.get(s.ancestor_id) as OrgCounts).staff = Number(s.n);
  const members = await exec
    .selectFrom('org_closure as c')
    .innerJoin('people as p', 'p.party_org_id', 'c.descendant_id')
    .select((eb) => ['c.ancestor_id', eb.fn.countAll<number>().as('n')])
    .where('c.ancestor_id', 'in', ids)
    .where('p.active', '=', 1)
    .where('p.political_status', 'in', ['中共党员', '中共预备党员'])
    .groupBy('c.ancestor_id')
    .execute();
  for (const m of members) (out.get(m.ancestor_id) as OrgCounts).members = Number(m.n);
  return out;
}
