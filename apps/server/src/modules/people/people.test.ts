import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { dutyRolesAt } from './duty-roles.ts';
import { addPost, createPerson, endPost } from './service.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

const member = (code: string, name: string, unitId: number, partyOrgId: number) => ({
  code,
  name,
  unitId,
  partyOrgId,
  politicalStatus: '中共党员' as const,
  joinDate: '2010-06-01',
  conversionDate: '2011-06-01',
  phone: '13812345678',
});

describe('people', () => {
  it('creates a person, masks the phone in lists, and audits the full-phone read', async () => {
    const { committee, schoolA, branchA } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const res = await c.post('/api/v1/people', member('T001', '刘莹', schoolA.id, branchA.id));
    expect(res.statusCode).toBe(201);
    const id = res.json().id;
    const list = await c.get(`/api/v1/people?orgId=${committee.id}`);
    expect(list.json().items[0].phone).toBe('138****5678');
    const before = await t.ctx.db.selectFrom('audit_events').select('id').where('action', '=', 'person.phone_read').execute();
    const phone = await c.get(`/api/v1/people/${id}/phone`);
    expect(phone.json().phone).toBe('13812345678');
    const after = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'person.phone_read').execute();
    expect(after.length - before.length).toBe(1);
    expect(after.at(-1)?.entity_id).toBe(String(id));
  });

  it('finds people by pinyin initials, full pinyin and name', async () => {
    const { committee, schoolA, branchA } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    await c.post('/api/v1/people', member('T001', '刘莹', schoolA.id, branchA.id));
    await c.post('/api/v1/people', member('T002', '王建国', schoolA.id, branchA.id));
    for (const q of ['ly', 'liuy', '刘']) {
      const r = await c.get(`/api/v1/people?q=${encodeURIComponent(q)}`);
      expect(
        r.json().items.map((p: { name: string }) => p.name),
        q,
      ).toEqual(['刘莹']);
    }
    expect((await c.get('/api/v1/people?q=wjg')).json().items[0].name).toBe('王建国');
  });

  it('refuses inconsistent membership data with field reasons', async () => {
    const { committee, schoolA, branchA } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const res = await c.post('/api/v1/people', { ...member('T003', '张三', schoolA.id, branchA.id), conversionDate: '2009-01-01' });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain('conversionDate');
  });

  it("a school's administrator cannot see another school's people: list, search, pinyin, detail, phone", async () => {
    const { committee, schoolA, branchA, schoolB, branchB } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    await c.post('/api/v1/people', member('A1', '刘莹', schoolA.id, branchA.id));
    const other = (await c.post('/api/v1/people', member('B1', '刘洋', schoolB.id, branchB.id))).json();
    const adminA = await t.as('org_admin', schoolA.id);
    expect((await adminA.get('/api/v1/people')).json().items.map((p: { code: string }) => p.code)).toEqual(['A1']);
    expect((await adminA.get('/api/v1/people?q=ly')).json().items.map((p: { code: string }) => p.code)).toEqual(['A1']);
    expect((await adminA.get('/api/v1/people?q=B1')).json().items).toEqual([]);
    expect((await adminA.get(`/api/v1/people?orgId=${schoolB.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/people/${other.id}`)).statusCode).toBe(404);
    expect((await adminA.get(`/api/v1/people/${other.id}/phone`)).statusCode).toBe(404);
    expect((await adminA.patch(`/api/v1/people/${other.id}`, { version: 1, name: 'x' })).statusCode).toBe(404);
  });

  it('keeps post history; a mid-year handover changes the first responsible person on the right day', async () => {
    const { branchA, schoolA } = await t.f.district();
    const ctx = t.ctx;
    const oldSec = await createPerson(ctx, ctx.db, null, member('S1', '旧书记', schoolA.id, branchA.id));
    const newSec = await createPerson(ctx, ctx.db, null, member('S2', '新书记', schoolA.id, branchA.id));
    const p1 = await addPost(ctx, ctx.db, oldSec.id, branchA.id, '党支部书记', '2020-01-01');
    await endPost(ctx, ctx.db, p1.id, '2022-06-30');
    await addPost(ctx, ctx.db, newSec.id, branchA.id, '党支部书记', '2022-07-01');
    const at = async (d: string) => (await dutyRolesAt(ctx.db, [branchA.id], d))[0].firstResponsible.map((h) => h.name);
    expect(await at('2022-06-30')).toEqual(['旧书记']);
    expect(await at('2022-07-01')).toEqual(['新书记']);
    expect(await at('2019-12-31')).toEqual([]);
    const c = await t.as('committee_admin', null);
    const detail = await c.get(`/api/v1/people/${oldSec.id}`);
    expect(detail.json().posts[0]).toMatchObject({ post: '党支部书记', startDate: '2020-01-01', endDate: '2022-06-30' });
  });

  it('accounts created from people get grants from their posts, revoked when the post ends', async () => {
    const { committee, schoolA, branchA } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const p = (await c.post('/api/v1/people', member('SEC1', '李书记', schoolA.id, branchA.id))).json();
    await c.post(`/api/v1/people/${p.id}/posts`, { orgId: branchA.id, post: '党支部书记', startDate: '2020-01-01' });
    const acc = await c.post('/api/v1/people/accounts', { personIds: [p.id] });
    expect(acc.statusCode).toBe(200);
    const { username, password } = acc.json().items[0];
    const grants = await t.ctx.db
      .selectFrom('grants')
      .innerJoin('users', 'users.id', 'grants.user_id')
      .select(['grants.role', 'grants.org_id'])
      .where('users.username', '=', username)
      .execute();
    expect(grants).toEqual(
      expect.arrayContaining([
        { role: 'org_admin', org_id: schoolA.id },
        { role: 'member', org_id: branchA.id },
      ]),
    );
    expect(password).toBeTruthy();
    const own = await t.ctx.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', own.id).execute();
    const session = (await (await t.login(username, password)).get('/api/v1/auth/session')).json();
    expect(session.user.personId).toBe(p.id);
    const post = (await c.get(`/api/v1/people/${p.id}`)).json().posts[0];
    await c.post(`/api/v1/people/${p.id}/posts/${post.id}/end`, { endDate: '2026-01-31' });
    const after = await t.ctx.db
      .selectFrom('grants')
      .innerJoin('users', 'users.id', 'grants.user_id')
      .select(['grants.role'])
      .where('users.username', '=', username)
      .execute();
    expect(after.map((g) => g.role)).toEqual(['member']);
  });

  it('lists orgs without a first responsible person as gaps', async () => {
    const { committee, branchA } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const gaps = await c.get(`/api/v1/duty-roles?orgId=${committee.id}&gapsOnly=1&date=2026-01-01`);
    const ids = gaps.json().items.map((g: { orgId: number }) => g.orgId);
    expect(ids).toContain(branchA.id);
  });
});

