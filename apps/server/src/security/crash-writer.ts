// Child process for crash.test.ts: mixed writes (org units, people, each with its audit event in the same
// transaction) until it is SIGKILLed. Prints "ready" once the database is open, writes after a line on stdin.
import { loadConfig } from '../config.ts';
import { createPerson } from '../modules/people/service.ts';
import { insertOrgUnit } from '../modules/org-units/service.ts';
import { createDatabase } from '../db/database.ts';
import { systemClock } from '../platform/clock.ts';
import { createContext } from '../platform/context.ts';

// The test migrated the database already: skip the migrator (it imports every module) to start fast.
const config = loadConfig();
const ctx = createContext(config, createDatabase(config), systemClock);
const parentId = Number(process.env.TZ_CRASH_PARENT);
const tag = `${process.pid}`;
process.stdout.write('ready\n');
// Pre-started by the test while the previous writer runs; starts writing on "go".
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
for (let i = 0; ; i++) {
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
