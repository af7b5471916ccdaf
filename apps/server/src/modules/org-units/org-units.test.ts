import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('org units over HTTP', () => {
  it('creates, renames with a version check, moves and deactivates', async () => {
    const { committee, schoolA, schoolB } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const created = await c.post('/api/v1/org-units', {
      code: 'S3',
      name: '第三小学',
      kind: 'school',
      parentId: committee.id,
      stage: '小学',
      ownership: '公办',
      studentCount: 800,
    });
    expect(created.statusCode).toBe(201);
    const s3 = created.json();
    expect(s3).toMatchObject({ code: 'S3', kind: 'school', studentCount: 800, version: 1 });

    const renamed = await c.patch(`/api/v1/org-units/${s3.id}`, { version: 1, name: '第三实验小学' });
    expect(renamed.json()).toMatchObject({ name: '第三实验小学', version: 2 });
    const stale = await c.patch(`/api/v1/org-units/${s3.id}`, { version: 1, name: '旧名' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('conflict');

    const dup = await c.post('/api/v1/org-units', { code: 'S3', name: 'x', kind: 'school', parentId: committee.id });
    expect(dup.statusCode).toBe(400);
    expect(JSON.stringify(dup.json().error.details)).toContain('S3');

    const moved = await c.post(`/api/v1/org-units/${s3.id}/move`, { version: 2, parentId: schoolA.id });
    expect(moved.json().parentId).toBe(schoolA.id);
    const detail = await c.get(`/api/v1/org-units/${s3.id}`);
    expect(detail.json().path.map((p: { id: number }) => p.id)).toEqual([committee.id, schoolA.id, s3.id]);

    const children = await c.get(`/api/v1/org-units?parentId=${committee.id}`);
    expect(
      children
        .json()
        .items.map((i: { id: number }) => i.id)
        .sort(),
    ).toEqual([schoolA.id, schoolB.id].sort());

    const deact = await c.post(`/api/v1/org-units/${s3.id}/deactivate`, { version: 3 });
    expect(deact.json().active).toBe(false);
    const after = await c.get(`/api/v1/org-units?parentId=${schoolA.id}`);
    expect(after.json().items.some((i: { id: number }) => i.id === s3.id)).toBe(false);
  });

  it('refuses to move a unit under itself or its descendant', async () => {
    const { committee, schoolA, branchA } = await t.f.district();
    const c = await t.as('committee_admin', null);
    for (const target of [schoolA.id, branchA.id]) {
      const res = await c.post(`/api/v1/org-units/${schoolA.id}/move`, { version: 1, parentId: target });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const root = await c.post(`/api/v1/org-units/${committee.id}/move`, { version: 1, parentId: branchA.id });
    expect(root.statusCode).toBe(400);
  });

  it('answers 404 for reads outside reach and 403 for actions in reach without the ability', async () => {
    const { schoolA, schoolB, branchA } = await t.f.district();
    const adminA = await t.as('org_admin', schoolA.id);
    expect((await adminA.get(`/api/v1/org-units/${branchA.id}`)).statusCode).toBe(200);
    const outside = await adminA.get(`/api/v1/org-units/${schoolB.id}`);
    expect(outside.statusCode).toBe(404);
    expect(outside.json().error.code).toBe('not_found');
    expect((await adminA.get(`/api/v1/org-units?parentId=${schoolB.id}`)).statusCode).toBe(404);
    const search = await adminA.get('/api/v1/org-units?q=第二');
    expect(search.json().items).toEqual([]);
    const outsideWrite = await adminA.patch(`/api/v1/org-units/${schoolB.id}`, { version: 1, name: 'x' });
    expect(outsideWrite.statusCode).toBe(404);

    const recorder = await t.as('recorder', schoolA.id);
    const res = await recorder.patch(`/api/v1/org-units/${branchA.id}`, { version: 1, name: 'x' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    const denied = await t.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'org_unit.update').where('result', '=', 'denied').execute();
    expect(denied.length).toBe(2);
  });

  it('shows a scoped user only their top unit', async () => {
    const { schoolA } = await t.f.district();
    const c = await t.as('org_admin', schoolA.id);
    const roots = await c.get('/api/v1/org-units');
    expect(roots.json().items.map((i: { id: number }) => i.id)).toEqual([schoolA.id]);
  });

  it('validates input with field-level reasons', async () => {
    const { committee } = await t.f.district();
    const c = await t.as('committee_admin', committee.id);
    const res = await c.post('/api/v1/org-units', { code: 'bad code!', name: '', kind: 'castle', parentId: committee.id });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['body.code', 'body.name', 'body.kind']));
  });
});
