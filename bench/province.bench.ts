// Province scale on PostgreSQL (issues H, B, J): a generated province slice (bench/generator/province-slice.ts:
// ≈ 20,000 org units, ≈ 1,000,000 staff, one year of records), its committee's duty list published, then
//   1. the situation report of the province-year: figures + text + the Word document (goal ≤ 30 s),
//   2. the compliance store built from the records, and the committee's grid right after single writes,
//   3. the hot aggregates (compliance grid, report figures, dashboard) through the service vs their raw SQL
//      (bench/sql-measure.ts; goal ≤ 1.5×, the grid p95 ≤ 300 ms).
// BENCH_DATABASE_URL (an admin URL; a database is created in it), else a throwaway cluster on BENCH_PG_PORT
// (default 55472). BENCH_ORGS (default 20000) sizes the slice, BENCH_ITER (default 5) the aggregate runs;
// BENCH_KEEP_DB=1 leaves the database for a closer look; BENCH_PROVINCE_URL runs on such a kept database as it is
// (no generation, no new duty list).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config.ts';
import { createList, publishList } from '../apps/server/src/modules/duties/service.ts';
import { reportDocx } from '../apps/server/src/modules/report/render.ts';
import { buildReport } from '../apps/server/src/modules/report/service.ts';
import { complianceGrid, refreshStore } from '../apps/server/src/modules/ledger/compliance-store.ts';
import { openContext } from '../apps/server/src/platform/bootstrap.ts';
import { FakeClock } from '../apps/server/src/platform/clock.ts';
import { extraRecords, generateSlice } from './generator/province-slice.ts';
import { writeResults } from './lib.ts';
import { percentile, pgBench, scratchPgDatabase } from './sql-lib.ts';
import { measure, table as sqlTable } from './sql-measure.ts';

const ORGS = Number(process.env.BENCH_ORGS ?? 20_000);
const ITER = Number(process.env.BENCH_ITER ?? 5);
const PORT = Number(process.env.BENCH_PG_PORT ?? 55472);
const YEAR = 2022;
const SEED = 1;
const REPORT_GOAL_S = 30;
const log = (s: string) => process.stdout.write(`${s}\n`);
const secs = (ms: number) => Math.round(ms / 100) / 10;

