import { DEFAULT_ACTIVITY_TYPES } from '@taizhang/shared/schemas/ledger';
import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';
import { DEFAULT_CADENCE_RULES } from './cadence.ts';

const SEEDED_AT = '2022-01-01T00:00:00.000Z';

export const m0100_ledger: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('activity_types'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('is_study', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('category', 'text', (c) => c.notNull().defaultTo('other'))
      .addColumn('fields_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db
      .insertInto('activity_types')
      .values(
        DEFAULT_ACTIVITY_TYPES.map((t, i) => ({
          code: t.code,
          name: t.name,
          is_study: t.isStudy ? 1 : 0,
          category: t.category,
          fields_json: JSON.stringify(t.fields),
          active: 1,
          sort_order: (i + 1) * 10,
          created_at: SEEDED_AT,
          updated_at: SEEDED_AT,
          version: 1,
        })),
      )
      .execute();

    await withId(db.schema.createTable('activities'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('type_id', 'integer', (c) => c.notNull().references('activity_types.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('start_time', 'text')
      .addColumn('place', 'text')
      .addColumn('host_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('speaker', 'text')
      .addColumn('recorder_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('minutes_html', 'text')
      .addColumn('guests', 'text')
      .addColumn('participant_count', 'integer')
      .addColumn('extra_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
      .addColumn('backfill', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('imported', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('locked', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reviewed_by', 'integer')
      .addColumn('reviewed_at', 'text')
      .addColumn('review_comment', 'text')
      .addColumn('submitted_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // The compliance grid and the figures aggregate by org, type and date.
    await createIndex(db, 'activities_org_type_date_idx', 'activities', ['org_id', 'type_id', 'date']);
    await createIndex(db, 'activities_type_date_idx', 'activities', ['type_id', 'date']);
    await createIndex(db, 'activities_date_idx', 'activities', ['date']);
    await createIndex(db, 'activities_status_idx', 'activities', ['status']);

    await withId(db.schema.createTable('activity_attendance'), dialect)
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('present'))
      .addColumn('reason', 'text')
      .execute();
    await createIndex(db, 'activity_attendance_uq', 'activity_attendance', ['activity_id', 'person_id'], true);
    await createIndex(db, 'activity_attendance_person_idx', 'activity_attendance', ['person_id', 'status']);

    await withId(db.schema.createTable('activity_amendments'), dialect)
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn('changes_json', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('by_user_id', 'integer')
      .addColumn('by_name', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'activity_amendments_activity_idx', 'activity_amendments', ['activity_id']);

    await withId(db.schema.createTable('study_materials'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('order_date', 'text', (c) => c.notNull())
      .addColumn('copies', 'integer', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'study_materials_org_date_idx', 'study_materials', ['org_id', 'order_date']);

    await withId(db.schema.createTable('cadence_rules'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('type_code', 'text', (c) => c.notNull())
      .addColumn('min_count', 'integer', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('applies_to_json', 'text', (c) => c.notNull())
      .addColumn('public_only', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('per', 'text', (c) => c.notNull().defaultTo('org'))
      .addColumn('overrides_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db
      .insertInto('cadence_rules')
      .values(
        DEFAULT_CADENCE_RULES.map((r) => ({
          code: r.code,
          type_code: r.typeCode,
          min_count: r.minCount,
          period: r.period,
          applies_to_json: JSON.stringify(r.appliesTo),
          public_only: r.publicOnly ? 1 : 0,
          per: r.per,
          overrides_json: JSON.stringify(r.overrides),
          description: r.description,
          active: 1,
          created_at: SEEDED_AT,
          updated_at: SEEDED_AT,
          version: 1,
        })),
      )
      .execute();
  },
};
