import type { DialectMigration } from '../schema-helpers.ts';

/**
 * Indexes chosen from the plans of the hot aggregates (bench/plans/, regenerate with `npx tsx bench/plans.ts`).
 *
 * Registered as `0990_perf_indexes` (see migrations/index.ts): it indexes module tables (activities is created by
 * `0100_ledger`), so it must sort after every module migration; the file keeps its planned number.
 *
 * - activities (type_id, status, date, org_id): the compliance grid's org × type × month count and the report's
 *   study/lecture figures filter on type IN (…), status IN ('submitted','approved') and a date range over a whole
 *   subtree. Without it SQLite (no statistics) walks activities_status_idx and reads every counted record from the
 *   table; with it the count is an index-only range scan on both dialects. Narrow subtrees (one school) keep using
 *   activities_org_type_date_idx. City scale (1,500 orgs, 173k records, SQLite): 957 → 539 ms for that statement.
 * - people (party_org_id, join_date, left_date, id): the members of a subtree (compliance per-member rules, member
 *   figures) read from the index alone instead of one table row per member. City scale: 425 → 145 ms.
 */
export const m0005_perf_indexes: DialectMigration = {
  async up(db) {
    await db.schema
      .createIndex('activities_type_status_date_org_idx')
      .ifNotExists()
      .on('activities')
      .columns(['type_id', 'status', 'date', 'org_id'])
      .execute();
    await db.schema.createIndex('people_party_join_idx').ifNotExists().on('people').columns(['party_org_id', 'join_date', 'left_date', 'id']).execute();
  },
};
