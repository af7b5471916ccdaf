import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex, withId } from '../../db/schema-helpers.ts';

export const m0500_tasks: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('recurring_templates'), dialect)
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('next_run_on', 'text', (c) => c.notNull())
      .addColumn('definition_json', 'text', (c) => c.notNull())
      .addColumn('issuing_org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'recurring_templates_due_idx', 'recurring_templates', ['active', 'next_run_on']);

    await withId(db.schema.createTable('tasks'), dialect)
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('requirements_html', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('issuing_org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('form_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('evidence_required', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('attachments_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('targets_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('recurring_template_id', 'integer', (c) => c.references('recurring_templates.id'))
      .addColumn('period_key', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'tasks_issuer_idx', 'tasks', ['issuing_org_id', 'deadline']);
    await createIndex(db, 'tasks_template_period_idx', 'tasks', ['recurring_template_id', 'period_key'], true);

    await withId(db.schema.createTable('assignments'), dialect)
      .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('not_started'))
      .addColumn('submitted_at', 'text')
      .addColumn('first_submitted_at', 'text')
      .addColumn('submitted_by', 'integer')
      .addColumn('answers_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('evidence_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('figures_json', 'text')
      .addColumn('reviewed_by', 'integer')
      .addColumn('reviewed_at', 'text')
      .addColumn('return_reason', 'text')
      .addColumn('accepted_at', 'text')
      .addColumn('reminded_at', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'assignments_task_org_idx', 'assignments', ['task_id', 'org_id'], true);
    await createIndex(db, 'assignments_org_idx', 'assignments', ['org_id', 'status']);

    await withId(db.schema.createTable('assignment_history'), dialect)
      .addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('by_user_id', 'integer')
      .addColumn('by_name', 'text')
      .addColumn('note', 'text')
      .execute();
    await createIndex(db, 'assignment_history_assignment_idx', 'assignment_history', ['assignment_id']);

    await withId(db.schema.createTable('urges'), dialect)
      .addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('by_user_id', 'integer')
      .addColumn('by_name', 'text')
      .execute();
    await createIndex(db, 'urges_assignment_idx', 'urges', ['assignment_id', 'at']);

    await withId(db.schema.createTable('supervision_notices'), dialect)
      .addColumn('assignment_id', 'integer', (c) => c.notNull().references('assignments.id').onDelete('cascade'))
      .addColumn('escalated_to_person_id', 'integer', (c) => c.references('people.id'))
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
      .addColumn('note', 'text')
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'supervision_notices_assignment_idx', 'supervision_notices', ['assignment_id', 'status']);

    await withId(db.schema.createTable('documents'), dialect)
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('issuing_org_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('read_within_days', 'integer', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'documents_issuer_idx', 'documents', ['issuing_org_id']);

    await withId(db.schema.createTable('document_targets'), dialect)
      .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
      .addColumn('org_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('person_id', 'integer', (c) => c.references('people.id'))
      .execute();
    await createIndex(db, 'document_targets_doc_idx', 'document_targets', ['document_id']);
    await createIndex(db, 'document_targets_org_idx', 'document_targets', ['org_id']);

    await withId(db.schema.createTable('document_receipts'), dialect)
      .addColumn('document_id', 'integer', (c) => c.notNull().references('documents.id').onDelete('cascade'))
      .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
      .addColumn('read_at', 'text')
      .addColumn('linked_activity_id', 'integer')
      .addColumn('reminded_at', 'text')
      .execute();
    await createIndex(db, 'document_receipts_doc_person_idx', 'document_receipts', ['document_id', 'person_id'], true);
    await createIndex(db, 'document_receipts_person_idx', 'document_receipts', ['person_id']);

    await withId(db.schema.createTable('notifications'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('link', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('read_at', 'text')
      .execute();
    await createIndex(db, 'notifications_user_idx', 'notifications', ['user_id', 'read_at']);

    await withId(db.schema.createTable('notification_prefs'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('address', 'text')
      .execute();
    await createIndex(db, 'notification_prefs_user_channel_idx', 'notification_prefs', ['user_id', 'channel'], true);

    await db.schema
      .createTable('notification_channels')
      .addColumn('channel', 'text', (c) => c.primaryKey())
      .addColumn('config_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('deliveries'), dialect)
      .addColumn('notification_id', 'integer', (c) => c.notNull().references('notifications.id').onDelete('cascade'))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await createIndex(db, 'deliveries_due_idx', 'deliveries', ['status', 'next_attempt_at']);

    await withId(db.schema.createTable('jobs'), dialect)
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('run_at', 'text', (c) => c.notNull())
      .addColumn('payload_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
      .addColumn('locked_by', 'text')
      .addColumn('locked_at', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('unique_key', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await createIndex(db, 'jobs_unique_key_idx', 'jobs', ['unique_key'], true);
    await createIndex(db, 'jobs_due_idx', 'jobs', ['status', 'run_at']);
  },
};
