import { grantTag } from '../../platform/security/integrity.ts';
import { keyring } from '../../platform/security/keyring.ts';
import type { DialectMigration } from '../schema-helpers.ts';

/**
 * Integrity tags on grants. Existing rows are tagged here with the process's key (from configuration,
 * never the database), so upgrading does not lock anyone out; from now on a row without a valid tag is ignored.
 */
export const m0004_integrity: DialectMigration = {
  async up(db) {
    await db.schema.alterTable('grants').addColumn('integrity_tag', 'text').execute();
    const k = keyring();
    const rows = (await db.selectFrom('grants').select(['id', 'user_id', 'role', 'org_id']).execute()) as {
      id: number;
      user_id: number;
      role: string;
      org_id: number | null;
    }[];
    for (const r of rows) {
      await db
        .updateTable('grants')
        .set({ integrity_tag: grantTag(r, k) })
        .where('id', '=', r.id)
        .execute();
    }
  },
};
