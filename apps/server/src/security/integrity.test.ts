import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { archiveAudit, ArchiveRefused, verifyArchive } from '../platform/audit/archive.ts';
import { verifyAuditChain } from '../platform/audit/audit.ts';
import { findTamperedGrants, resetReportedViolations } from '../platform/security/integrity.ts';
import { bindKeyring } from '../platform/security/keyring.ts';
import { type TestApp, createTestApp } from '../test/harness.ts';

let t: TestApp | null = null;
let dir: string | null = null;
afterEach(async () => {
  bindKeyring(null);
  resetReportedViolations();
  await t?.close();
  t = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

async function app(config: Record<string, string | undefined>) {
  t = await createTestApp({ config: config as Record<string, string> });
  bindKeyring(t.ctx.config);
  return t;
}

const KEY = randomBytes(32).toString('hex');

describe('grant integrity tags', () => {
  for (const config of [{ CRYPTO_PROFILE: 'sm', TAIZHANG_KEY: KEY }, { CRYPTO_PROFILE: 'standard', TAIZHANG_KEY: KEY }, { CRYPTO_PROFILE: 'standard' }]) {
    it(`a direct SQL edit of a grant is detected, the grant stops working and the violation is audited (${JSON.stringify(Object.keys(config))} ${config.CRYPTO_PROFILE})`, async () => {
      const a = await app(config);
      const { schoolA, schoolB } = await a.f.district();
      const admin = await a.as('org_admin', schoolA.id);
      expect((await admin.get(`/api/v1/people?orgId=${schoolA.id}`)).statusCode).toBe(200);
      expect((await admin.get(`/api/v1/people?orgId=${schoolB.id}`)).statusCode).toBe(404);
      const tags = await a.ctx.db.selectFrom('grants').select(['id', 'integrity_tag']).execute();
      for (const g of tags) expect(g.integrity_tag).toMatch(config.TAIZHANG_KEY ? /^hmac-(sm3|sha256)\.[0-9a-f]{8}:/ : /^sha256:/);
      expect(await findTamperedGrants(a.ctx.db)).toEqual([]);

      // Escalate behind the application's back: org_admin of one school → committee_admin of the whole tree.
      const grant = await a.ctx.db.selectFrom('grants').selectAll().where('role', '=', 'org_admin').executeTakeFirstOrThrow();
      await a.ctx.db.updateTable('grants').set({ role: 'committee_admin', org_id: null }).where('id', '=', grant.id).execute();
      const res = await admin.get(`/api/v1/people?orgId=${schoolB.id}`);
      expect(res.statusCode).toBe(403);
      expect((await admin.get(`/api/v1/people?orgId=${schoolA.id}`)).statusCode).toBe(403);
      const tampered = await findTamperedGrants(a.ctx.db);
      expect(tampered).toEqual([expect.objectContaining({ table: 'grants', id: grant.id, role: 'committee_admin', reason: 'integrity tag does not match' })]);
      const events = await a.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'security.integrity_violation').execute();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ entity_type: 'grants', entity_id: String(grant.id), result: 'denied' });
      expect((await verifyAuditChain(a.ctx.db)).ok).toBe(true);

      // A forged row inserted with no tag (or a copied tag) is ignored too.
      const other = await a.f.user({ role: 'member', orgId: schoolB.id });
      await a.ctx.db
        .insertInto('grants')
        .values({ user_id: other.id, role: 'security_admin', org_id: null, source: 'manual', created_at: grant.created_at, integrity_tag: grant.integrity_tag })
        .execute();
      const c = await a.login(other.username, other.password);
      const me = (await c.get('/api/v1/auth/session')).json();
      expect(JSON.stringify(me)).not.toContain('security_admin');
      expect((await findTamperedGrants(a.ctx.db)).length).toBe(2);

      // Putting the row back restores it.
      await a.ctx.db.updateTable('grants').set({ role: grant.role, org_id: grant.org_id }).where('id', '=', grant.id).execute();
      expect((await admin.get(`/api/v1/people?orgId=${schoolA.id}`)).statusCode).toBe(200);
    });
  }

  it('with a key configured, a plain digest tag (computable without the key) is refused', async () => {
    const a = await app({ CRYPTO_PROFILE: 'standard' });
    const { schoolA } = await a.f.district();
    const admin = await a.as('org_admin', schoolA.id);
    bindKeyring({ ...a.ctx.config, TAIZHANG_KEY: KEY });
    expect((await admin.get(`/api/v1/people?orgId=${schoolA.id}`)).statusCode).toBe(403);
    expect((await findTamperedGrants(a.ctx.db)).length).toBeGreaterThan(0);
  });
});

