// Child process for crash.test.ts: mixed writes (org units, people, each with its audit event in the same
// transaction, and every third round a 10-person Excel import through the import engine) until it is SIGKILLed.
// Prints "ready" once the database is open, writes after a line on stdin.
import ExcelJS from 'exceljs';
import { loadConfig } from '../config.ts';
import { createPerson } from '../modules/people/service.ts';
import { insertOrgUnit } from '../modules/org-units/service.ts';
import { createDatabase } from '../db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { createContext } from '../platform/context.ts';
import { runImport } from '../platform/xlsx/runner.ts';
import { peopleKind } from '../modules/people/import-kind.ts';

// The test migrated the database already: skip the migrator (it imports every module) to start fast.
const config = loadConfig();
const ctx = createContext(config, createDatabase(config), systemClock);
const parentId = Number(process.env.TZ_CRASH_PARENT);
const tag = `${process.pid}`;

const PEOPLE_HEADER = ['人员编码', '姓名', '性别', '出生日期', '所在单位编码', '所在党组织编码', '政治面貌', '入党日期', '转正日期', '职务', '手机号'];
async function peopleWorkbook(prefix: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名册');
  ws.addRow(PEOPLE_HEADER);
  for (let j = 0; j < 10; j++) ws.addRow([`${prefix}${j}`, '导入测试', '女', '1985-03-01', 'CRASHROOT', '', '群众', '', '', '教师', '13900000000']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// Warm the import path (lazy module loading, first parse) and build the workbooks before the test's kill timer
// starts (a dry run reads only, so it does not contend with the writer that is running meanwhile).
await runImport(ctx, peopleKind, await peopleWorkbook(`CW${tag}_`), {
  dryRun: true,
  actorId: null,
  actorName: 'crash-warmup',
  scope: { all: true, roots: [] },
});
const workbooks: Buffer[] = [];
for (let i = 0; i < 12; i++) workbooks.push(await peopleWorkbook(`CI${tag}_${i}_`));
process.stdout.write('ready\n');
// Pre-started by the test while the previous writer runs; starts writing on "go".
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
for (let i = 0; ; i++) {
  const buf = i % 3 === 1 ? workbooks[(i - 1) / 3] : undefined;
  if (buf) {
    const r = await runImport(ctx, peopleKind, buf, { actorId: null, actorName: 'crash-writer', scope: { all: true, roots: [] } });
    if (!r.ok) throw new Error(`crash-writer import refused: ${JSON.stringify(r.problems ?? r.refused)}`);
  }
  await ctx.db.transaction().execute(async (trx) => {
    const org = await insertOrgUnit(ctx, trx, { code: `CR${tag}_${i}`, name: `崩溃测试支部${tag}-${i}`, kind: 'branch', parentId });
    await ctx.audit.write(trx, {
      at: ctx.clock.now().toISOString(),
      actorId: null,
      actorName: 'crash-writer',
      action: 'org_unit.create',
      entityType: 'org_unit',
      entityId: org.id,
      orgId: org.id,
      result: 'ok',
      after: org,
    });
    for (let j = 0; j < 3; j++) {
      const p = await createPerson(ctx, trx, null, {
        code: `CP${tag}_${i}_${j}`,
        name: '测试',
        unitId: parentId,
        partyOrgId: org.id,
        politicalStatus: '中共党员',
        joinDate: '2010-01-01',
        conversionDate: '2011-01-01',
        phone: '13800000000',
      });
      await ctx.audit.write(trx, {
        at: ctx.clock.now().toISOString(),
        actorId: null,
        actorName: 'crash-writer',
        action: 'person.create',
        entityType: 'person',
        entityId: p.id,
        orgId: org.id,
        result: 'ok',
        after: p,
      });
    }
  });
}
