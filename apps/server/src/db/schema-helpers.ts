import { type CreateTableBuilder, type Kysely, sql } from 'kysely';
import type { Dialect } from './database.ts';

/** Adds an auto-increment integer primary key `id` that works on both dialects. */
export function withId<T extends string>(tb: CreateTableBuilder<T, never>, dialect: Dialect): CreateTableBuilder<T, 'id'> {
  return dialect === 'pg' ? tb.addColumn('id', 'serial', (c) => c.primaryKey()) : tb.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was, not the current types
export type MigrationDb = Kysely<any>;

export interface DialectMigration {
  up(db: MigrationDb, dialect: Dialect): Promise<void>;
}

export async function createIndex(db: MigrationDb, name: string, table: string, columns: string[], unique = false): Promise<void> {
  let b = db.schema.createIndex(name).on(table).columns(columns);
  if (unique) b = b.unique();
  await b.execute();
}

export const nowText = sql`CURRENT_TIMESTAMP`;
