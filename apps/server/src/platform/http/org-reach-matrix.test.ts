import { ROLE_ABILITIES, type Role } from '@taizhang/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';

/**
 * Role × org relation × every org-filtered list route, enumerated from the router: a school-level account asks
 * each GET route that takes `orgId` about its own school, its own branch (a child), the sibling school and a unit
 * of another district. Own and child are answered; sibling and other district get exactly the answer a unit that
 * does not exist gets (404, or the same empty result), so neither records nor existence leak. A route added with an `orgId` filter is covered here
 * automatically; the test fails if the enumeration ever finds too few routes to mean anything.
 */
let t: TestApp;
let orgs: { own: number; child: number; sibling: number; otherDistrict: number };
const clients = new Map<Role, Client>();
const ROLES_AT_SCHOOL: Role[] = ['org_admin', 'recorder', 'inspector', 'member'];

beforeAll(async () => {
  t = await createTestApp();
  const d = await t.f.district();
  const other = await t.f.org({ kind: 'committee', name: '另一区教育工委' });
  const otherSchool = await t.f.org({ kind: 'school', parentId: other.id, name: '另一区第一小学' });
  orgs = { own: d.schoolA.id, child: d.branchA.id, sibling: d.schoolB.id, otherDistrict: otherSchool.id };
  for (const role of ROLES_AT_SCHOOL) clients.set(role, await t.as(role, d.schoolA.id));
});
afterAll(async () => {
  await t.close();
});

function queryKeys(schema: unknown): string[] {
  const shape = (schema as { shape?: Record<string, z.ZodType> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

describe('org reach matrix', () => {
  it('own and child answered; sibling school and other district answered as a missing unit, for every org-filtered route and school role', async () => {
    const routes = t.app.routeTable.filter((r) => r.method === 'GET' && !r.url.includes(':') && r.ability && queryKeys(r.query).includes('orgId'));
    let checked = 0;
    const skipped: string[] = [];
    for (const r of routes) {
      for (const role of ROLES_AT_SCHOOL) {
        if (!ROLE_ABILITIES[role].includes(r.ability as never)) continue;
        const c = clients.get(role) as Client;
        const ask = (orgId: number) => c.get(`${r.url}?orgId=${orgId}&year=2022`);
        const own = await ask(orgs.own);
        if (own.statusCode === 400) {
          skipped.push(`${r.url} (${own.json().error.details?.fields?.[0]?.field ?? 'params'})`);
          break;
        }
        // A further rule inside the handler (e.g. rankings for committee reviewers only): forbidden in reach too.
        if (own.statusCode === 403) continue;
        const where = `${role} GET ${r.url}`;
        expect(own.statusCode, `${where} own: ${own.body.slice(0, 200)}`).toBe(200);
        expect((await ask(orgs.child)).statusCode, `${where} child`).not.toBe(404);
        // Outside reach answers exactly as a unit that does not exist: 404, or the same empty answer.
        const missing = await ask(999_999);
        const blank = (body: string, id: number) => body.replaceAll(String(id), '#').replace(/"requestId":"[^"]*"/, '');
        for (const rel of ['sibling', 'otherDistrict'] as const) {
          const res = await ask(orgs[rel]);
          expect(res.statusCode, `${where} ${rel}: ${res.body.slice(0, 200)}`).toBe(missing.statusCode);
          if (res.statusCode === 404) expect(res.json().error.code).toBe('not_found');
          else expect(blank(res.body, orgs[rel]), `${where} ${rel}`).toBe(blank(missing.body, 999_999));
        }
        checked++;
      }
    }
    expect(checked, `skipped: ${skipped.join(', ')}`).toBeGreaterThan(40);
  });
});
