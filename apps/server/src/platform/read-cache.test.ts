import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../test/harness.ts';
import { readCacheOf } from './read-cache.ts';

let t: TestApp;
let d: Awaited<ReturnType<TestApp['f']['district']>>;
let admin: Client;
const sqliteOnly = () => t.ctx.dialect === 'sqlite';

/** A write from outside the app: another connection to the same database, as a CLI command or a second process. */
async function elsewhere(statement: string, params: unknown[] = []): Promise<void> {
  if (t.ctx.dialect === 'pg') {
    const c = new pg.Client({ connectionString: t.ctx.handle.url });
    await c.connect();
    try {
      await c.query(
        statement.replace(/\?/g, (_, i: number) => `$${statement.slice(0, i).split('?').length}`),
        params,
      );
    } finally {
      await c.end();
    }
    return;
  }
  const c = new SQLite(t.ctx.handle.file as string);
  try {
    c.prepare(statement).run(...params);
  } finally {
    c.close();
  }
}

const PEOPLE = () => `/api/v1/people?pageSize=50&orgId=${d.committee.id}`;

beforeAll(async () => {
  t = await createTestApp();
  d = await t.f.district();
  await t.f.person({ unitId: d.schoolA.id, partyOrgId: d.branchA.id, code: 'RC001', name: '张三' });
  await t.f.person({ unitId: d.schoolB.id, partyOrgId: d.branchB.id, code: 'RC002', name: '李四' });
  admin = await t.as('committee_admin', d.committee.id);
});
afterAll(async () => {
  await t?.close();
});

describe('read cache', () => {
  it('serves a repeated list again and shows every kind of write on the next request', async () => {
    const first = await admin.get(PEOPLE());
    expect(first.statusCode).toBe(200);
    expect(first.json().total).toBe(2);
    const again = await admin.get(PEOPLE());
    expect(again.body).toBe(first.body);
    // On PostgreSQL there is no read cache: every request reads the database.
    expect([first.headers['x-read-cache'], again.headers['x-read-cache']]).toEqual(sqliteOnly() ? ['miss', 'hit'] : [undefined, undefined]);

    // A write through the API.
    const created = await admin.post('/api/v1/people', { code: 'RC003', name: '王五', unitId: d.schoolA.id, politicalStatus: '群众' });
    expect(created.statusCode, created.body).toBe(201);
    const afterCreate = await admin.get(PEOPLE());
    expect(afterCreate.json().total).toBe(3);
    expect(afterCreate.headers['x-read-cache']).toBe(sqliteOnly() ? 'miss' : undefined);

    // A write from another connection, to the list's own table and to one it joins (the unit's name).
    await admin.get(PEOPLE());
    await elsewhere('update people set name = ? where code = ?', ['张三丰', 'RC001']);
    expect((await admin.get(PEOPLE())).json().items.map((p: { name: string }) => p.name)).toContain('张三丰');
    await elsewhere('update org_units set name = ? where id = ?', ['第一小学（新名）', d.schoolA.id]);
    const renamed = (await admin.get(PEOPLE())).json().items.find((p: { code: string }) => p.code === 'RC001');
    expect(renamed.unitName).toBe('第一小学（新名）');
    // A write to a table the list does not read keeps it.
    await elsewhere("update activity_types set name = name || '' where id = (select min(id) from activity_types)");
    if (sqliteOnly()) expect((await admin.get(PEOPLE())).headers['x-read-cache']).toBe('hit');
  });

  it('keeps responses apart per user and grant: a narrower reach never sees a wider one’s list', async () => {
    await admin.get(PEOPLE());
    const school = await t.as('org_admin', d.schoolA.id);
    expect((await school.get(PEOPLE())).statusCode).toBe(404);
    const own = await school.get(`/api/v1/people?pageSize=50&orgId=${d.schoolA.id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().items.every((p: { unitId: number }) => p.unitId === d.schoolA.id)).toBe(true);
    expect(own.headers['x-read-cache']).toBe(sqliteOnly() ? 'miss' : undefined);
  });

  it('ends a kept session at once when the session, the user or a grant changes elsewhere', async () => {
    const u = await t.f.user({ role: 'committee_admin', orgId: d.committee.id });
    const c = await t.login(u.username, u.password);
    expect((await c.get(PEOPLE())).statusCode).toBe(200);
    expect((await c.get(PEOPLE())).statusCode).toBe(200);
    // The grant removed from another connection: no reach left, so no list (and not the kept one).
    await elsewhere('delete from grants where user_id = ?', [u.id]);
    expect((await c.get(PEOPLE())).statusCode).toBe(403);

    const v = await t.f.user({ role: 'committee_admin', orgId: d.committee.id });
    const cv = await t.login(v.username, v.password);
    expect((await cv.get('/api/v1/auth/session')).statusCode).toBe(200);
    await elsewhere('update users set disabled = 1 where id = ?', [v.id]);
    expect((await cv.get('/api/v1/auth/session')).statusCode).toBe(401);

    const w = await t.f.user({ role: 'committee_admin', orgId: d.committee.id });
    const cw = await t.login(w.username, w.password);
    expect((await cw.get('/api/v1/auth/session')).statusCode).toBe(200);
    await elsewhere('delete from sessions where user_id = ?', [w.id]);
    expect((await cw.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('still ends an idle session, and a request from another process keeps it alive', async () => {
    const u = await t.f.user({ role: 'committee_admin', orgId: d.committee.id });
    const c = await t.login(u.username, u.password);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    // Another instance served this session just now: the kept time is old, the row is not.
    t.clock.advance(25 * 60_000);
    await elsewhere('update sessions set last_seen_at = ? where user_id = ?', [t.clock.now().toISOString(), u.id]);
    t.clock.advance(10 * 60_000);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(200);
    t.clock.advance(31 * 60_000);
    expect((await c.get('/api/v1/auth/session')).statusCode).toBe(401);
  });

  it('keeps nothing that read a table without a counter', async () => {
    const cache = readCacheOf(t.ctx);
    if (!cache) {
      expect(t.ctx.dialect).toBe('pg');
      return;
    }
    const people = await cache.responses.capture(() => t.ctx.db.selectFrom('people').select('id').execute());
    expect(people.kept?.names).toEqual(['people']);
    const sessions = await cache.responses.capture(() => t.ctx.db.selectFrom('sessions').select('id').execute());
    expect(sessions.kept).toBeNull();
  });
});
