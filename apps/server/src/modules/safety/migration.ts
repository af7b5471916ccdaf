import { createIndex, type DialectMigration, withId } from '../../db/schema-helpers.ts';

export const m0310_safety: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('safety_campaigns'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text', (c) => c.notNull())
      .addColumn('mobilisation_activity_id', 'integer')
      .addColumn('lesson_activity_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('task_id', 'integer')
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'safety_campaigns_org_idx', 'safety_campaigns', ['org_id', 'year']);

    await withId(db.schema.createTable('screenings'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('campaign_id', 'integer', (c) => c.references('safety_campaigns.id').onDelete('set null'))
      .addColumn('start_date', 'text', (c) => c.notNull())
      .addColumn('end_date', 'text')
      .addColumn('students_expected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('students_screened', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('issues_found', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('issues_resolved', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'screenings_org_idx', 'screenings', ['org_id', 'status', 'end_date']);

    await withId(db.schema.createTable('screening_results'), dialect)
      .addColumn('screening_id', 'integer', (c) => c.notNull().references('screenings.id').onDelete('cascade'))
      .addColumn('class_name', 'text', (c) => c.notNull())
      .addColumn('students', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('screened', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('found_gaming', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('found_harmful_info', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('found_harmful_apps', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('found_other', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('follow_ups_opened', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('follow_ups_closed', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'screening_results_class_idx', 'screening_results', ['screening_id', 'class_name'], true);

    await withId(db.schema.createTable('safety_followups'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('class_name', 'text', (c) => c.notNull())
      .addColumn('student_name', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('head_teacher_user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('officer_user_id', 'integer', (c) => c.references('users.id'))
      .addColumn('opened_on', 'text', (c) => c.notNull())
      .addColumn('closed_on', 'text')
      .addColumn('retention_until', 'text')
      .addColumn('deleted_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'safety_followups_org_idx', 'safety_followups', ['org_id']);
    await createIndex(db, 'safety_followups_retention_idx', 'safety_followups', ['retention_until']);

    await withId(db.schema.createTable('phone_custody'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('class_name', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('students', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('phones_held', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('phones_returned', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'phone_custody_class_day_idx', 'phone_custody', ['org_id', 'class_name', 'date'], true);

    await withId(db.schema.createTable('spot_checks'), dialect)
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('checked_on', 'text', (c) => c.notNull())
      .addColumn('checker', 'text', (c) => c.notNull())
      .addColumn('place', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('rectify_by', 'text')
      .addColumn('rectified_on', 'text')
      .addColumn('result', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'spot_checks_org_idx', 'spot_checks', ['org_id', 'checked_on']);

    await withId(db.schema.createTable('parent_notices'), dialect)
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('class_name', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('notices_sent', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('acks_received', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'parent_notices_org_idx', 'parent_notices', ['org_id', 'date']);
  },
};
