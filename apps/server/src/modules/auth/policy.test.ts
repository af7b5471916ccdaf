import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { characterClasses, passwordProblems } from '../../platform/auth/passwords.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { disableInactiveAccounts } from '../users/inactive.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('password policy styles', () => {
  it('等保 style needs three of four character classes; ASVS style does not (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 12, maxLength: 24 }), (pw) => {
        const classes = characterClasses(pw);
        const dengbao = passwordProblems(pw, 'zhangsan', { minLength: 10, style: 'dengbao' });
        const asvs = passwordProblems(pw, 'zhangsan', { minLength: 10, style: 'asvs' });
        const classProblem = (ps: string[]) => ps.some((p) => p.includes('三类'));
        expect(classProblem(dengbao)).toBe(classes < 3);
        expect(classProblem(asvs)).toBe(false);
      }),
    );
  });

  it('refuses a one-class password over HTTP under PASSWORD_STYLE=dengbao with a field message', async () => {
    t = await createTestApp({ config: { PASSWORD_STYLE: 'dengbao' } });
    const u = await t.f.user({ role: 'member', orgId: null, username: 'dbuser' });
    const c = await t.login(u.username, u.password);
    const res = await c.post('/api/v1/auth/change-password', { currentPassword: u.password, newPassword: 'onlylowercaseletters' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('三类');
    const ok = await c.post('/api/v1/auth/change-password', { currentPassword: u.password, newPassword: 'Mixed-case-2026' });
    expect(ok.statusCode, ok.body).toBeLessThan(300);
  });
});

describe('password expiry', () => {
  it('after PASSWORD_MAX_AGE_DAYS the next login must change the password first', async () => {
    t = await createTestApp({ config: { PASSWORD_MAX_AGE_DAYS: '90' } });
    const u = await t.f.user({ role: 'committee_admin', orgId: null, username: 'expiry' });
    let c = await t.login(u.username, u.password);
    expect((await c.get('/api/v1/org-units')).statusCode).toBe(200);
    t.clock.advanceMinutes(89 * 24 * 60);
    c = await t.login(u.username, u.password);
    expect((await c.get('/api/v1/auth/session')).json().user.mustChangePassword).toBe(false);
    t.clock.advanceMinutes(2 * 24 * 60);
    c = await t.login(u.username, u.password);
    expect((await c.get('/api/v1/auth/session')).json().user.mustChangePassword).toBe(true);
    expect((await c.get('/api/v1/org-units')).json().error.code).toBe('password_change_required');
    const login = await t.ctx.db
      .selectFrom('audit_events')
      .select('after_json')
      .where('action', '=', 'auth.login')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(login.after_json).toContain('passwordExpired');
    await c.post('/api/v1/auth/change-password', { currentPassword: u.password, newPassword: 'A-fresh-password-9' });
    expect((await c.get('/api/v1/org-units')).statusCode).toBe(200);
  });
});

describe('inactive accounts', () => {
  it('disables accounts unused for ACCOUNT_INACTIVE_DAYS, ends their sessions and audits each; active ones stay', async () => {
    t = await createTestApp({ config: { ACCOUNT_INACTIVE_DAYS: '30' } });
    const idle = await t.f.user({ role: 'member', orgId: null, username: 'idle' });
    const never = await t.f.user({ role: 'member', orgId: null, username: 'never' });
    const busy = await t.f.user({ role: 'member', orgId: null, username: 'busy' });
    const idleSession = await t.login(idle.username, idle.password);
    t.clock.advanceMinutes(20 * 24 * 60);
    await t.login(busy.username, busy.password);
    expect(await disableInactiveAccounts(t.ctx, t.clock.now())).toEqual([]);
    t.clock.advanceMinutes(11 * 24 * 60);
    const disabled = await disableInactiveAccounts(t.ctx, t.clock.now());
    expect(disabled.sort()).toEqual([idle.id, never.id].sort());
    expect((await idleSession.get('/api/v1/auth/session')).statusCode).toBe(401);
    expect((await t.anon().post('/api/v1/auth/login', { username: 'idle', password: idle.password })).statusCode).toBe(401);
    await t.login(busy.username, busy.password);
    const events = await t.ctx.db.selectFrom('audit_events').select(['entity_id', 'actor_name']).where('action', '=', 'user.auto_disable').execute();
    expect(events.map((e) => Number(e.entity_id)).sort()).toEqual([idle.id, never.id].sort());
    expect(await disableInactiveAccounts(t.ctx, t.clock.now())).toEqual([]);
  });

  it('does nothing when ACCOUNT_INACTIVE_DAYS is 0', async () => {
    t = await createTestApp({ config: { ACCOUNT_INACTIVE_DAYS: '0' } });
    await t.f.user({ role: 'member', orgId: null });
    t.clock.advanceMinutes(400 * 24 * 60);
    expect(await disableInactiveAccounts(t.ctx, t.clock.now())).toEqual([]);
  });
});

describe('re-authentication for grants', () => {
  it('a grant needs the security administrator’s own password; a wrong one is refused, audited and writes no grant', async () => {
    t = await createTestApp();
    const sec = await t.f.user({ role: 'security_admin', orgId: null });
    const target = await t.f.user({ role: 'member', orgId: null });
    const c = await t.login(sec.username, sec.password);
    const before = await t.ctx.db.selectFrom('grants').select('id').where('user_id', '=', target.id).execute();
    const wrong = await c.post(`/api/v1/users/${target.id}/grants`, { role: 'recorder', orgId: null, password: 'not-my-password' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].field).toBe('body.password');
    expect(await t.ctx.db.selectFrom('grants').select('id').where('user_id', '=', target.id).execute()).toEqual(before);
    const denied = await t.ctx.db.selectFrom('audit_events').select('result').where('action', '=', 'grant.add').execute();
    expect(denied.map((e) => e.result)).toEqual(['failed']);
    const missing = await c.post(`/api/v1/users/${target.id}/grants`, { role: 'recorder', orgId: null });
    expect(missing.statusCode).toBe(400);
    const ok = await c.post(`/api/v1/users/${target.id}/grants`, { role: 'recorder', orgId: null, password: sec.password });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().grants.map((g: { role: string }) => g.role)).toContain('recorder');
  });

  it('guessing is rate limited after five wrong passwords', async () => {
    t = await createTestApp();
    const sec = await t.f.user({ role: 'security_admin', orgId: null });
    const target = await t.f.user({ role: 'member', orgId: null });
    const c = await t.login(sec.username, sec.password);
    const codes: string[] = [];
    for (let i = 0; i < 6; i++)
      codes.push((await c.post(`/api/v1/users/${target.id}/grants`, { role: 'recorder', orgId: null, password: `guess-${i}` })).json().error.code);
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('validation_failed'));
    expect(codes[5]).toBe('rate_limited');
  });
});
