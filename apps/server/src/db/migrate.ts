import { type Migration, Migrator } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import { allMigrations } from './migrations/index.ts';

/**
 * Applies pending migrations. Each runs in its own transaction (DDL is transactional on both
 * SQLite and PostgreSQL), so a failing migration leaves the database as it was before it.
 */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  const migrations: Record<string, Migration> = {};
  for (const [name, m] of Object.entries(allMigrations())) {
    migrations[name] = { up: (db) => m.up(db, handle.dialect) };
  }
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
