import { Secret, TOTP } from 'otpauth';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp({ config: { MFA_REQUIRED_ROLES: 'system_admin,security_admin,audit_admin,committee_admin' } });
});
afterEach(async () => {
  await t.close();
});

const code = (secret: string, at: Date) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 }).generate({ timestamp: at.getTime() });

describe('two-factor authentication (TOTP)', () => {
  it('is required for administrators: enrol, then every later sign-in needs a code; recovery codes work once', async () => {
    await t.f.user({ role: 'audit_admin', orgId: null, username: 'auditor1' });
    const c = await t.login('auditor1', TEST_PASSWORD);
    expect((await c.get('/api/v1/auth/session')).json().mfa).toEqual({ enabled: false, pending: false, setupRequired: true });
    const blocked = await c.get('/api/v1/audit-events');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('mfa_setup_required');
    const setup = (await c.post('/api/v1/auth/mfa/setup')).json();
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Taizhang:auditor1\?/);
    expect((await c.post('/api/v1/auth/mfa/enable', { code: '000000' })).statusCode).toBe(400);
    const enabled = await c.post('/api/v1/auth/mfa/enable', { code: code(setup.secret, t.clock.now()) });
    expect(enabled.statusCode).toBe(200);
    const recovery: string[] = enabled.json().recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect((await c.get('/api/v1/audit-events')).statusCode).toBe(200);

    const second = await t.login('auditor1', TEST_PASSWORD);
    const pending = await second.get('/api/v1/audit-events');
    expect(pending.statusCode).toBe(401);
    expect(pending.json().error.code).toBe('mfa_required');
    expect((await second.post('/api/v1/auth/mfa/verify', { code: '123456' })).statusCode).toBe(401);
    t.clock.advance(30_000);
    expect((await second.post('/api/v1/auth/mfa/verify', { code: code(setup.secret, t.clock.now()) })).statusCode).toBe(200);
    expect((await second.get('/api/v1/audit-events')).statusCode).toBe(200);

    const third = await t.login('auditor1', TEST_PASSWORD);
    expect((await third.post('/api/v1/auth/mfa/verify', { code: recovery[0] })).statusCode).toBe(200);
    const fourth = await t.login('auditor1', TEST_PASSWORD);
    expect((await fourth.post('/api/v1/auth/mfa/verify', { code: recovery[0] })).statusCode).toBe(401);
  });

  it('limits authenticator code guesses', async () => {
    await t.f.user({ role: 'audit_admin', orgId: null, username: 'guesser' });
    const c = await t.login('guesser', TEST_PASSWORD);
    const setup = (await c.post('/api/v1/auth/mfa/setup')).json();
    await c.post('/api/v1/auth/mfa/enable', { code: code(setup.secret, t.clock.now()) });
    const again = await t.login('guesser', TEST_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await again.post('/api/v1/auth/mfa/verify', { code: '000000' })).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    expect((await again.post('/api/v1/auth/mfa/verify', { code: code(setup.secret, t.clock.now()) })).statusCode).toBe(429);
  });

  it('is optional for other roles', async () => {
    const { schoolA } = await t.f.district();
    await t.f.user({ role: 'recorder', orgId: schoolA.id, username: 'rec' });
    const c = await t.login('rec', TEST_PASSWORD);
    expect((await c.get('/api/v1/auth/session')).json().mfa.setupRequired).toBe(false);
    expect((await c.get(`/api/v1/org-units/${schoolA.id}`)).statusCode).toBe(200);
  });
});
