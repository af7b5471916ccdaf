import type { DialectMigration } from '../schema-helpers.ts';
import { createIndex, withId } from '../schema-helpers.ts';

export const m0002_people: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('people'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('gender', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('unit_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('party_org_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('political_status', 'text', (c) => c.notNull())
      .addColumn('join_date', 'text')
      .addColumn('conversion_date', 'text')
      .addColumn('phone', 'text')
      .addColumn('pinyin_initials', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('pinyin_full', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('left_date', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'people_unit_idx', 'people', ['unit_id']);
    await createIndex(db, 'people_party_org_idx', 'people', ['party_org_id']);
    await createIndex(db, 'people_initials_idx', 'people', ['pinyin_initials']);
    await createIndex(db, 'people_name_idx', 'people', ['name']);

    await withId(db.schema.createTable('person_posts'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('post', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text')
      .addColumn('end_date', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'person_posts_person_idx', 'person_posts', ['person_id']);
    await createIndex(db, 'person_posts_org_idx', 'person_posts', ['org_id', 'post']);

    await withId(db.schema.createTable('person_status_history'), dialect)
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('effective_date', 'text')
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'person_status_person_idx', 'person_status_history', ['person_id']);

    // Which posts make which duty role: data offices can change.
    await db.schema
      .createTable('duty_post_map')
      .addColumn('post', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db
      .insertInto('duty_post_map')
      .values([
        { post: '党委书记', role: 'first_responsible', priority: 0 },
        { post: '党总支书记', role: 'first_responsible', priority: 0 },
        { post: '党支部书记', role: 'first_responsible', priority: 0 },
        { post: '副书记', role: 'direct_responsible', priority: 0 },
        { post: '宣传委员', role: 'direct_responsible', priority: 1 },
        { post: '校长', role: 'dual_duty', priority: 0 },
        { post: '园长', role: 'dual_duty', priority: 0 },
        { post: '副校长', role: 'dual_duty', priority: 1 },
        { post: '组织委员', role: 'dual_duty', priority: 2 },
        { post: '纪检委员', role: 'dual_duty', priority: 2 },
      ])
      .execute();

    await withId(db.schema.createTable('duty_role_overrides'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'duty_overrides_org_idx', 'duty_role_overrides', ['org_id']);
  },
};
