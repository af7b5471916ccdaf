import { afterEach, describe, expect, it } from 'vitest';
import { findTamperedSettings, resetReportedViolations } from '../../platform/security/integrity.ts';
import { clearSettingsCache } from '../../platform/settings.ts';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
afterEach(async () => {
  await t?.close();
});

async function policyOf(c: Client) {
  const res = await c.get('/api/v1/settings/security-policy');
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { version: number; saved: boolean; value: Record<string, unknown> };
}

async function savePolicy(c: Client, patch: Record<string, unknown>) {
  const current = await policyOf(c);
  return c.request('PUT', '/api/v1/settings/security-policy', { version: current.version, value: { ...current.value, ...patch } });
}

describe('security policy (security administrator)', () => {
  it('starts from the configuration, saves only after the password is entered again, checks the version and audits before/after', async () => {
    t = await createTestApp({ config: { LOCKOUT_THRESHOLD: '5', SESSION_IDLE_MINUTES: '30' } });
    const sec = await t.as('security_admin', null);
    const first = await policyOf(sec);
    expect(first).toMatchObject({ version: 0, saved: false, value: { lockoutThreshold: 5, sessionIdleMinutes: 30, reauthWindowMinutes: 5 } });

    const refused = await savePolicy(sec, { lockoutThreshold: 3 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('reauth_required');

    const wrong = await sec.post('/api/v1/auth/reauth', { password: 'not-my-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('body.password');
    expect((await savePolicy(sec, { lockoutThreshold: 3 })).statusCode).toBe(403);

    await sec.reauth();
    const saved = await savePolicy(sec, { lockoutThreshold: 3, passwordStyle: 'dengbao' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 1, saved: true, value: { lockoutThreshold: 3, passwordStyle: 'dengbao' } });

    // A stale version is a conflict, not a silent overwrite.
    const stale = await sec.request('PUT', '/api/v1/settings/security-policy', { version: 0, value: { ...first.value, lockoutThreshold: 4 } });
    expect(stale.statusCode).toBe(409);
    // Out of the 等保 bounds: refused with the field named.
    const weak = await savePolicy(sec, { passwordMinLength: 6 });
    expect(weak.statusCode).toBe(400);
    expect(JSON.stringify(weak.json().error.details)).toContain('body.value.passwordMinLength');

    const events = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'settings.security_policy.update').execute();
    expect(events.filter((e) => e.result === 'ok')).toHaveLength(1);
    const ok = events.find((e) => e.result === 'ok');
    expect(JSON.parse(ok?.before_json ?? '{}').value.lockoutThreshold).toBe(5);
    expect(JSON.parse(ok?.after_json ?? '{}').changed.sort()).toEqual(['lockoutThreshold', 'passwordStyle']);
    expect(await t.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'auth.reauth').where('result', '=', 'failed').execute()).toHaveLength(1);
  });

  it('takes effect at once: lockout threshold, password rules, idle expiry and two-factor roles', async () => {
    t = await createTestApp();
    const sec = await t.as('security_admin', null);
    // Accounts made before the policy tightens (the factory's password is shorter than 16).
    const victim = await t.f.user({ role: 'member', orgId: null });
    const me = await t.as('member', null);
    const inspectorUser = await t.f.user({ role: 'inspector', orgId: null });
    await sec.reauth();
    const res = await savePolicy(sec, { lockoutThreshold: 3, passwordMinLength: 16, sessionIdleMinutes: 10, mfaRequiredRoles: ['inspector'] });
    expect(res.statusCode, res.body).toBe(200);

    // Three wrong passwords lock the account.
    const anon = t.anon();
    for (let i = 0; i < 3; i++) await anon.post('/api/v1/auth/login', { username: victim.username, password: 'wrong-password-x' });
    const locked = await anon.post('/api/v1/auth/login', { username: victim.username, password: victim.password });
    expect(locked.json().error.code).toBe('account_locked');

    // New passwords follow the saved length.
    const short = await me.post('/api/v1/auth/change-password', { currentPassword: me.password, newPassword: 'Abcdefgh-12345' });
    expect(short.statusCode).toBe(400);
    expect(JSON.stringify(short.json().error.details)).toContain('16');

    // Sessions idle for longer than 10 minutes end.
    t.clock.advance(11 * 60_000);
    expect((await me.get('/api/v1/auth/session')).statusCode).toBe(401);

    // The role now requires an authenticator.
    const inspector = await t.login(inspectorUser.username, inspectorUser.password);
    const gated = await inspector.get('/api/v1/org-units');
    expect(gated.json().error.code).toBe('mfa_setup_required');
  });

  it('the re-authentication window closes after reauthWindowMinutes', async () => {
    t = await createTestApp({ config: { REAUTH_WINDOW_MINUTES: '2' } });
    const sec = await t.as('security_admin', null);
    const r = await sec.reauth();
    expect(new Date(r.json().validUntil).getTime() - t.clock.now().getTime()).toBe(2 * 60_000);
    t.clock.advance(60_000);
    expect((await savePolicy(sec, { lockoutMinutes: 20 })).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await savePolicy(sec, { lockoutMinutes: 25 })).json().error.code).toBe('reauth_required');
  });

  it('a row edited in the database behind the application is ignored (configuration applies) and reported', async () => {
    t = await createTestApp({ config: { LOCKOUT_THRESHOLD: '5' } });
    resetReportedViolations();
    const sec = await t.as('security_admin', null);
    await sec.reauth();
    expect((await savePolicy(sec, { lockoutThreshold: 3 })).statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('settings').selectAll().where('key', '=', 'security_policy').executeTakeFirstOrThrow();
    const value = JSON.parse(row.value_json);
    await t.ctx.db
      .updateTable('settings')
      .set({ value_json: JSON.stringify({ ...value, lockoutThreshold: 10, mfaRequiredRoles: [] }) })
      .where('key', '=', 'security_policy')
      .execute();
    clearSettingsCache(t.ctx);
    expect((await findTamperedSettings(t.ctx.db)).map((x) => x.role)).toEqual(['security_policy']);
    const now = await policyOf(sec);
    expect(now).toMatchObject({ saved: false, value: { lockoutThreshold: 5 } });
    const violations = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'security.integrity_violation').execute();
    expect(violations.map((v) => v.entity_type)).toContain('settings');
  });
});

describe('system configuration (system administrator)', () => {
  it('saves site name, announcement and audit retention (≥ 180 days); the UI reads the first two from /meta', async () => {
    t = await createTestApp();
    const sys = await t.as('system_admin', null);
    const view = await sys.get('/api/v1/settings/system');
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({ version: 0, value: { auditRetentionDays: 180 }, facts: { dialect: t.ctx.dialect } });
    expect(view.json().facts.migrations).toBeGreaterThan(5);
    await sys.reauth();
    const short = await sys.request('PUT', '/api/v1/settings/system', { version: 0, value: { siteName: '', announcement: '', auditRetentionDays: 90 } });
    expect(short.statusCode).toBe(400);
    const saved = await sys.request('PUT', '/api/v1/settings/system', {
      version: 0,
      value: { siteName: '示范区教育工委', announcement: '今晚 22:00 系统维护', auditRetentionDays: 365 },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const member = await t.as('member', null);
    expect((await member.get('/api/v1/meta')).json()).toMatchObject({ siteName: '示范区教育工委', announcement: '今晚 22:00 系统维护' });
  });

  it('三员分立: each administrator reaches only its own settings page; business roles reach neither', async () => {
    t = await createTestApp();
    const { committee } = await t.f.district();
    const expectations: [Parameters<TestApp['as']>[0], number, number][] = [
      ['system_admin', 403, 200],
      ['security_admin', 200, 403],
      ['audit_admin', 403, 403],
      ['committee_admin', 403, 403],
    ];
    for (const [role, policy, system] of expectations) {
      const c = await t.as(role, role === 'committee_admin' ? committee.id : null);
      expect((await c.get('/api/v1/settings/security-policy')).statusCode, role).toBe(policy);
      expect((await c.get('/api/v1/settings/system')).statusCode, role).toBe(system);
    }
  });
});
