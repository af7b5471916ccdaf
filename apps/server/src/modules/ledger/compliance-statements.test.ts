// The statement cache behind the compliance grid and the dashboard: requests of different shapes and values on one
// database handle (which reuses compiled statements) answer exactly what a handle that compiles every statement does.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../platform/clock.ts';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { loadDemo } from '../demo/service.ts';
import { dashboard } from '../report/dashboard.ts';
import { computeCompliance } from './compliance.ts';
import { cachedRows } from '../../platform/statement-cache.ts';

/** A plugin that changes nothing: a handle with it compiles every statement (no cache). */
const noop: KyselyPlugin = { transformQuery: (a) => a.node, transformResult: async (a) => a.result };

let t: TestApp;
let admin: Client;
let committeeId: number;
let schoolIds: number[];
let branchId: number;

beforeAll(async () => {
  t = await createTestApp();
  await loadDemo(t.ctx);
  committeeId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'committee').where('parent_id', 'is', null).executeTakeFirstOrThrow())
    .id;
  schoolIds = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'school').orderBy('code').limit(2).execute()).map((s) => s.id);
  branchId = (await t.ctx.db.selectFrom('org_units').select('id').where('kind', '=', 'branch').orderBy('code').executeTakeFirstOrThrow()).id;
  admin = await t.as('committee_admin', committeeId);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('compiled statements reused across requests', () => {
  it('the compliance grid answers each subtree, year, rule and day with its own values', async () => {
    const fresh = t.ctx.db.withPlugin(noop);
    const cases: { orgId: number; year: number; at: string; ruleCode?: string; dueSoonDays?: number }[] = [
      { orgId: committeeId, year: 2022, at: '2023-01-15T02:00:00Z' },
      { orgId: schoolIds[0], year: 2022, at: '2022-06-20T02:00:00Z', ruleCode: 'committee_meeting_monthly' },
      { orgId: committeeId, year: 2021, at: '2022-06-20T02:00:00Z' },
      { orgId: branchId, year: 2022, at: '2022-11-25T02:00:00Z', ruleCode: 'heart_talk_member_yearly', dueSoonDays: 60 },
      { orgId: schoolIds[1], year: 2022, at: '2022-09-25T02:00:00Z', dueSoonDays: 0 },
      { orgId: committeeId, year: 2022, at: '2022-03-28T02:00:00Z', ruleCode: 'rotation_training_secretary' },
      { orgId: committeeId, year: 2022, at: '2023-01-15T02:00:00Z' },
    ];
    const answers: unknown[] = [];
    for (const c of cases) {
      t.clock.set(c.at);
      const qs = new URLSearchParams({ orgId: String(c.orgId), year: String(c.year) });
      if (c.ruleCode) qs.set('ruleCode', c.ruleCode);
      if (c.dueSoonDays !== undefined) qs.set('dueSoonDays', String(c.dueSoonDays));
      const res = await admin.get(`/api/v1/compliance?${qs}`);
      expect(res.statusCode, res.body).toBe(200);
      const expected = await computeCompliance(fresh, {
        orgId: c.orgId,
        year: c.year,
        today: chinaDate(t.clock.now()),
        dueSoonDays: c.dueSoonDays ?? 14,
        ruleCode: c.ruleCode,
      });
      const body = res.json() as { cells: unknown[] };
      expect(body.cells.length).toBeGreaterThan(0);
      expect(body).toEqual(JSON.parse(JSON.stringify({ view: 'full', children: null, ...expected })));
      answers.push(body);
    }
    // Different inputs, different answers (not one answer replayed); the same inputs, the same answer.
    expect(new Set(answers.slice(0, 6).map((a) => JSON.stringify(a))).size).toBe(6);
    expect(answers[6]).toEqual(answers[0]);
  });

  it('the dashboard answers each subtree and year with its own values', async () => {
    const fresh = t.ctx.db.withPlugin(noop);
    const cases = [
      { orgId: committeeId, year: 2022, at: '2023-01-15T02:00:00Z' },
      { orgId: schoolIds[0], year: 2022, at: '2022-10-10T02:00:00Z' },
      { orgId: committeeId, year: 2021, at: '2022-06-20T02:00:00Z' },
      { orgId: schoolIds[1], year: 2022, at: '2023-01-15T02:00:00Z' },
    ];
    const answers: string[] = [];
    for (const c of cases) {
      t.clock.set(c.at);
      const res = await admin.get(`/api/v1/dashboard?orgId=${c.orgId}&year=${c.year}`);
      expect(res.statusCode, res.body).toBe(200);
      const expected = await dashboard(fresh, c.orgId, c.year, t.clock.now());
      expect(res.json()).toEqual(JSON.parse(JSON.stringify(expected)));
      answers.push(res.body);
    }
    expect(new Set(answers).size).toBe(cases.length);
  });

  it('refuses a parameter list that is not the one Kysely binds, on first use', async () => {
    const db = t.ctx.db;
    const build = () => db.selectFrom('org_units').select('id').where('kind', '=', 'committee').where('id', '=', committeeId);
    await expect(cachedRows(db, 'test:swapped', [committeeId, 'committee'], build)).rejects.toThrow(/parameters/);
    await expect(cachedRows(db, 'test:short', ['committee'], build)).rejects.toThrow(/parameters/);
    expect(await cachedRows(db, 'test:right', ['committee', committeeId], build)).toEqual([{ id: committeeId }]);
    // Reused with other values of the same shape.
    expect(await cachedRows(db, 'test:right', ['school', committeeId], build)).toEqual([]);
    expect(await cachedRows(db, 'test:right', ['school', schoolIds[0]], build)).toEqual([{ id: schoolIds[0] }]);
  });
});
