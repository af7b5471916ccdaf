import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshDatabase } from '../test/database.ts';

describe.skipIf(process.env.TZ_TEST_DIALECT !== 'pg')('PostgreSQL pool', () => {
  it('survives its idle connections being terminated by the server (restart, admin command) and reconnects', async () => {
    const d = await freshDatabase('pg');
    try {
      await sql`select 1`.execute(d.handle.db);
      const name = new URL(d.config.DATABASE_URL as string).pathname.slice(1);
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      // The pool hears of the lost idle client asynchronously; without its error listener this is an unhandled error.
      await new Promise((r) => setTimeout(r, 200));
      const again = await sql<{ n: number }>`select 2 as n`.execute(d.handle.db);
      expect(Number(again.rows[0].n)).toBe(2);
    } finally {
      await d.dispose();
    }
  });
});
