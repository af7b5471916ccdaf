import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../test/factories.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('login and sessions', () => {
  it('logs in, returns the session with abilities and a CSRF token, and audits the login', async () => {
    const { committee } = await t.f.district();
    const u = await t.f.user({ role: 'committee_admin', orgId: committee.id, username: 'zhangsan' });
    const c = t.anon();
    const res = await c.post('/api/v1/auth/login', { username: 'zhangsan', password: u.password });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user.username).toBe('zhangsan');
    expect(body.user.personId).toBeNull();
    expect(body.abilities).toContain('org.manage');
    expect(body.csrfToken).toMatch(/.{20,}/);
    expect(res.headers['x-request-id']).toBeTruthy();
    const cookie = res.cookies.find((x) => x.name === 'tz_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const ev = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.login').execute();
    expect(ev.map((e) => e.result)).toEqual(['ok']);
  });

  it('refuses a wrong password with unauthenticated and audits the failure', async () => {
    await t.f.user({ role: 'member', orgId: null, username: 'lisi' });
    const res = await t.anon().post('/api/v1/auth/login', { username: 'lisi', password: 'wrong-password-1' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
    expect(res.json().error.message).toContain('登录');
    expect(res.body).not.toContain('at ');
    const ev = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'auth.login').execute();
    expect(ev).toHaveLength(1);
    expect(ev[0].result).toBe('failed');
  });

  it('localises error messages by Accept-Language', async () => {
    const res = await t.anon().request('GET', '/api/v1/auth/session', undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/sign in/i);
  });

  it('locks the account after 5 failures, even for the right password, and unlocks after 30 minutes', async () => {
    const u = await t.f.user({ role: 'member', orgId: null, username: 'wangwu' });
    const c = t.anon();
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await c.post('/api/v1/auth/login', { username: 'wangwu', password: 'nope-nope-nope' })).json().error.code);
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('unauthenticated'));
    expect(codes[4]).toBe('account_locked');
    const locked = await c.post('/api/v1/auth/login', { username: 'wangwu', password: u.password });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    t.clock.advanceMinutes(29);
    expect((await c.post('/api/v1/auth/login', { username: 'wangwu', password: u.password })).json().error.code).toBe('account_locked');
    t.clock.advanceMinutes(2);
    expect((await c.post('/api/v1/auth/login', { username: 'wangwu', password: u.password })).statusCode).toBe(200);
  });

  it('rate-limits logins per IP above the per-account lockout', async () => {
    const c = t.anon();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await c.post('/api/v1/auth/login', { username: `ghost${i}`, password: 'whatever-123' })).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    t.clock.advanceMinutes(1);
    expect((await c.post('/api/v1/auth/login', { username: 'ghost', password: 'whatever-123' })).statusCode).toBe(401);
  });

  it('expires a session after 30 idle minutes', async () => {
    await t.f.user({ role: 'member', orgId: null, username: 'idle' });
    const c = await t.login('idle', TEST_PASSWORD);
    t.clock.advanceMinutes(29);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    t.clock.advanceMinutes(29);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    t.clock.advanceMinutes(31);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('expires a session 12 hours after login however active', async () => {
    await t.f.user({ role: 'member', orgId: null, username: 'busy' });
    const c = await t.login('busy', TEST_PASSWORD);
    for (let i = 0; i < 28; i++) {
      t.clock.advanceMinutes(25);
      expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    }
    t.clock.advanceMinutes(25);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('logout revokes the session at once', async () => {
    await t.f.user({ role: 'member', orgId: null, username: 'bye' });
    const c = await t.login('bye', TEST_PASSWORD);
    const saved = c.cookie;
    expect((await c.post('/api/v1/auth/logout')).statusCode).toBe(200);
    c.cookie = saved;
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('issues a new session id at every login', async () => {
    await t.f.user({ role: 'member', orgId: null, username: 'twice' });
    const a = await t.login('twice', TEST_PASSWORD);
    const b = await t.login('twice', TEST_PASSWORD);
    expect(a.cookie).not.toEqual(b.cookie);
  });

  it("disabling a user kills the user's sessions", async () => {
    const sys = await t.as('system_admin', null);
    const target = await t.f.user({ role: 'member', orgId: null, username: 'victim' });
    const victim = await t.login('victim', target.password);
    expect((await victim.get('/api/v1/auth/session')).statusCode).toBe(200);
    const res = await sys.post(`/api/v1/users/${target.id}/disable`, { version: 1 });
    expect(res.statusCode).toBe(200);
    expect((await victim.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'victim', password: target.password })).statusCode).toBe(401);
  });
});

describe('passwords', () => {
  it('forces a change at first login and blocks everything else until then', async () => {
    const { committee } = await t.f.district();
    await t.f.user({ role: 'committee_admin', orgId: committee.id, username: 'fresh', password: 'One-Time-Pass-1', mustChange: true });
    const c = await t.login('fresh', 'One-Time-Pass-1');
    const s = await c.get('/api/v1/auth/session');
    expect(s.json().user.mustChangePassword).toBe(true);
    const blocked = await c.get(`/api/v1/org-units/${committee.id}`);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    const ch = await c.post('/api/v1/auth/change-password', { currentPassword: 'One-Time-Pass-1', newPassword: 'Brand-New-Secret-7' });
    expect(ch.statusCode).toBe(200);
    expect((await c.get(`/api/v1/org-units/${committee.id}`)).statusCode).toBe(200);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'fresh', password: 'Brand-New-Secret-7' })).statusCode).toBe(200);
  });

  it.each([
    ['short', 'Ab1-xyz', '至少'],
    ['common', 'password123', '常见'],
    ['username', 'policyuser', '用户名'],
  ])('refuses a %s password with a field message', async (_name, pw, expected) => {
    await t.f.user({ role: 'member', orgId: null, username: 'policyuser' });
    const c = await t.login('policyuser', TEST_PASSWORD);
    const res = await c.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: pw });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(JSON.stringify(res.json().error.details)).toContain(expected);
  });
});
