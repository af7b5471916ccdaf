import type { DialectMigration } from '../schema-helpers.ts';

/**
 * Settings the administrators change at run time (the security policy, the system configuration), each group one
 * integrity-tagged JSON row; and the moment a session last re-entered its password (fresh authentication for
 * personal-data exports).
 */
export const m0006_settings: DialectMigration = {
  async up(db) {
    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value_json', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .addColumn('integrity_tag', 'text', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('sessions').addColumn('reauth_at', 'text').execute();
  },
};
