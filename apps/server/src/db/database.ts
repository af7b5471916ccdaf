import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase, type SqliteStatement, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Database } from './types.ts';

export type Dialect = 'sqlite' | 'pg';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Anything queries can run on: the database or an open transaction. */
export type Executor = Kysely<Database>;

// int8 (count(*), sums) and numeric come back as strings from pg; our figures fit in doubles.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

export interface DatabaseHandle {
  db: Db;
  dialect: Dialect;
  /** SQLite file path, when SQLite. */
  file?: string;
  /** The SQLite connection itself, when SQLite: synchronous reads that need no Kysely (platform/read-cache.ts). */
  sqlite?: SQLite.Database;
  url?: string;
  close(): Promise<void>;
}

export function openSqlite(file: string): SQLite.Database {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('secure_delete = ON');
  return sqlite;
}

/**
 * Sees the SQL text of every statement run on a SQLite handle inside `statementTap.run(observer, …)`: the read
 * cache learns from it which tables a response was read from. Outside such a call it costs one lookup.
 */
export const statementTap = new AsyncLocalStorage<(sql: string) => void>();

/** How many prepared statements one SQLite handle keeps (least recently used dropped first). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The SQLite handle as Kysely sees it, with prepared statements kept by SQL text: Kysely's driver prepares every
 * statement it runs, and for short queries preparing costs as much as running. A cached statement is only ever run
 * to completion (`all`, `run`); streamed reads (`iterate`) get a statement of their own, so a stream left open can
 * never make a cached statement busy. SQLite re-prepares a cached statement itself when the schema changes.
 */
export function withStatementCache(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare(sql: string): SqliteStatement {
      statementTap.getStore()?.(sql);
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, stmt);
      const s = stmt;
      return {
        reader: s.reader,
        all: (parameters) => s.all(...parameters),
        run: (parameters) => s.run(...parameters),
        iterate: (parameters) => sqlite.prepare(sql).iterate(...parameters),
      };
    },
  };
}

export function createDatabase(config: Pick<Config, 'DATABASE_URL' | 'TAIZHANG_DATA_DIR'>, opts: { poolSize?: number } = {}): DatabaseHandle {
  if (config.DATABASE_URL) {
    const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: opts.poolSize ?? 10 });
    // An idle client whose server connection ends (PostgreSQL restarted, connection terminated) makes the pool
    // emit 'error'; unhandled, that would crash the process. The pool drops the client and opens a new one on demand.
    pool.on('error', (err) => {
      process.emitWarning(`PostgreSQL idle connection lost: ${err.message}`, { code: 'TZ_PG_IDLE' });
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'pg', url: config.DATABASE_URL, close: () => db.destroy() };
  }
  const file = path.join(config.TAIZHANG_DATA_DIR, 'taizhang.db');
  const sqlite = openSqlite(file);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', file, sqlite, close: () => db.destroy() };
}
