import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from './test/database.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/taizhang.mjs');
let db: Awaited<ReturnType<typeof freshDatabase>>;
let env: NodeJS.ProcessEnv;

function cli(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { env, input, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

beforeAll(async () => {
  db = await freshDatabase();
  env = { ...process.env, TAIZHANG_DATA_DIR: db.config.TAIZHANG_DATA_DIR, LOG_LEVEL: 'silent' };
  if (db.config.DATABASE_URL) env.DATABASE_URL = db.config.DATABASE_URL;
  else delete env.DATABASE_URL;
  await db.handle.close();
});
afterAll(async () => {
  if (env.DATABASE_URL) {
    const { createDatabase } = await import('./db/database.ts');
    db.handle = createDatabase(db.config);
  }
  await db.dispose().catch(() => {});
});

describe('taizhang CLI', () => {
  it('migrates, creates users (random one-time or operator password), resets passwords, verifies the audit chain and spots tampering', async () => {
    expect(cli(['migrate']).out).toMatch(/up to date|applied/);
    const a = cli(['user', 'create', '--username', 'ops1', '--role', 'system_admin']);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/one-time password .*: \S{12,}/);
    const b = cli(['user', 'create', '--username', 'ops2', '--role', 'audit_admin', '--password-stdin'], 'Operator-Chosen-77\n');
    expect(b.code).toBe(0);
    expect(b.out).not.toMatch(/one-time/);
    expect(cli(['user', 'create', '--username', 'x', '--role', 'wizard']).code).toBe(64);
    expect(cli(['user', 'create', '--username', 'ops3', '--role', 'org_admin', '--org', 'NOPE']).code).toBe(64);
    const reset = cli(['user', 'reset-password', '--username', 'ops2']);
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/one-time password/);
    const ok = cli(['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit chain ok: 3 events/);

    const { createDatabase } = await import('./db/database.ts');
    const h = createDatabase(db.config);
    const second = await h.db.selectFrom('audit_events').select('id').orderBy('id').offset(1).limit(1).executeTakeFirstOrThrow();
    await h.db.updateTable('audit_events').set({ after_json: '{"role":"system_admin"}' }).where('id', '=', second.id).execute();
    await h.close();
    const bad = cli(['audit', 'verify']);
    expect(bad.code).not.toBe(0);
    expect(bad.out).toContain(`id ${second.id}`);
  }, 180_000); // a dozen CLI processes, each starting Node and migrating

  it('stops with one clear line per bad setting', () => {
    const r = spawnSync(process.execPath, [bin, 'migrate'], { env: { ...env, DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: 'soon' }, encoding: 'utf8' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/config DATABASE_URL: .*postgres/);
    expect(r.stderr).toMatch(/config SESSION_IDLE_MINUTES/);
  });
});
