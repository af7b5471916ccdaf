import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';

export const reportMigration: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('reports'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('content_json', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('frozen_at', 'text')
      .execute();
    await createIndex(db, 'reports_org_year_idx', 'reports', ['org_id', 'year', 'revision']);
  },
};
