import type SQLite from 'better-sqlite3';
import { type DatabaseHandle, statementTap } from '../db/database.ts';
import { ANY_COUNTER, SESSION_COUNTER } from '../db/migrations/0009_change_counters.ts';
import type { AppContext } from './context.ts';

/** Counter names (sorted) and the values they had when something was read, and the all-writes counter since. */
export interface Snapshot {
  readonly names: readonly string[];
  readonly values: readonly number[];
  /** The `*` counter when the values were last found unchanged: while it stands still, nothing needs comparing. */
  any: number;
}

const WORD = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The per-table write counters (migration 0009_change_counters) read straight from the SQLite connection: one
 * prepared statement per counter, no Kysely. The connection is the one Kysely uses, so a counter bumped by a
 * transaction still open reads as changed: a kept value is only ever compared for equality, and a change that rolls
 * back only costs one recomputation.
 */
export class ChangeCounters {
  private readonly byCount = new Map<number, SQLite.Statement<string[], number>>();
  private readonly sqlite: SQLite.Database;
  private readonly anyStmt: SQLite.Statement<[], number>;
  private readonly all: SQLite.Statement<[], { name: string; n: number }>;
  /** Every table of the database, and the counted ones among them. */
  private readonly tables: Set<string>;
  private readonly counted: Set<string>;
  /** The counted tables a statement names, or null when it names a table without a counter; by SQL text. */
  private readonly bySql = new Map<string, readonly string[] | null>();

  constructor(sqlite: SQLite.Database) {
    this.sqlite = sqlite;
    this.anyStmt = sqlite.prepare<[], number>(`select n from change_counters where name = '${ANY_COUNTER}'`).pluck();
    this.all = sqlite.prepare<[], { name: string; n: number }>('select name, n from change_counters');
    this.tables = new Set(sqlite.prepare<[], string>("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'").pluck().all());
    this.counted = new Set(this.all.all().map((r) => r.name));
  }

  /** The current values of sorted counter names, in one statement (a name without a counter has no value). */
  private read(names: readonly string[]): number[] {
    let stmt = this.byCount.get(names.length);
    if (!stmt) {
      stmt = this.sqlite.prepare<string[], number>(`select n from change_counters where name in (${names.map(() => '?').join(', ')}) order by name`).pluck();
      this.byCount.set(names.length, stmt);
    }
    return stmt.all(...names);
  }

  private any(): number {
    return this.anyStmt.get() ?? -1;
  }

  take(names: readonly string[]): Snapshot {
    const any = this.any();
    const sorted = [...names].sort();
    return { names: sorted, values: this.read(sorted), any };
  }

  /** Every counter now: what a computation that has not yet said what it reads is compared against later. */
  takeAll(): Map<string, number> {
    return new Map(this.all.all().map((r) => [r.name, r.n]));
  }

  /** One single-row read while nothing was written since the last check; the kept counters compared otherwise. */
  unchanged(kept: Snapshot): boolean {
    const any = this.any();
    if (any === kept.any) return true;
    if (kept.names.length > 0) {
      const now = this.read(kept.names);
      if (now.length !== kept.values.length) return false;
      for (let i = 0; i < now.length; i++) if (now[i] !== kept.values[i]) return false;
    }
    kept.any = any;
    return true;
  }

  /**
   * The counted tables one SQL text reads, or null when it names a table without a counter. Every word of the
   * text that is a table's name counts (quoted or not, in raw fragments too), so a table can only be missed by a
   * statement that does not name it; a column that shares a table's name adds a dependency, never loses one.
   */
  tablesOf(sql: string): readonly string[] | null {
    let found = this.bySql.get(sql);
    if (found !== undefined) return found;
    const words = new Set(sql.match(WORD) ?? []);
    const out: string[] = [];
    found = out;
    for (const w of words) {
      if (!this.tables.has(w)) continue;
      if (!this.counted.has(w)) {
        found = null;
        break;
      }
      out.push(w);
    }
    if (this.bySql.size >= 2000) this.bySql.clear();
    this.bySql.set(sql, found);
    return found;
  }
}

/** What an actor (a signed-in session) is derived from: the session, the user, their grants, the security policy. */
export const ACTOR_COUNTERS = [SESSION_COUNTER, 'users', 'grants', 'settings'] as const;

interface Entry {
  /** UTF-8 bytes, so that serving it again encodes nothing. */
  body: Buffer;
  kept: Snapshot;
}

/**
 * Responses of GET routes that opt in (`cache: true` on the route spec), per process, each kept with the write
 * counters of the tables its statements named and served again while they are unchanged. A computation that reads
 * a table without a counter, or makes an audited read, is not kept. Bounded by bytes, least recently used first.
 */
export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    readonly counters: ChangeCounters,
    private readonly maxBytes: number,
  ) {}

  get(key: string): Buffer | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (!this.counters.unchanged(e.kept)) {
      this.drop(key, e);
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.body;
  }

  /**
   * Runs `compute` noting the SQL it runs; returns its result and, when it may be kept, what to keep it with (the
   * counters as they were before it read anything).
   */
  async capture<T>(compute: () => Promise<T>): Promise<{ result: T; kept: Snapshot | null }> {
    const before = this.counters.takeAll();
    const read = new Set<string>();
    let keepable = true;
    const result = await statementTap.run((sql) => {
      if (!keepable) return;
      const tables = this.counters.tablesOf(sql);
      if (tables === null) keepable = false;
      else for (const t of tables) read.add(t);
    }, compute);
    if (!keepable) return { result, kept: null };
    const names = [...read].sort();
    return { result, kept: { names, values: names.map((t) => before.get(t) ?? -1), any: before.get(ANY_COUNTER) ?? -1 } };
  }

  set(key: string, body: Buffer, kept: Snapshot): void {
    const size = body.length;
    if (size > this.maxBytes / 8) return;
    const old = this.entries.get(key);
    if (old) this.drop(key, old);
    this.entries.set(key, { body, kept });
    this.bytes += size;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(k, e);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(key: string, e: Entry): void {
    this.entries.delete(key);
    this.bytes -= e.body.length;
  }
}

const caches = new WeakMap<DatabaseHandle, { counters: ChangeCounters; responses: ResponseCache } | null>();

/**
 * The read cache of a context: on SQLite with READ_CACHE on (the default) and the counters migrated; otherwise
 * null and every request reads the database. Off on PostgreSQL: its counters would be rows every writing
 * transaction locks until it commits — in any order, so two could deadlock — and several instances would each need
 * told. There the instances themselves carry the load (docs/SCALING.md).
 */
export function readCacheOf(ctx: AppContext): { counters: ChangeCounters; responses: ResponseCache } | null {
  let c = caches.get(ctx.handle);
  if (c !== undefined) return c;
  c = null;
  const sqlite = ctx.handle.sqlite;
  if (ctx.config.READ_CACHE && sqlite) {
    const migrated = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = 'change_counters'").get();
    if (migrated) {
      const counters = new ChangeCounters(sqlite);
      c = { counters, responses: new ResponseCache(counters, ctx.config.READ_CACHE_MB * 1024 * 1024) };
    }
  }
  caches.set(ctx.handle, c);
  return c;
}
