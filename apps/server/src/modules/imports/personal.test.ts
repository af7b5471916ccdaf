import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { type Client, type TestApp, createTestApp } from '../../test/harness.ts';
import { PEOPLE_HEADER, uploadWorkbook, workbook } from '../../test/workbooks.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function phonesOf(res: { rawPayload: Buffer }): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  const header = (ws.getRow(1).values as unknown[]).map(String);
  const col = header.indexOf('手机号');
  const out: string[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) out.push(String(row.getCell(col).value ?? ''));
  });
  return out;
}

function upload(c: Client, buf: Buffer) {
  return uploadWorkbook(c, 'people', buf);
}

describe('personal fields through imports and exports', () => {
  for (const profile of ['standard', 'sm'] as const) {
    it(`${profile}: imported phones are sealed at rest; exports show them in full only to callers who may read them`, async () => {
      t = await createTestApp({ config: { CRYPTO_PROFILE: profile, TAIZHANG_KEY: randomBytes(32).toString('hex') } });
      const { schoolA } = await t.f.district();
      const admin = await t.as('committee_admin', null);
      const res = await upload(
        admin,
        await workbook([PEOPLE_HEADER, ['P1', '刘莹', '女', '1980-05-01', schoolA.code, '', '群众', '', '', '教师', '13812345678']]),
      );
      expect(res.statusCode, res.body).toBe(200);
      const stored = await t.ctx.db.selectFrom('people').select('phone').where('code', '=', 'P1').executeTakeFirstOrThrow();
      expect(stored.phone).not.toContain('13812345678');
      // Full numbers leave only after the password was entered again in this session.
      const refused = await admin.get('/api/v1/exports/people');
      expect(refused.statusCode).toBe(403);
      expect(refused.json().error.code).toBe('reauth_required');
      await admin.reauth();
      expect(await phonesOf(await admin.get('/api/v1/exports/people'))).toEqual(['13812345678']);
      const inspector = await t.as('inspector', null);
      const masked = await phonesOf(await inspector.get('/api/v1/exports/people'));
      expect(masked).toHaveLength(1);
      expect(masked[0]).not.toContain('12345');
      const events = await t.ctx.db.selectFrom('audit_events').select('after_json').where('action', '=', 'export.run').execute();
      expect(events).toHaveLength(2);
      expect(events.every((e) => e.after_json?.includes('"personal":true'))).toBe(true);
    });
  }
});
