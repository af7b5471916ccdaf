import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';

export const m0700_assessment: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('assessment_systems'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('tree_json', 'text', (c) => c.notNull())
      .addColumn('thresholds_json', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'assessment_systems_org_year_uq', 'assessment_systems', ['org_id', 'year'], true);

    await withId(db.schema.createTable('assessment_scorecards'), dialect)
      .addColumn('system_id', 'integer', (c) => c.notNull().references('assessment_systems.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('committee_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('self_assessment'))
      .addColumn('tree_json', 'text', (c) => c.notNull())
      .addColumn('thresholds_json', 'text', (c) => c.notNull())
      .addColumn('total', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('grade', 'text')
      .addColumn('submitted_at', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('finalized_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'assessment_scorecards_org_year_uq', 'assessment_scorecards', ['org_id', 'year'], true);
    await createIndex(db, 'assessment_scorecards_system_idx', 'assessment_scorecards', ['system_id']);

    await withId(db.schema.createTable('assessment_scores'), dialect)
      .addColumn('scorecard_id', 'integer', (c) => c.notNull().references('assessment_scorecards.id').onDelete('cascade'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
      .addColumn('auto_points', 'double precision')
      .addColumn('auto_detail_json', 'text')
      .addColumn('source_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('self_points', 'double precision')
      .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('links_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('review_points', 'double precision')
      .addColumn('review_reason', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'assessment_scores_card_code_uq', 'assessment_scores', ['scorecard_id', 'indicator_code'], true);

    await withId(db.schema.createTable('assessment_adjustments'), dialect)
      .addColumn('scorecard_id', 'integer', (c) => c.notNull().references('assessment_scorecards.id').onDelete('cascade'))
      .addColumn('indicator_code', 'text', (c) => c.notNull())
      .addColumn('from_points', 'double precision')
      .addColumn('to_points', 'double precision', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('by_user_id', 'integer')
      .addColumn('by_name', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'assessment_adjustments_card_idx', 'assessment_adjustments', ['scorecard_id']);
  },
};

/** A committee may return a submitted scorecard to the school; the reason and time of the last return are kept. */
export const m0710_assessment_return: DialectMigration = {
  async up(db) {
    await db.schema.alterTable('assessment_scorecards').addColumn('return_reason', 'text').execute();
    await db.schema.alterTable('assessment_scorecards').addColumn('returned_at', 'text').execute();
  },
};