describe('duty roles (property)', () => {
  it('the holder of a role at date D is whoever held the mapped post at D', async () => {
    const { branchA, schoolA } = await t.f.district();
    const ctx = t.ctx;
    const persons: { id: number }[] = [];
    for (let i = 0; i < 4; i++) persons.push(await createPerson(ctx, ctx.db, null, member(`PP${i}`, `人员${i}`, schoolA.id, branchA.id)));
    const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86400000).toISOString().slice(0, 10);
    // Random non-overlapping terms of the secretary post across 4 people over ~3 years.
    const termsArb = fc.array(fc.record({ who: fc.nat(3), len: fc.integer({ min: 1, max: 400 }), gap: fc.integer({ min: 0, max: 30 }) }), {
      minLength: 1,
      maxLength: 5,
    });
    await fc.assert(
      fc.asyncProperty(termsArb, fc.array(fc.nat(1300), { minLength: 5, maxLength: 10 }), async (terms, probes) => {
        await ctx.db.deleteFrom('person_posts').execute();
        const spans: { who: number; start: string; end: string }[] = [];
        let cursor = 0;
        for (const term of terms) {
          const start = day(cursor + term.gap);
          const end = day(cursor + term.gap + term.len - 1);
          cursor += term.gap + term.len;
          spans.push({ who: term.who, start, end });
          await ctx.db
            .insertInto('person_posts')
            .values({
              person_id: persons[term.who].id,
              org_id: branchA.id,
              post: '党支部书记',
              start_date: start,
              end_date: end,
              created_at: '2020-01-01T00:00:00Z',
            })
            .execute();
        }
        for (const n of probes) {
          const d = day(n);
          const expected = spans.filter((s) => s.start <= d && s.end >= d).map((s) => persons[s.who].id);
          const got = (await dutyRolesAt(ctx.db, [branchA.id], d))[0].firstResponsible.map((h) => h.personId);
          expect(got).toEqual(expected);
        }
      }),
      { numRuns: 25, seed: 3 },
    );
  });
});
