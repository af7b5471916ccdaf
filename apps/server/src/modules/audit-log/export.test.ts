import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('audit export and refused reads', () => {
  it('a refused read is audited as denied; the audit administrator exports the filtered trail as CSV, itself audited', async () => {
    const sys = await t.as('system_admin', null);
    expect((await sys.get('/api/v1/audit-events')).statusCode).toBe(403);
    expect((await sys.get('/api/v1/audit-events/export')).statusCode).toBe(403);
    const denied = await t.ctx.db.selectFrom('audit_events').select(['action', 'result']).where('result', '=', 'denied').execute();
    expect(denied.map((d) => d.action)).toEqual(['GET /api/v1/audit-events', 'GET /api/v1/audit-events/export']);

    // A value that looks like a formula must arrive as text.
    await t.ctx.audit.write(t.ctx.db, { at: t.clock.now().toISOString(), actorId: null, actorName: '=HYPERLINK("x")', action: 'test.formula', result: 'ok' });
    const auditor = await t.as('audit_admin', null);
    await auditor.reauth();
    const res = await auditor.get('/api/v1/audit-events/export?result=denied');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toContain('操作');
    expect(lines).toHaveLength(3);
    expect(lines.slice(1).every((l) => l.includes('denied'))).toBe(true);
    const all = await auditor.get('/api/v1/audit-events/export?action=test.');
    expect(all.body).toContain(`"'=HYPERLINK(""x"")"`);
    const exports = await t.ctx.db.selectFrom('audit_events').select('after_json').where('action', '=', 'audit.export').execute();
    expect(exports).toHaveLength(2);
    expect(exports[0].after_json).toContain('"rows":2');
  });
});
