import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { type DatabaseHandle, createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';

export type TestDialect = 'sqlite' | 'pg';

export function testDialect(): TestDialect {
  return process.env.TZ_TEST_DIALECT === 'pg' ? 'pg' : 'sqlite';
}

/** A fresh, migrated database: a temp SQLite file, or a new database in the test PostgreSQL cluster. */
export async function freshDatabase(
  dialect: TestDialect = testDialect(),
): Promise<{ handle: DatabaseHandle; config: Pick<Config, 'DATABASE_URL' | 'TAIZHANG_DATA_DIR'>; dispose(): Promise<void> }> {
  if (dialect === 'pg') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set: the pg test project needs a PostgreSQL server (scripts/test.mjs starts one)');
    const name = `tz_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const config = { DATABASE_URL: url.toString(), TAIZHANG_DATA_DIR: os.tmpdir() };
    const handle = createDatabase(config, { poolSize: 5 });
    await migrateToLatest(handle);
    return {
      handle,
      config,
      async dispose() {
        await handle.close();
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-test-'));
  const config = { DATABASE_URL: undefined, TAIZHANG_DATA_DIR: dir };
  const handle = createDatabase(config);
  await migrateToLatest(handle);
  return {
    handle,
    config,
    async dispose() {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