describe('audit retention: archive', () => {
  for (const config of [{ CRYPTO_PROFILE: 'sm', TAIZHANG_KEY: KEY }, { CRYPTO_PROFILE: 'standard' }]) {
    it(`archives rows older than the retention into a signed file; the chain still verifies; tampering with the file is detected (${config.CRYPTO_PROFILE}${config.TAIZHANG_KEY ? ' + key' : ''})`, async () => {
      const a = await app(config);
      dir = mkdtempSync(path.join(os.tmpdir(), 'tz-archive-'));
      a.clock.set(new Date('2023-01-10T00:00:00Z'));
      const { schoolA } = await a.f.district();
      const u = await a.f.user({ role: 'org_admin', orgId: schoolA.id });
      let c = await a.login(u.username, u.password);
      for (let i = 0; i < 3; i++)
        expect((await c.post('/api/v1/org-units', { code: `OLD${i}`, name: `旧支部${i}`, kind: 'branch', parentId: schoolA.id })).statusCode).toBe(201);
      a.clock.set(new Date('2024-03-01T00:00:00Z'));
      c = await a.login(u.username, u.password);
      for (let i = 0; i < 2; i++)
        expect((await c.post('/api/v1/org-units', { code: `NEW${i}`, name: `新支部${i}`, kind: 'branch', parentId: schoolA.id })).statusCode).toBe(201);
      const total = (await a.ctx.db.selectFrom('audit_events').select('id').execute()).length;
      const old = (await a.ctx.db.selectFrom('audit_events').select('id').where('at', '<', '2023-06-01T00:00:00.000Z').execute()).length;
      expect(old).toBeGreaterThanOrEqual(3);

      // Younger than 180 days: refused.
      await expect(archiveAudit(a.ctx, { before: new Date('2024-02-01T00:00:00Z'), out: path.join(dir, 'x.jsonl') })).rejects.toBeInstanceOf(ArchiveRefused);

      const out = path.join(dir, 'audit-2023.jsonl');
      const r = await archiveAudit(a.ctx, { before: new Date('2023-06-01T00:00:00Z'), out });
      expect(r.count).toBe(old);
      const left = await a.ctx.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
      expect(left.length).toBe(total - old + 1);
      const event = left.at(-1);
      expect(event?.action).toBe('audit.archived');
      expect(JSON.parse(event?.after_json ?? '{}')).toMatchObject({ digest: r.digest, count: old, lastHash: r.lastHash });
      const chain = await verifyAuditChain(a.ctx.db);
      expect(chain).toMatchObject({ ok: true, startsAfterArchive: r.lastHash });
      // New events keep chaining.
      expect((await c.post('/api/v1/org-units', { code: 'NEW9', name: '新支部9', kind: 'branch', parentId: schoolA.id })).statusCode).toBe(201);
      expect((await verifyAuditChain(a.ctx.db)).ok).toBe(true);

      const v = verifyArchive(out);
      expect(v).toMatchObject({ ok: true, count: old, digest: r.digest });

      // Tamper: change one row's action → signature fails; re-sign without the key → row hash fails.
      const text = readFileSync(out, 'utf8');
      const forged = text.replace('"action":"org_unit.create"', '"action":"org_unit.delete"');
      expect(forged).not.toBe(text);
      writeFileSync(path.join(dir, 'forged.jsonl'), forged);
      expect(verifyArchive(path.join(dir, 'forged.jsonl'))).toMatchObject({ ok: false, reason: expect.stringMatching(/signature/) });
      const lines = text.trimEnd().split('\n');
      writeFileSync(path.join(dir, 'cut.jsonl'), `${[...lines.slice(0, 2), ...lines.slice(3)].join('\n')}\n`);
      expect(verifyArchive(path.join(dir, 'cut.jsonl')).ok).toBe(false);

      // A row deleted from the live table at the archive boundary breaks the chain.
      const firstLive = left[0];
      if (firstLive && left.length > 1) {
        await a.ctx.db.deleteFrom('audit_events').where('id', '=', firstLive.id).execute();
        expect((await verifyAuditChain(a.ctx.db)).ok).toBe(false);
      }
    });
  }
});
