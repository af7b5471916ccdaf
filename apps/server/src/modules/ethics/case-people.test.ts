import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Client, TestApp } from '../../test/harness.ts';
import { createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function person(c: Client, code: string, unitId: number, name: string) {
  const res = await c.post('/api/v1/people', { code, name, unitId, politicalStatus: '群众' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as number;
}

describe('ethics case forms: people search and handler names', () => {
  it('finds people in ethics.case reach only (discipline officers hold no people.read)', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const a = await person(committee, 'PA1', d.schoolA.id, '赵老师');
    const b = await person(committee, 'PB1', d.schoolB.id, '钱老师');
    const officerA = await t.as('discipline_officer', d.schoolA.id);
    expect((await officerA.get('/api/v1/people')).statusCode).toBe(403);
    const mine = (await officerA.get('/api/v1/ethics/cases/people')).json().items;
    expect(mine).toEqual([{ id: a, code: 'PA1', name: '赵老师', unitName: d.schoolA.name }]);
    expect((await officerA.get(`/api/v1/ethics/cases/people?q=${encodeURIComponent('钱')}`)).json().items).toEqual([]);
    expect((await officerA.get(`/api/v1/ethics/cases/people?orgId=${d.schoolB.id}`)).statusCode).toBe(404);
    const officer = await t.as('discipline_officer', d.committee.id);
    expect((await officer.get(`/api/v1/ethics/cases/people?orgId=${d.schoolB.id}`)).json().items.map((p: { id: number }) => p.id)).toEqual([b]);
    expect((await officer.get(`/api/v1/ethics/cases/people?q=${encodeURIComponent('老师')}&limit=1`)).json().items).toHaveLength(1);
    // by pinyin initials
    expect((await officer.get('/api/v1/ethics/cases/people?q=qls')).json().items.map((p: { id: number }) => p.id)).toEqual([b]);
    expect((await committee.get('/api/v1/ethics/cases/people')).statusCode).toBe(403);
  });

  it('names the handlers on the case view', async () => {
    const d = await t.f.district();
    const committee = await t.as('committee_admin', d.committee.id);
    const teacher = await person(committee, 'PA1', d.schoolA.id, '赵老师');
    const handler = await person(committee, 'H1', d.committee.id, '孙承办');
    const handlerUser = await t.f.user({ role: 'member', orgId: d.schoolB.id, username: 'handler1' });
    const officer = await t.as('discipline_officer', null);
    const code = (await t.ctx.db.selectFrom('ethics_codes').select('id').orderBy('code').executeTakeFirstOrThrow()).id;
    const res = await officer.post('/api/v1/ethics/cases', {
      orgId: d.schoolA.id,
      personId: teacher,
      codeId: code,
      summary: '线索摘要',
      clueOn: '2025-01-10',
      handlerPersonIds: [handler],
      handlerUserIds: [handlerUser.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ handlerPersons: [{ id: handler, name: '孙承办' }], handlerUsers: [{ id: handlerUser.id, name: 'handler1' }] });
    const one = (await officer.get(`/api/v1/ethics/cases/${res.json().id}`)).json();
    expect(one.handlerPersons).toEqual([{ id: handler, name: '孙承办' }]);
  });
});
