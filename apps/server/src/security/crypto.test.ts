import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditWriter, verifyAuditChain } from '../platform/audit/audit.ts';
import { openValue, sealValue } from '../platform/crypto-fields.ts';
import { masterKey, openField, sealField } from '../platform/keys.ts';
import { bindKeyring } from '../platform/security/keyring.ts';
import { rotateKeys } from '../platform/security/rotate.ts';
import { type TestApp, createTestApp } from '../test/harness.ts';

const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32);

let t: TestApp | null = null;
afterEach(async () => {
  bindKeyring(null);
  await t?.close();
  t = null;
});

async function app(config: Record<string, string>) {
  t = await createTestApp({ config });
  bindKeyring(t.ctx.config);
  return t;
}

const person = (code: string, unitId: number, partyOrgId: number) => ({
  code,
  name: '王芳',
  unitId,
  partyOrgId,
  politicalStatus: '中共党员' as const,
  joinDate: '2010-06-01',
  conversionDate: '2011-06-01',
  phone: '13812345678',
});

async function storedPhone(a: TestApp, id: number) {
  return (await a.ctx.db.selectFrom('people').select('phone').where('id', '=', id).executeTakeFirstOrThrow()).phone;
}

describe('field encryption (people.phone)', () => {
  for (const [profile, prefix] of [
    ['sm', 'sm4:'],
    ['standard', 'enc:'],
  ] as const) {
    it(`${profile}: phone sealed at rest (${prefix}), masked in lists, full on the audited read, edits re-seal`, async () => {
      const a = await app({ CRYPTO_PROFILE: profile, TAIZHANG_KEY: KEY_A });
      const { committee, schoolA, branchA } = await a.f.district();
      const c = await a.as('committee_admin', committee.id);
      const res = await c.post('/api/v1/people', person('E001', schoolA.id, branchA.id));
      expect(res.statusCode).toBe(201);
      const id = res.json().id as number;
      expect(res.json().phone).toBe('138****5678');
      const raw = await storedPhone(a, id);
      expect(raw?.startsWith(prefix)).toBe(true);
      expect(raw).not.toContain('13812345678');
      expect((await c.get(`/api/v1/people?orgId=${committee.id}`)).json().items[0].phone).toBe('138****5678');
      expect((await c.get(`/api/v1/people/${id}`)).json().phone).toBe('138****5678');
      expect((await c.get(`/api/v1/people/${id}/phone`)).json().phone).toBe('13812345678');
      const upd = await c.patch(`/api/v1/people/${id}`, { version: 1, phone: '13900001111' });
      expect(upd.statusCode).toBe(200);
      expect((await storedPhone(a, id))?.startsWith(prefix)).toBe(true);
      expect((await c.get(`/api/v1/people/${id}/phone`)).json().phone).toBe('13900001111');
      // A name-only edit keeps the sealed value as it was.
      const before = await storedPhone(a, id);
      expect((await c.patch(`/api/v1/people/${id}`, { version: 2, name: '王芳芳' })).statusCode).toBe(200);
      expect(await storedPhone(a, id)).toBe(before);
      // Audit rows never carry the phone (masked) nor its ciphertext.
      const audit = await a.ctx.db.selectFrom('audit_events').select(['after_json', 'before_json']).where('entity_type', '=', 'person').execute();
      for (const r of audit) expect(`${r.after_json}${r.before_json}`).not.toMatch(/1381234|1390000|sm4:|enc:/);
    });
  }

  it('without a key the phone is stored plain (documented), and reads still work', async () => {
    const a = await app({ CRYPTO_PROFILE: 'sm' });
    const { committee, schoolA, branchA } = await a.f.district();
    const c = await a.as('committee_admin', committee.id);
    const id = (await c.post('/api/v1/people', person('E002', schoolA.id, branchA.id))).json().id as number;
    expect(await storedPhone(a, id)).toBe('13812345678');
    expect((await c.get(`/api/v1/people/${id}/phone`)).json().phone).toBe('13812345678');
  });

  it('SM4 values: random IV per value, tampering and the wrong key are refused', () => {
    const key = Buffer.from(KEY_A, 'hex');
    const a = sealValue('sm', key, '13812345678');
    const b = sealValue('sm', key, '13812345678');
    expect(a).not.toBe(b);
    expect(openValue(key, a)).toBe('13812345678');
    const raw = Buffer.from(a.slice(4), 'base64');
    raw[20] = (raw[20] as number) ^ 1;
    expect(() => openValue(key, `sm4:${raw.toString('base64')}`)).toThrow(/integrity/);
    expect(() => openValue(KEY_B, a)).toThrow();
    expect(() => openValue(null, a)).toThrow(/TAIZHANG_KEY/);
    // keys.ts openField (used for authenticator secrets) reads both formats.
    expect(openField(key, a)).toBe('13812345678');
    expect(openField(key, sealField(key, 'JBSWY3DPEHPK3PXP'))).toBe('JBSWY3DPEHPK3PXP');
  });

  it('keys rotate: every sealed field (and plain legacy phones) re-encrypted with the new key; old key no longer opens them', async () => {
    const a = await app({ CRYPTO_PROFILE: 'sm', TAIZHANG_KEY: KEY_A });
    const { committee, schoolA, branchA } = await a.f.district();
    const c = await a.as('committee_admin', committee.id);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push((await c.post('/api/v1/people', person(`R00${i}`, schoolA.id, branchA.id))).json().id as number);
    // A phone written before encryption was enabled (e.g. an old import) is plain.
    await a.ctx.db
      .updateTable('people')
      .set({ phone: '13700000000' })
      .where('id', '=', ids[4] as number)
      .execute();
    const u = await a.f.user({ role: 'member', orgId: branchA.id });
    await a.ctx.db
      .updateTable('users')
      .set({ totp_secret: sealField(Buffer.from(KEY_A, 'hex'), 'JBSWY3DPEHPK3PXP') })
      .where('id', '=', u.id)
      .execute();
    const res = await rotateKeys(a.ctx, KEY_B);
    expect(res.phones).toBe(5);
    expect(res.totpSecrets).toBe(1);
    expect(res.grantsSkipped).toEqual([]);
    expect(res.grantsRetagged).toBeGreaterThanOrEqual(2);
    const oldKey = Buffer.from(KEY_A, 'hex');
    for (const [i, id] of ids.entries()) {
      const raw = (await storedPhone(a, id)) as string;
      expect(raw.startsWith('sm4:')).toBe(true);
      expect(() => openValue(oldKey, raw)).toThrow();
      expect(openValue(KEY_B, raw)).toBe(i === 4 ? '13700000000' : '13812345678');
    }
    const secret = (await a.ctx.db.selectFrom('users').select('totp_secret').where('id', '=', u.id).executeTakeFirstOrThrow()).totp_secret as string;
    expect(openField(KEY_B, secret)).toBe('JBSWY3DPEHPK3PXP');
    expect((await a.ctx.db.selectFrom('audit_events').select('action').where('action', '=', 'security.keys_rotated').execute()).length).toBe(1);

    // Switch the process to the new key, the old one retired: everything reads, grants hold, the chain verifies.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-keys-'));
    try {
      writeFileSync(path.join(dir, 'old.key'), KEY_A);
      writeFileSync(path.join(dir, 'new.key'), KEY_B.toString('hex'));
      const config = {
        ...a.ctx.config,
        TAIZHANG_KEY: undefined,
        TAIZHANG_KEY_FILE: path.join(dir, 'new.key'),
        TAIZHANG_RETIRED_KEY_FILES: path.join(dir, 'old.key'),
      };
      expect(masterKey(config)?.equals(KEY_B)).toBe(true);
      a.ctx.config = config;
      bindKeyring(config);
      expect((await c.get(`/api/v1/people/${ids[0]}/phone`)).json().phone).toBe('13812345678');
      expect((await c.get(`/api/v1/people/${ids[4]}/phone`)).json().phone).toBe('13700000000');
      expect((await verifyAuditChain(a.ctx.db)).ok).toBe(true);
      // Without the retired key, rows MAC'd with it cannot be verified (and say so).
      bindKeyring({ ...config, TAIZHANG_RETIRED_KEY_FILES: undefined });
      const r = await verifyAuditChain(a.ctx.db);
      expect(r.ok).toBe(false);
      expect(r.reason).toMatch(/not configured/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit chain with CRYPTO_PROFILE=sm', () => {
  it('HMAC-SM3 with a key; verifies a mixed chain (sha256 → sm3 → hmac-sm3) and catches an edit', async () => {
    const a = await app({ CRYPTO_PROFILE: 'sm', TAIZHANG_KEY: KEY_A });
    const ev = (action: string) => ({ at: a.clock.now().toISOString(), actorId: null, actorName: 'test', action, result: 'ok' as const });
    await new AuditWriter(a.ctx.dialect, 'sha256').write(a.ctx.db, ev('old.sha256'));
    await new AuditWriter(a.ctx.dialect, 'sm3', null).write(a.ctx.db, ev('plain.sm3'));
    await a.ctx.audit.write(a.ctx.db, ev('keyed.hmac'));
    const rows = await a.ctx.db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id').execute();
    expect(rows.map((r) => r.hash.split(':')[0])).toEqual(['sha256', 'sm3', expect.stringMatching(/^hmac-sm3\.[0-9a-f]{8}$/)]);
    expect(await verifyAuditChain(a.ctx.db)).toMatchObject({ ok: true, checked: 3 });
    // Someone with database access but no key recomputes a plain SM3 hash over an edited row: refused.
    const last = rows[2] as { id: number };
    await a.ctx.db.updateTable('audit_events').set({ action: 'forged' }).where('id', '=', last.id).execute();
    const r = await verifyAuditChain(a.ctx.db);
    expect(r).toMatchObject({ ok: false, brokenId: last.id });
    // A different key does not verify it either.
    await a.ctx.db.updateTable('audit_events').set({ action: 'keyed.hmac' }).where('id', '=', last.id).execute();
    expect((await verifyAuditChain(a.ctx.db)).ok).toBe(true);
    expect((await verifyAuditChain(a.ctx.db, { keys: [KEY_B] })).ok).toBe(false);
  });

  it('plain SM3 when no key is configured', async () => {
    const a = await app({ CRYPTO_PROFILE: 'sm' });
    await a.f.district();
    const c = await a.as('system_admin', null);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBeLessThan(500);
    const rows = await a.ctx.db.selectFrom('audit_events').select('hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.hash.startsWith('sm3:')).toBe(true);
    expect((await verifyAuditChain(a.ctx.db)).ok).toBe(true);
  });
});
