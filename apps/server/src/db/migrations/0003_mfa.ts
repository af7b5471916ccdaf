import type { DialectMigration } from '../schema-helpers.ts';

export const m0003_mfa: DialectMigration = {
  async up(db) {
    await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
    await db.schema.alterTable('users').addColumn('totp_enabled_at', 'text').execute();
    await db.schema.alterTable('users').addColumn('recovery_codes_json', 'text').execute();
    await db.schema
      .alterTable('sessions')
      .addColumn('mfa_verified', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