const REUSE = process.env.BENCH_PROVINCE_URL;
const scratch = REUSE ? { url: REUSE, throwaway: false, dispose: async () => {} } : await scratchPgDatabase('tz_province', PORT);
const now = new Date(`${YEAR + 1}-01-10T02:00:00.000Z`);
const ctx = await openContext(loadConfig(process.env, { LOG_LEVEL: 'silent', DATABASE_URL: scratch.url }), new FakeClock(now));
const bench = pgBench(scratch.url);
try {
  const db = ctx.db;
  let rootId: number;
  let t0 = performance.now();
  if (REUSE) {
    rootId = (await db.selectFrom('org_units').select('id').where('code', '=', `G${SEED}`).executeTakeFirstOrThrow()).id;
    log(`reusing ${REUSE}`);
  } else {
    log(`generating ≈${ORGS} org units (province plan, seed ${SEED}, records of ${YEAR})…`);
    const st = await generateSlice(db, ORGS, YEAR, SEED, now);
    rootId = st.orgIds.get(`G${SEED}`) as number;
    await extraRecords(db, rootId, YEAR, now.toISOString());
    await sql`analyze`.execute(db);
    log(`generated in ${secs(performance.now() - t0)} s`);
  }
  // BENCH_EXTRA_BRANCHES: branches without records added under the schools (round robin), to bring the slice to the
  // 30,000 branches of issue B's grid goal (the plan itself stops at ≈ 10,000).
  const EXTRA = Number(process.env.BENCH_EXTRA_BRANCHES ?? 0);
  const already = Number(
    (
      await db
        .selectFrom('org_units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('code', 'like', 'XB%')
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (EXTRA > already) {
    t0 = performance.now();
    const at = now.toISOString();
    await sql`insert into org_units (code, name, kind, parent_id, active, active_from, sort_order, is_demo, created_at, updated_at, version)
      select 'XB' || g, '新增支部' || g, 'branch', s.id, 1, '2021-09-01', 0, 0, ${at}, ${at}, 1
      from generate_series(${already + 1}::int, ${EXTRA}::int) g
      join (select id, row_number() over (order by id) - 1 as rn, count(*) over () as n from org_units where kind = 'school') s
        on s.rn = (g - 1) % s.n`.execute(db);
    await sql`insert into org_closure (ancestor_id, descendant_id, depth)
      select c.ancestor_id, b.id, c.depth + 1 from org_units b join org_closure c on c.descendant_id = b.parent_id
      where b.code like 'XB%' and not exists (select 1 from org_closure x where x.descendant_id = b.id)
      union all
      select b.id, b.id, 0 from org_units b where b.code like 'XB%' and not exists (select 1 from org_closure x where x.descendant_id = b.id)`.execute(db);
    await sql`analyze org_units`.execute(db);
    await sql`analyze org_closure`.execute(db);
    log(`added ${EXTRA - already} branches without records in ${secs(performance.now() - t0)} s`);
  }
  const count = async (table: 'org_units' | 'people' | 'activities' | 'activity_attendance', kind?: string) => {
    let q = db.selectFrom(table as 'org_units').select((eb) => eb.fn.countAll<number>().as('n'));
    if (kind) q = q.where('kind', '=', kind);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const sizes = {
    orgs: await count('org_units'),
    branches: await count('org_units', 'branch'),
    schools: await count('org_units', 'school'),
    people: await count('people'),
    activities: await count('activities'),
    attendance: await count('activity_attendance'),
  };
  log(JSON.stringify(sizes));

  // The committee's duty list with the defaults, published (the report and dashboard count duties).
  t0 = performance.now();
  let published = Number(
    (
      await db
        .selectFrom('duties')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('year', '=', YEAR)
        .executeTakeFirstOrThrow()
    ).n,
  );
  if (!REUSE || published === 0) {
    const list = await db.transaction().execute((trx) => createList(ctx, trx, null, { year: YEAR, orgId: rootId, withDefaults: true }));
    published = (await db.transaction().execute((trx) => publishList(ctx, trx, list, { version: list.version, date: `${YEAR}-01-01` }))).created;
    await sql`analyze duties`.execute(db);
    log(`duty list published: ${published} duties in ${secs(performance.now() - t0)} s`);
  }

  // 1. The report, cold then warm: figures, text, and the docx.
  const reportRuns: { figuresAndText: number; docx: number; total: number; bytes: number }[] = [];
  for (let i = 0; i < 2; i++) {
    t0 = performance.now();
    const report = await buildReport(db, rootId, YEAR);
    const t1 = performance.now();
    const doc = await reportDocx(report, `${YEAR + 1}-01-10`);
    const t2 = performance.now();
    reportRuns.push({ figuresAndText: t1 - t0, docx: t2 - t1, total: t2 - t0, bytes: doc.length });
    log(`report run ${i + 1}: figures + text ${Math.round(t1 - t0)} ms, docx ${Math.round(t2 - t1)} ms (${doc.length} bytes)`);
  }
  const reportS = secs(reportRuns[0].total);
  const reportOk = reportS <= REPORT_GOAL_S;

  // 2. The compliance store: built on the first big grid, then kept up to date by the writes (one record's status
  // changed before each read: its org and its attendees' orgs are recomputed first).
  const today = `${YEAR + 1}-01-10`;
  await db.deleteFrom('compliance_built').execute();
  t0 = performance.now();
  await refreshStore(db, 'pg', YEAR, today, now.toISOString());
  const storeBuildS = secs(performance.now() - t0);
  const storeCells = Number(
    (
      await db
        .selectFrom('compliance_cells')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  log(`compliance store built in ${storeBuildS} s (${storeCells} cells)`);
  const written = await db
    .selectFrom('activities')
    .select(['id', 'status'])
    .where('status', 'in', ['submitted', 'approved'])
    .orderBy('id')
    .limit(ITER * 2)
    .execute();
  const afterWrite: number[] = [];
  for (const a of written) {
    await db
      .updateTable('activities')
      .set({ status: a.status === 'approved' ? 'submitted' : 'approved' })
      .where('id', '=', a.id)
      .execute();
    t0 = performance.now();
    await complianceGrid(db, 'pg', { orgId: rootId, year: YEAR, today, dueSoonDays: 14 }, now.toISOString());
    afterWrite.push(performance.now() - t0);
    await db.updateTable('activities').set({ status: a.status }).where('id', '=', a.id).execute();
  }
  afterWrite.sort((a, b) => a - b);
  const afterWriteMs = { p50: Math.round(percentile(afterWrite, 50)), p95: Math.round(percentile(afterWrite, 95)) };
  log(`grid after one write: ${JSON.stringify(afterWriteMs)} ms`);

  // 3. The aggregates vs raw SQL.
  const rows = await measure(bench, ITER, rootId, true);
  const table = [
    '| scale | orgs | branches | schools | staff | records | attendance rows | report, cold s (figures + text / docx) | report, warm s | goal | ok |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
    `| province slice, ${YEAR} | ${sizes.orgs} | ${sizes.branches} | ${sizes.schools} | ${sizes.people} | ${sizes.activities} | ${sizes.attendance} | ${reportS} (${secs(reportRuns[0].figuresAndText)} / ${secs(reportRuns[0].docx)}) | ${secs(reportRuns[1].total)} | ≤ ${REPORT_GOAL_S} s | ${reportOk ? 'yes' : 'NO'} |`,
    '',
    ...sqlTable(rows),
    '',
    `Compliance store: built from the records in ${storeBuildS} s (${storeCells} cells of ${YEAR}); the committee's grid right after one record's status changed (that record's orgs recomputed first): p50 ${afterWriteMs.p50} ms, p95 ${afterWriteMs.p95} ms (${afterWrite.length} writes).`,
    '',
    `PostgreSQL ${REUSE ? 'database kept from an earlier run (BENCH_PROVINCE_URL)' : scratch.throwaway ? 'throwaway cluster (fsync off)' : 'at BENCH_DATABASE_URL'}; bench/generator province plan (seed ${SEED}) cut at ${ORGS} org units, records of ${YEAR} only,`,
    `plus branch committee posts, risk reviews, incidents, ethics cases and six tasks to every party org; the committee's default duty list published (${published} duties).`,
    `Report = buildReport (every figure with its sources, the text) + reportDocx, for the province committee; aggregates: ${ITER} interleaved runs each.`,
    `The compliance-grid goal of issue B is for 30,000 branches; this slice has ${sizes.branches}${EXTRA ? ` (${EXTRA} of them added without records: BENCH_EXTRA_BRANCHES)` : ''}.`,
  ].join('\n');
  writeResults('province', [{ sizes, reportRuns, reportOk, storeBuildS, storeCells, afterWriteMs, aggregates: rows }], table);
} finally {
  await bench.close();
  await ctx.handle.close();
  await scratch.dispose();
}
