import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';

export const m0200_development: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('development_steps'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('decision_body', 'text')
      .addColumn('notes', 'text')
      .addColumn('documents_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('liaison_person_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('introducer_person_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('training_days', 'real')
      .addColumn('training_hours', 'real')
      .addColumn('notice_start', 'text')
      .addColumn('notice_end', 'text')
      .addColumn('extension_months', 'integer')
      .addColumn('extension_date', 'text')
      .addColumn('override_reason', 'text')
      .addColumn('override_by', 'integer')
      .addColumn('overridden_rules', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'development_steps_person_stage_idx', 'development_steps', ['person_id', 'stage'], true);
    await createIndex(db, 'development_steps_stage_date_idx', 'development_steps', ['stage', 'date']);
    await createIndex(db, 'development_steps_org_idx', 'development_steps', ['org_id']);

    await withId(db.schema.createTable('development_dual_flags'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('until', 'text')
      .addColumn('notes', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'development_dual_flags_person_idx', 'development_dual_flags', ['person_id']);

    await db.schema
      .createTable('honour_categories')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db
      .insertInto('honour_categories')
      .values([
        { code: 'excellent_member', name: '优秀共产党员', target: 'person', sort_order: 1, active: 1 },
        { code: 'excellent_party_worker', name: '优秀党务工作者', target: 'person', sort_order: 2, active: 1 },
        { code: 'advanced_party_org', name: '先进基层党组织', target: 'org', sort_order: 3, active: 1 },
        { code: 'ethics_model_teacher', name: '师德师风优秀教师', target: 'person', sort_order: 4, active: 1 },
      ])
      .execute();

    await withId(db.schema.createTable('honours'), dialect)
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('category_code', 'text', (c) => c.notNull().references('honour_categories.code'))
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('person_id', 'integer', (c) => c.references('people.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('target_key', 'text', (c) => c.notNull())
      .addColumn('awarded_on', 'text')
      .addColumn('awarding_body', 'text')
      .addColumn('citation', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'honours_natural_key_idx', 'honours', ['year', 'category_code', 'target_key'], true);
    await createIndex(db, 'honours_person_idx', 'honours', ['person_id']);
    await createIndex(db, 'honours_org_idx', 'honours', ['org_id']);

    await withId(db.schema.createTable('training_programmes'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('organiser_org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('hours', 'real', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'training_programmes_org_year_idx', 'training_programmes', ['organiser_org_id', 'year']);

    await withId(db.schema.createTable('training_hours'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('programme_id', 'integer', (c) => c.references('training_programmes.id').onDelete('cascade'))
      .addColumn('activity_id', 'integer')
      .addColumn('hours', 'real', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'training_hours_person_date_idx', 'training_hours', ['person_id', 'date']);
    await createIndex(db, 'training_hours_programme_idx', 'training_hours', ['programme_id']);

    await db.schema
      .createTable('development_settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
    await db.insertInto('development_settings').values({ key: 'member_min_hours', value: '32' }).execute();
  },
};
