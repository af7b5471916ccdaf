// Shared helpers of the SQL benchmark and the plan generator: open the demo district on SQLite or PostgreSQL,
// capture the statements a service function runs, replay them raw through the driver.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openSqlite, withStatementCache } from '../apps/server/src/db/database.ts';
import type { Database } from '../apps/server/src/db/types.ts';
import { cli } from './lib.ts';

export interface Captured {
  sql: string;
  parameters: readonly unknown[];
}

export interface BenchDb {
  dialect: 'sqlite' | 'pg';
  db: Kysely<Database>;
  /** Runs fn on a Kysely that records every statement it executes. */
  capture<T>(fn: (db: Kysely<Database>) => Promise<T>): Promise<{ result: T; queries: Captured[] }>;
  /** Executes one captured statement through the bare driver (no Kysely), returning the row count. */
  raw(q: Captured): Promise<number>;
  /** The query plan text of a statement (EXPLAIN QUERY PLAN / EXPLAIN). */
  plan(q: Captured): Promise<string>;
  close(): Promise<void>;
}

function sqliteParams(ps: readonly unknown[]): unknown[] {
  return ps.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

export function sqliteBench(file: string): BenchDb {
  const conn: SQLite.Database = openSqlite(file);
  // The service side runs as the server does: statements prepared once per SQL text (db/database.ts).
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(conn) }) });
  const prepared = new Map<string, SQLite.Statement>();
  let sink: Captured[] | null = null;
  const logging = new Kysely<Database>({
    dialect: new SqliteDialect({ database: conn }),
    log: (e: LogEvent) => {
      if (sink && e.level === 'query') sink.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  return {
    dialect: 'sqlite',
    db,
    async capture(fn) {
      sink = [];
      const result = await fn(logging);
      const queries = sink;
      sink = null;
      return { result, queries };
    },
    async raw(q) {
      // Prepared once per SQL text, as the server's driver does.
      let s = prepared.get(q.sql);
      if (!s) {
        s = conn.prepare(q.sql);
        prepared.set(q.sql, s);
      }
      if (!s.reader) {
        s.run(...sqliteParams(q.parameters));
        return 0;
      }
      return s.all(...sqliteParams(q.parameters)).length;
    },
    async plan(q) {
      const rows = conn.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...sqliteParams(q.parameters)) as { id: number; parent: number; detail: string }[];
      const depth = new Map<number, number>([[0, -1]]);
      return rows
        .map((r) => {
          const d = (depth.get(r.parent) ?? -1) + 1;
          depth.set(r.id, d);
          return `${'  '.repeat(d)}${r.detail}`;
        })
        .join('\n');
    },
    async close() {
      await db.destroy();
      // logging shares the connection, already closed
    },
  };
}

export function pgBench(url: string): BenchDb {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let sink: Captured[] | null = null;
  const logPool = new pg.Pool({ connectionString: url, max: 2 });
  const logging = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: logPool }),
    log: (e: LogEvent) => {
      if (sink && e.level === 'query') sink.push({ sql: e.query.sql, parameters: e.query.parameters });
    },
  });
  return {
    dialect: 'pg',
    db,
    async capture(fn) {
      sink = [];
      const result = await fn(logging);
      const queries = sink;
      sink = null;
      return { result, queries };
    },
    async raw(q) {
      const r = await pool.query(q.sql, q.parameters as unknown[]);
      return r.rowCount ?? 0;
    },
    async plan(q) {
      const r = await pool.query(`EXPLAIN ${q.sql}`, q.parameters as unknown[]);
      return r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
    },
    async close() {
      await db.destroy();
      await logging.destroy();
    },
  };
}

/** A demo district in a fresh temp SQLite file (loaded through the real CLI). */
export function demoSqlite(): { file: string; dispose(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-sqlbench-'));
  cli({ TAIZHANG_DATA_DIR: dir, DATABASE_URL: '' }, ['demo']);
  return { file: path.join(dir, 'taizhang.db'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A demo district in a new database of the PostgreSQL server at adminUrl. */
export async function demoPg(adminUrl: string): Promise<{ url: string; dispose(): Promise<void> }> {
  const name = `tz_bench_${process.pid}_${Date.now() % 100000}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  cli({ DATABASE_URL: url, TAIZHANG_DATA_DIR: os.tmpdir() }, ['demo']);
  return {
    url,
    async dispose() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** scripts/pg-cluster.mjs startCluster (untyped .mjs): a throwaway PostgreSQL, or null without binaries. */
export async function startPgCluster(port: number): Promise<{ url: string; stop(): void } | null> {
  const specifier: string = '../scripts/pg-cluster.mjs';
  const mod = (await import(specifier)) as { startCluster(port?: number): { url: string; stop(): void } | null };
  return mod.startCluster(port);
}

/**
 * Runs `fn` on a fresh demo district in PostgreSQL — the server at BENCH_DATABASE_URL, else a throwaway cluster on
 * `port` — unless BENCH_SKIP_PG=1 or no PostgreSQL binaries are found; drops the database and the cluster after.
 */
export async function onDemoPg(port: number, fn: (url: string) => Promise<void>): Promise<void> {
  if (process.env.BENCH_SKIP_PG === '1') return;
  const cluster = process.env.BENCH_DATABASE_URL ? null : await startPgCluster(port);
  const admin = process.env.BENCH_DATABASE_URL ?? cluster?.url;
  if (!admin) {
    process.stdout.write('PostgreSQL binaries not found: PostgreSQL part skipped\n');
    return;
  }
  try {
    const d = await demoPg(admin);
    try {
      await fn(d.url);
    } finally {
      await d.dispose();
    }
  } finally {
    cluster?.stop();
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * A new, empty database for a PostgreSQL benchmark: in the server at BENCH_DATABASE_URL (an admin URL), else in a
 * throwaway cluster on `port`. `dispose` drops it and stops the cluster, unless BENCH_KEEP_DB=1 (it says where).
 */
export async function scratchPgDatabase(prefix: string, port: number): Promise<{ url: string; throwaway: boolean; dispose(): Promise<void> }> {
  let cluster: { url: string; stop(): void } | null = null;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    cluster = await startPgCluster(port);
    if (!cluster) throw new Error('no PostgreSQL binaries: set BENCH_DATABASE_URL');
    adminUrl = cluster.url;
  }
  const name = `${prefix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    url,
    throwaway: cluster !== null,
    async dispose() {
      if (process.env.BENCH_KEEP_DB === '1') {
        process.stdout.write(`kept database ${url}\n`);
        return;
      }
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      cluster?.stop();
    },
  };
}
