import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, TEST_ORIGIN, type TestApp, createTestApp } from '../../test/harness.ts';
import { STATE_CHANGING } from './route.ts';

let t: TestApp;
let admin: Client;
let other: Client;
let urls: { method: string; url: string }[];

beforeAll(async () => {
  t = await createTestApp();
  const { committee } = await t.f.district();
  admin = await t.as('committee_admin', committee.id);
  other = await t.as('committee_admin', committee.id);
  // Every state-changing route in the router, with path params filled in.
  urls = t.app.routeTable
    .filter((r) => STATE_CHANGING.has(r.method) && r.url !== '/api/v1/auth/login')
    .map((r) => ({ method: r.method, url: r.url.replace(/:\w+/g, '1') }));
});
afterAll(async () => {
  await t.close();
});

describe('CSRF: every state-changing route refuses forged requests with 403 before validation', () => {
  it('enumerates the router', () => {
    expect(urls.length).toBeGreaterThanOrEqual(10);
  });

  const cases: [string, (c: Client) => Record<string, string | undefined>][] = [
    ['no token', () => ({ 'x-csrf-token': '' })],
    ['a wrong token', () => ({ 'x-csrf-token': 'x'.repeat(32) })],
    ['another session’s token', () => ({ 'x-csrf-token': other.csrf as string })],
    ['a cross-site Origin', (c) => ({ origin: 'https://evil.example', 'x-csrf-token': c.csrf as string })],
    ['no Origin and a foreign Referer', (c) => ({ origin: undefined, referer: 'https://evil.example/x', 'x-csrf-token': c.csrf as string })],
  ];
  for (const [name, headers] of cases) {
    it(`with ${name}`, async () => {
      for (const { method, url } of urls) {
        const res = await admin.request(method, url, '{}', { 'content-type': 'application/json', ...headers(admin) });
        expect(res.statusCode, `${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
      }
    });
  }

  it('refuses text/plain and multipart bodies without a token', async () => {
    for (const { method, url } of urls) {
      for (const ct of ['text/plain', 'multipart/form-data; boundary=x']) {
        const res = await admin.request(method, url, 'a=b', { 'content-type': ct, 'x-csrf-token': '' });
        expect(res.statusCode, `${method} ${url} ${ct}`).toBe(403);
      }
    }
  });

  it('accepts a same-origin Referer when the Origin header is absent', async () => {
    const res = await admin.request('POST', '/api/v1/auth/logout', '{}', {
      'content-type': 'application/json',
      origin: undefined,
      referer: `${TEST_ORIGIN}/org`,
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a cross-site login', async () => {
    const res = await t.anon().request('POST', '/api/v1/auth/login', JSON.stringify({ username: 'a', password: 'b' }), {
      'content-type': 'application/json',
      origin: 'https://evil.example',
    });
    expect(res.statusCode).toBe(403);
  });

  it('audits the refusal', async () => {
    const n = await t.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'security.csrf_refused').execute();
    expect(n.length).toBeGreaterThan(urls.length);
  });
});
