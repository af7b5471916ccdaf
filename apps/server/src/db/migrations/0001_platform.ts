import type { DialectMigration } from '../schema-helpers.ts';
import { createIndex, withId } from '../schema-helpers.ts';

export const m0001_platform: DialectMigration = {
  async up(db, dialect) {
    await withId(db.schema.createTable('org_units'), dialect)
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('active_from', 'text', (c) => c.notNull())
      .addColumn('active_to', 'text')
      .addColumn('stage', 'text')
      .addColumn('ownership', 'text')
      .addColumn('student_count', 'integer')
      .addColumn('boarder_count', 'integer')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await createIndex(db, 'org_units_parent_idx', 'org_units', ['parent_id']);

    await db.schema
      .createTable('org_closure')
      .addColumn('ancestor_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('descendant_id', 'integer', (c) => c.notNull().references('org_units.id'))
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_closure_pk', ['ancestor_id', 'descendant_id'])
      .execute();
    await createIndex(db, 'org_closure_desc_idx', 'org_closure', ['descendant_id', 'ancestor_id']);

    await withId(db.schema.createTable('users'), dialect)
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', 'text')
      .addColumn('last_login_at', 'text')
      .addColumn('password_changed_at', 'text')
      .addColumn('person_id', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await withId(db.schema.createTable('grants'), dialect)
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('org_id', 'integer', (c) => c.references('org_units.id'))
      .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'grants_user_idx', 'grants', ['user_id']);

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await createIndex(db, 'sessions_user_idx', 'sessions', ['user_id']);

    await withId(db.schema.createTable('audit_events'), dialect)
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_name', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text')
      .addColumn('entity_id', 'text')
      .addColumn('org_id', 'integer')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('before_json', 'text')
      .addColumn('after_json', 'text')
      .addColumn('request_id', 'text')
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
    await createIndex(db, 'audit_at_idx', 'audit_events', ['at']);
    await createIndex(db, 'audit_entity_idx', 'audit_events', ['entity_type', 'entity_id']);
    await createIndex(db, 'audit_actor_idx', 'audit_events', ['actor_id']);

    await db.schema
      .createTable('rate_limits')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('window_start', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('app_meta')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .execute();
  },
};
