// The hot aggregates measured by bench/sql.bench.ts and explained by bench/plans.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../apps/server/src/db/types.ts';
import { complianceGrid } from '../apps/server/src/modules/ledger/compliance-store.ts';
import { PeopleQuery } from '@taizhang/shared/schemas/people';
import { ActivityQuery } from '@taizhang/shared/schemas/ledger';
import { pageActivities } from '../apps/server/src/modules/ledger/repository.ts';
import { pagePeople } from '../apps/server/src/modules/people/repository.ts';
import { encodeCursor } from '../apps/server/src/platform/http/cursor.ts';
import { dashboard } from '../apps/server/src/modules/report/dashboard.ts';
import { computeFigures } from '../apps/server/src/modules/report/figures.ts';

export interface Target {
  name: string;
  /**
   * Goal for the service p95 on this dialect for the demo district, and at province scale (bench/province.bench.ts),
   * ms (undefined: only the ratio goal).
   */
  goalMs: { sqlite?: number; pg?: number; province?: number };
  /** Called once before measuring too (the compliance store builds on its first read). */
  run(db: Kysely<Database>, committeeId: number, dialect: 'sqlite' | 'pg'): Promise<unknown>;
}

/** "Today" fixed after the year so every run sees the same statuses. */
export const TODAY = '2023-01-15';
const AT = `${TODAY}T04:00:00.000Z`;

export const TARGETS: Target[] = [
  {
    name: 'compliance grid (committee, 2022)',
    goalMs: { sqlite: 20, pg: 300, province: 300 },
    // The route's choice: every org's cells for a district, the children rolled up from the store for a province.
    run: (db, orgId, dialect) => complianceGrid(db, dialect, { orgId, year: 2022, today: TODAY, dueSoonDays: 14 }, AT),
  },
  {
    name: 'compliance grid by child org, from the store (committee, 2022)',
    goalMs: { sqlite: 20, pg: 300, province: 300 },
    run: (db, orgId, dialect) => complianceGrid(db, dialect, { orgId, year: 2022, today: TODAY, dueSoonDays: 14, view: 'children' }, AT),
  },
  {
    name: 'report figures (committee, 2022)',
    // At province scale the goal is the whole report's (≤ 30 s), measured by the province bench itself.
    goalMs: { sqlite: 1000, pg: 1000 },
    run: (db, orgId) => computeFigures(db, orgId, 2022),
  },
  {
    name: 'dashboard (committee, 2022)',
    goalMs: {},
    run: (db, orgId, dialect) => dashboard(db, orgId, 2022, new Date(`${TODAY}T04:00:00Z`), { dialect }),
  },
  {
    name: 'people list (committee subtree, first 50 by code)',
    goalMs: {},
    run: (db, orgId) => pagePeople(db, { all: true, roots: [] }, PeopleQuery.parse({ orgId })),
  },
  {
    name: 'people list by keyset (committee subtree, the 50 after the 1,000th by code)',
    goalMs: {},
    run: async (db, orgId) => {
      const at = await db
        .selectFrom('person_orgs')
        .select(['code', 'person_id'])
        .where('org_id', '=', orgId)
        .orderBy('code')
        .orderBy('person_id')
        .offset(999)
        .limit(1)
        .executeTakeFirstOrThrow();
      return pagePeople(db, { all: true, roots: [] }, PeopleQuery.parse({ orgId, after: encodeCursor([at.code, at.person_id]) }));
    },
  },
  {
    name: 'activities list (committee subtree, latest 50)',
    goalMs: {},
    run: (db, orgId) => pageActivities(db, { all: true, roots: [] }, ActivityQuery.parse({ orgId })),
  },
];

export async function committeeOf(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('org_units')
    .select('id')
    .where('kind', '=', 'committee')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
