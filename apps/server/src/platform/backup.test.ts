import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testDialect } from '../test/database.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/taizhang.mjs');

function cli(env: NodeJS.ProcessEnv, args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe.skipIf(testDialect() !== 'sqlite')('backup drill (SQLite)', () => {
  it('backs up under write load, restores into an empty directory and verifies counts and the audit chain; encrypted backups need the key', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-drill-'));
    const src = path.join(dir, 'src');
    const dst = path.join(dir, 'dst');
    const key = 'a'.repeat(64);
    try {
      expect(cli({ TAIZHANG_DATA_DIR: src }, ['demo']).code).toBe(0);
      // Writes keep going while the backup runs.
      const writer = (await import('node:child_process')).spawn(process.execPath, [bin, 'user', 'create', '--username', 'during', '--role', 'inspector'], {
        env: { ...process.env, TAIZHANG_DATA_DIR: src, LOG_LEVEL: 'silent', DATABASE_URL: '' },
      });
      const b = cli({ TAIZHANG_DATA_DIR: src, TAIZHANG_KEY: key }, ['backup', '--out', path.join(dir, 'b.tzb')]);
      expect(b.code, b.out).toBe(0);
      expect(b.out).toContain('encrypted');
      await new Promise((r) => writer.on('exit', r));
      expect(readFileSync(path.join(dir, 'b.tzb')).subarray(0, 6).toString()).toBe('TZENC1');
      expect(cli({ TAIZHANG_DATA_DIR: dst }, ['restore', path.join(dir, 'b.tzb')]).code).not.toBe(0);
      const v = cli({ TAIZHANG_DATA_DIR: dst, TAIZHANG_KEY: key }, ['backup', 'verify', path.join(dir, 'b.tzb')]);
      expect(v.code, v.out).toBe(0);
      expect(v.out).toContain('"integrity": "ok"');
      const r = cli({ TAIZHANG_DATA_DIR: dst, TAIZHANG_KEY: key }, ['restore', path.join(dir, 'b.tzb')]);
      expect(r.code, r.out).toBe(0);
      expect(r.out).toMatch(/audit chain ok/);
      const again = cli({ TAIZHANG_DATA_DIR: dst, TAIZHANG_KEY: key }, ['restore', path.join(dir, 'b.tzb')]);
      expect(again.code).not.toBe(0);
      expect(again.out).toContain('empty data directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000); // CLI processes for backup, restore and verify, under a writer
});
