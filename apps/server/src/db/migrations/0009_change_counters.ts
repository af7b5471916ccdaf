import { sql } from 'kysely';
import type { DialectMigration } from '../schema-helpers.ts';

/**
 * Tables whose writes the counters ignore. `sessions` is counted apart: its counter `sessions:auth` moves when a
 * session is created, ended or changes what it grants (MFA verified, password re-entered), not when a request
 * touches `last_seen_at` — so `sessions` itself counts as unwatched and no response that reads it is ever cached.
 */
const UNCOUNTED = new Set(['change_counters', 'sessions', 'kysely_migration', 'kysely_migration_lock']);
export const SESSION_COUNTER = 'sessions:auth';
/** Moves with every counted write: while it stands still, nothing anything was read from has changed. */
export const ANY_COUNTER = '*';

const bump = (name: string) => `update change_counters set n = n + 1 where name in ('${name}', '${ANY_COUNTER}');`;

/**
 * change_counters: one row per table with the number of writes to it, and one (`*`) for all of them, kept by
 * triggers (SQLite). The read cache
 * (platform/read-cache.ts) keeps a response with the counters of the tables it read and serves it again only
 * while they are unchanged, whichever process or connection wrote. Every table that exists when this migration
 * runs is counted; a table created by a later migration has no row, so a response that reads it is never kept.
 * On PostgreSQL the table stays empty and the read cache is off (several instances; see docs/SCALING.md).
 */
export const m0009_change_counters: DialectMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('change_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    if (dialect !== 'sqlite') return;
    const tables = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
    ).rows
      .map((r) => r.name)
      .filter((t) => !UNCOUNTED.has(t));
    for (const t of [...tables, SESSION_COUNTER, ANY_COUNTER]) await sql`insert into change_counters (name, n) values (${t}, 0)`.execute(db);
    for (const t of tables) {
      for (const op of ['insert', 'update', 'delete']) {
        await sql.raw(`create trigger change_counter_${t}_${op} after ${op} on "${t}" begin ${bump(t)} end`).execute(db);
      }
    }
    const sessionColumns = (await sql<{ name: string }>`select name from pragma_table_info('sessions')`.execute(db)).rows
      .map((r) => r.name)
      .filter((c) => c !== 'last_seen_at');
    await sql.raw(`create trigger change_counter_sessions_insert after insert on sessions begin ${bump(SESSION_COUNTER)} end`).execute(db);
    await sql.raw(`create trigger change_counter_sessions_delete after delete on sessions begin ${bump(SESSION_COUNTER)} end`).execute(db);
    await sql
      .raw(`create trigger change_counter_sessions_update after update of ${sessionColumns.join(', ')} on sessions begin ${bump(SESSION_COUNTER)} end`)
      .execute(db);
  },
};
