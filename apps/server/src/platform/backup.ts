import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/types.ts';
import { verifyAuditChain } from './audit/audit.ts';
import { decryptBlob, encryptBlob, isEncryptedBlob, masterKey } from './keys.ts';

/**
 * Backups: SQLite through `VACUUM INTO` (a consistent snapshot, never a copy of the live file);
 * PostgreSQL through pg_dump when it is installed. Optionally encrypted with the configured key.
 */
export async function backup(config: Config, out: string, opts: { encrypt?: boolean } = {}): Promise<{ bytes: number; encrypted: boolean }> {
  let data: Buffer;
  if (config.DATABASE_URL) {
    const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', config.DATABASE_URL], { maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`pg_dump failed or is not installed: ${r.stderr?.toString() ?? r.error?.message}`);
    data = r.stdout;
  } else {
    const file = path.join(config.TAIZHANG_DATA_DIR, 'taizhang.db');
    if (!existsSync(file)) throw new Error(`no database at ${file}`);
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'tz-backup-'));
    const snap = path.join(tmp, 'snapshot.db');
    try {
      const db = new SQLite(file, { fileMustExist: true });
      db.pragma('busy_timeout = 10000');
      db.prepare('VACUUM INTO ?').run(snap);
      db.close();
      data = readFileSync(snap);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const key = masterKey(config);
  const encrypt = opts.encrypt ?? key !== null;
  if (encrypt && !key) throw new Error('--encrypt needs TAIZHANG_KEY or TAIZHANG_KEY_FILE');
  const payload = encrypt && key ? encryptBlob(key, data) : data;
  writeFileSync(out, payload, { mode: 0o600 });
  return { bytes: payload.length, encrypted: encrypt };
}

function plain(config: Config, file: string): Buffer {
  const raw = readFileSync(file);
  if (!isEncryptedBlob(raw)) return raw;
  const key = masterKey(config);
  if (!key) throw new Error('the backup is encrypted: set TAIZHANG_KEY or TAIZHANG_KEY_FILE');
  return decryptBlob(key, raw);
}

/** Restores a backup into an EMPTY data directory (SQLite) or an empty PostgreSQL database. */
export function restore(config: Config, file: string): void {
  const data = plain(config, file);
  if (config.DATABASE_URL) {
    const r = spawnSync('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', config.DATABASE_URL], { input: data, maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`pg_restore failed: ${r.stderr?.toString()}`);
    return;
  }
  const target = path.join(config.TAIZHANG_DATA_DIR, 'taizhang.db');
  if (existsSync(target) && statSync(target).size > 0) throw new Error(`${target} exists: restore only into an empty data directory`);
  if (data.subarray(0, 16).toString('latin1') !== 'SQLite format 3\u0000') throw new Error('not a SQLite backup');
  mkdirSync(config.TAIZHANG_DATA_DIR, { recursive: true });
  writeFileSync(target, data, { mode: 0o600 });
}

export interface VerifyRecord {
  file: string;
  checkedAt: string;
  integrity: string;
  foreignKeyProblems: number;
  tables: Record<string, number>;
  audit: { ok: boolean; checked: number; brokenId?: number };
  ok: boolean;
}

/** Restores to a scratch location and checks integrity, foreign keys, row counts and the audit chain. */
export async function verifyBackup(config: Config, file: string): Promise<VerifyRecord> {
  if (config.DATABASE_URL)
    throw new Error(
      'backup verify restores SQLite backups; for PostgreSQL restore into a scratch database with pg_restore and run `taizhang audit verify` there',
    );
  const data = plain(config, file);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-verify-'));
  const scratch = path.join(dir, 'taizhang.db');
  writeFileSync(scratch, data);
  const sqlite = new SQLite(scratch, { readonly: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const integrity = (sqlite.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    const fk = sqlite.pragma('foreign_key_check') as unknown[];
    const names = (
      await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`.execute(db)
    ).rows.map((r) => r.name);
    const tables: Record<string, number> = {};
    for (const n of names) tables[n] = Number((sqlite.prepare(`select count(*) as n from "${n.replace(/"/g, '')}"`).get() as { n: number }).n);
    const audit = await verifyAuditChain(db);
    return {
      file,
      checkedAt: new Date().toISOString(),
      integrity,
      foreignKeyProblems: fk.length,
      tables,
      audit,
      ok: integrity === 'ok' && fk.length === 0 && audit.ok,
    };
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
