import { ROLES, ROLE_ABILITIES, type Role } from '@taizhang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';

/**
 * Role × route over HTTP, enumerated from the router: a route without a declared ability or
 * `auth: 'public'` fails here, anonymous callers get 401 on every non-public route, and every role
 * lacking a route's ability gets 403 before anything else happens. Org reach (own / child / sibling /
 * other district → 404) is tested per module on real records.
 */
let t: TestApp;
const clients = new Map<Role, Client>();

beforeAll(async () => {
  t = await createTestApp();
  const { committee } = await t.f.district();
  for (const role of ROLES) clients.set(role, await t.as(role, ['system_admin', 'security_admin', 'audit_admin'].includes(role) ? null : committee.id));
});
afterAll(async () => {
  await t.close();
});

const SELF_SERVICE = new Set([
  '/api/v1/auth/session',
  '/api/v1/auth/logout',
  '/api/v1/auth/change-password',
  '/api/v1/auth/reauth',
  '/api/v1/meta',
  '/api/v1/auth/mfa/setup',
  '/api/v1/auth/mfa/enable',
  '/api/v1/auth/mfa/verify',
]);

function fill(url: string) {
  return url.replace(/:\w+/g, '999999');
}

describe('authorization matrix', () => {
  it('every route declares who may call it', () => {
    const undeclared = t.app.routeTable
      .filter((r) => r.auth !== 'public' && !r.ability && !r.personal && !SELF_SERVICE.has(r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it('anonymous callers get 401 on every non-public route', async () => {
    const anon = t.anon();
    for (const r of t.app.routeTable.filter((x) => x.auth !== 'public')) {
      const res = await anon.request(r.method, fill(r.url), r.method === 'GET' ? undefined : '{}', { 'content-type': 'application/json' });
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(r.method === 'GET' ? 401 : 401);
    }
  });

  it('every role without a route’s ability gets 403, whatever the input', async () => {
    let checked = 0;
    for (const r of t.app.routeTable.filter((x) => x.ability)) {
      for (const role of ROLES) {
        if (ROLE_ABILITIES[role].includes(r.ability as never)) continue;
        const c = clients.get(role) as Client;
        const res = await c.request(r.method, fill(r.url), r.method === 'GET' ? undefined : '{}', { 'content-type': 'application/json' });
        expect(res.statusCode, `${role} ${r.method} ${r.url}`).toBe(403);
        expect(res.json().error.code).toBe('forbidden');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('roles holding the ability get past the gate (never 401/403 for a missing id: 404 or 400)', async () => {
    for (const r of t.app.routeTable.filter((x) => x.ability && x.url.includes(':'))) {
      for (const role of ROLES) {
        if (!ROLE_ABILITIES[role].includes(r.ability as never)) continue;
        const c = clients.get(role) as Client;
        const res = await c.request(r.method, fill(r.url), r.method === 'GET' ? undefined : '{}', { 'content-type': 'application/json' });
        expect([400, 404, 409], `${role} ${r.method} ${r.url}: ${res.body.slice(0, 200)}`).toContain(res.statusCode);
      }
    }
  });
});
