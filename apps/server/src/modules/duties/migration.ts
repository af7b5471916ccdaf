import type { DialectMigration } from '../../db/schema-helpers.ts';
import { sql } from 'kysely';
import { createIndex, withId } from '../../db/schema-helpers.ts';

export const m0600_duties: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('duty_lists'), dialect)
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('published_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'duty_lists_org_year_uq', 'duty_lists', ['org_id', 'year'], true);

    await withId(db.schema.createTable('duty_items'), dialect)
      .addColumn('list_id', 'integer', (c) => c.notNull().references('duty_lists.id').onDelete('cascade'))
      .addColumn('list_kind', 'text', (c) => c.notNull())
      .addColumn('binds', 'text', (c) => c.notNull())
      .addColumn('applies_to_kinds', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('measure_json', 'text', (c) => c.notNull())
      .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'duty_items_list_idx', 'duty_items', ['list_id']);

    await withId(db.schema.createTable('duties'), dialect)
      .addColumn('item_id', 'integer', (c) => c.notNull().references('duty_items.id').onDelete('cascade'))
      .addColumn('list_id', 'integer', (c) => c.notNull().references('duty_lists.id').onDelete('cascade'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('owner_state', 'text', (c) => c.notNull().defaultTo('ok'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('actual_value', 'double precision')
      .addColumn('target_value', 'double precision')
      .addColumn('source_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('next_json', 'text')
      .addColumn('evaluated_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'duties_org_year_idx', 'duties', ['org_id', 'year']);
    await createIndex(db, 'duties_person_year_idx', 'duties', ['person_id', 'year']);
    await createIndex(db, 'duties_item_idx', 'duties', ['item_id']);
    await createIndex(db, 'duties_year_status_idx', 'duties', ['year', 'status']);

    await withId(db.schema.createTable('duty_handovers'), dialect)
      .addColumn('duty_id', 'integer', (c) => c.notNull().references('duties.id').onDelete('cascade'))
      .addColumn('from_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('to_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('on_date', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'duty_handovers_duty_idx', 'duty_handovers', ['duty_id']);

    await withId(db.schema.createTable('duty_evidence'), dialect)
      .addColumn('duty_id', 'integer', (c) => c.notNull().references('duties.id').onDelete('cascade'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('file_ref', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('submitted'))
      .addColumn('submitted_by', 'integer')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('accepted_by', 'integer')
      .addColumn('accepted_at', 'text')
      .addColumn('comment', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'duty_evidence_duty_idx', 'duty_evidence', ['duty_id']);

    await withId(db.schema.createTable('pledges'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('signed'))
      .addColumn('document_hash', 'text')
      .addColumn('document_b64', 'text')
      .addColumn('signed_at', 'text')
      .addColumn('signed_by_user_id', 'integer')
      .addColumn('countersigned_by', 'integer')
      .addColumn('countersigned_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'pledges_person_year_org_uq', 'pledges', ['person_id', 'year', 'org_id'], true);
    await createIndex(db, 'pledges_org_year_idx', 'pledges', ['org_id', 'year']);
  },
};

/**
 * Evaluation rewrites every duty's measured columns (status, actual, target, sources, next) — 740,000 rows for a
 * province. No index may cover them, so on PostgreSQL each rewrite is a heap-only (HOT) update that touches no
 * index; pages keep 40 % free (fillfactor 60) for the new row versions. The (year, status) index goes: status
 * counts read a subtree through (org_id, year) anyway. (On an existing database the fillfactor applies to pages
 * written from now on; `VACUUM FULL duties` repacks the rest.)
 */
export const m0610_duties_hot: DialectMigration = {
  async up(db, dialect) {
    await db.schema.dropIndex('duties_year_status_idx').ifExists().execute();
    if (dialect === 'pg') await sql`alter table duties set (fillfactor = 60)`.execute(db);
  },
};
