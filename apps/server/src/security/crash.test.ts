import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, createDatabase } from '../db/database.ts';
import { insertOrgUnit } from '../modules/org-units/service.ts';
import { verifyAuditChain } from '../platform/audit/audit.ts';
import { bindKeyring } from '../platform/security/keyring.ts';
import { freshDatabase } from '../test/database.ts';

/**
 * Crash safety: a child process doing mixed writes (org units and people through the services, Excel imports
 * through the import engine) is SIGKILLed at random points 50 times; after each kill the database must be intact
 * (integrity_check, foreign keys), every committed business row must have its audit row, no import is half
 * written, and the audit chain must verify.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
// 50 kills is the full drill (TZ_CRASH_KILLS=50); child start-up costs ~4–6 s on the shared 2-core CI box, so the default run does 12.
const KILLS = Number(process.env.TZ_CRASH_KILLS ?? 50);
const KEY = randomBytes(32).toString('hex');

let db: Awaited<ReturnType<typeof freshDatabase>>;
let parentId = 0;

interface Writer {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<NodeJS.Signals | null>;
  stderr: () => string;
}

/** Starts a writer that loads and opens the database, then waits for "go" (startup is hidden behind the previous run). */
function startWriter(env: NodeJS.ProcessEnv): Writer {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-writer.ts')], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += String(d);
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d) => {
      if (String(d).includes('ready')) resolve();
    });
    child.on('exit', () => reject(new Error(`writer exited before ready: ${err.slice(0, 2000)}`)));
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_c, signal) => resolve(signal)));
  return { child, ready, exited, stderr: () => err };
}

async function runAndKill(w: Writer, delayMs: number): Promise<void> {
  await w.ready;
  w.child.stdin?.write('go\n');
  const timer = setTimeout(() => w.child.kill('SIGKILL'), delayMs);
  const signal = await w.exited;
  clearTimeout(timer);
  if (signal !== 'SIGKILL') throw new Error(`writer exited on its own: ${w.stderr().slice(0, 2000)}`);
}

describe.skipIf(process.env.TZ_TEST_DIALECT === 'pg')('crash safety (SQLite, SIGKILL)', () => {
  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    const config = loadConfig({}, { ...db.config, CRYPTO_PROFILE: 'sm', TAIZHANG_KEY: KEY, LOG_LEVEL: 'silent' });
    bindKeyring(config);
    const { createContext } = await import('../platform/context.ts');
    const { systemClock } = await import('../platform/clock.ts');
    const ctx = createContext(config, db.handle, systemClock);
    parentId = (await insertOrgUnit(ctx, db.handle.db, { code: 'CRASHROOT', name: '崩溃测试学校', kind: 'school', parentId: null })).id;
    await db.handle.close();
  });
  afterAll(async () => {
    bindKeyring(null);
    await db.dispose().catch(() => {});
  });

  it(
    `${KILLS} random SIGKILLs during mixed writes leave a consistent, fully audited database`,
    async () => {
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        TAIZHANG_DATA_DIR: db.config.TAIZHANG_DATA_DIR,
        CRYPTO_PROFILE: 'sm',
        TAIZHANG_KEY: KEY,
        TZ_CRASH_PARENT: String(parentId),
        LOG_LEVEL: 'silent',
      };
      delete env.DATABASE_URL;
      let previousOrgs = 0;
      let imports = 0;
      const queue: Writer[] = [startWriter(env), startWriter(env)];
      for (let k = 0; k < KILLS; k++) {
        const w = queue.shift() as Writer;
        if (k + queue.length + 1 < KILLS) queue.push(startWriter(env));
        await runAndKill(w, 50 + Math.floor(Math.random() * 750));
        const h: DatabaseHandle = createDatabase({ TAIZHANG_DATA_DIR: db.config.TAIZHANG_DATA_DIR, DATABASE_URL: undefined });
        try {
          const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(h.db);
          expect(integrity.rows.map((r) => r.integrity_check)).toEqual(['ok']);
          expect((await sql`pragma foreign_key_check`.execute(h.db)).rows).toEqual([]);
          const orgs = await h.db.selectFrom('org_units').select('id').where('code', 'like', 'CR%').where('code', '!=', 'CRASHROOT').execute();
          const people = await h.db.selectFrom('people').select('id').where('code', 'like', 'CP%').execute();
          const audited = async (type: string) =>
            new Set(
              (
                await h.db.selectFrom('audit_events').select('entity_id').where('entity_type', '=', type).where('actor_name', '=', 'crash-writer').execute()
              ).map((r) => r.entity_id),
            );
          const orgAudit = await audited('org_unit');
          const personAudit = await audited('person');
          expect(orgs.filter((o) => !orgAudit.has(String(o.id)))).toEqual([]);
          expect(people.filter((p) => !personAudit.has(String(p.id)))).toEqual([]);
          // No half transaction: three people per committed org unit, and no audit row without its record.
          expect(people.length).toBe(orgs.length * 3);
          expect(orgAudit.size).toBe(orgs.length);
          // Imports: every batch of 10 is all there or not there, and each complete one has its audit event.
          const imported = await h.db.selectFrom('people').select('code').where('code', 'like', 'CI%').execute();
          const batches = new Map<string, number>();
          for (const p of imported) {
            const prefix = p.code.slice(0, p.code.lastIndexOf('_') + 1);
            batches.set(prefix, (batches.get(prefix) ?? 0) + 1);
          }
          expect([...batches.values()].filter((n) => n !== 10)).toEqual([]);
          const importEvents = await h.db
            .selectFrom('audit_events')
            .select('id')
            .where('action', '=', 'import.people')
            .where('result', '=', 'ok')
            .where('actor_name', '=', 'crash-writer')
            .execute();
          expect(importEvents.length).toBe(batches.size);
          imports = batches.size;
          expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true });
          expect(orgs.length).toBeGreaterThanOrEqual(previousOrgs);
          previousOrgs = orgs.length;
        } finally {
          await h.close();
        }
      }
      // The kills landed mid-work: rows were committed between them.
      expect(previousOrgs).toBeGreaterThan(0);
      expect(imports).toBeGreaterThan(0);
    },
    30_000 + KILLS * 8_000,
  );
});
