// Report benchmark: the demo district's situation report for 2022 — every figure with its sources and the text
// (buildReport), then the Word document with its charts (reportDocx) — on SQLite and on PostgreSQL, BENCH_ITER runs
// each after one warm-up run. Goal (issue [H]): ≤ 1 s for the district-year. The province-scale report is
// bench/province.bench.ts.
// Env: BENCH_ITER (default 10), BENCH_SKIP_PG=1, BENCH_DATABASE_URL (PostgreSQL admin URL; else a throwaway cluster).
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../apps/server/src/config.ts';
import { reportDocx } from '../apps/server/src/modules/report/render.ts';
import { buildReport } from '../apps/server/src/modules/report/service.ts';
import { openContext } from '../apps/server/src/platform/bootstrap.ts';
import { FakeClock } from '../apps/server/src/platform/clock.ts';
import { writeResults } from './lib.ts';
import { demoSqlite, onDemoPg, percentile, round } from './sql-lib.ts';
import { committeeOf } from './sql-targets.ts';

const ITER = Number(process.env.BENCH_ITER ?? 10);
const YEAR = 2022;
const GOAL_MS = 1000;

interface Row {
  dialect: string;
  runs: number;
  reportP50: number;
  reportP95: number;
  docxP50: number;
  totalP50: number;
  totalP95: number;
  bytes: number;
  ok: boolean;
}

async function measureReport(dialect: string, env: Record<string, string>): Promise<Row> {
  const ctx = await openContext(loadConfig({ ...process.env, ...env }, { LOG_LEVEL: 'silent' }), new FakeClock(new Date(`${YEAR + 1}-01-10T02:00:00Z`)));
  try {
    const orgId = await committeeOf(ctx.db);
    const report: number[] = [];
    const docx: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= ITER; i++) {
      const t0 = performance.now();
      const r = await buildReport(ctx.db, orgId, YEAR);
      const t1 = performance.now();
      const doc = await reportDocx(r, `${YEAR + 1}-01-10`);
      const t2 = performance.now();
      bytes = doc.length;
      if (i === 0) continue; // warm-up: module loading, statement caches
      report.push(t1 - t0);
      docx.push(t2 - t1);
    }
    const total = report.map((x, i) => x + docx[i]).sort((a, b) => a - b);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    const row = {
      dialect,
      runs: ITER,
      reportP50: round(percentile(sorted(report), 50), 1),
      reportP95: round(percentile(sorted(report), 95), 1),
      docxP50: round(percentile(sorted(docx), 50), 1),
      totalP50: round(percentile(total, 50), 1),
      totalP95: round(percentile(total, 95), 1),
      bytes,
      ok: percentile(total, 95) <= GOAL_MS,
    };
    process.stdout.write(`${JSON.stringify(row)}\n`);
    return row;
  } finally {
    await ctx.handle.close();
  }
}

const rows: Row[] = [];
const lite = demoSqlite();
try {
  rows.push(await measureReport('sqlite', { DATABASE_URL: '', TAIZHANG_DATA_DIR: dirname(lite.file) }));
} finally {
  lite.dispose();
}
await onDemoPg(56632, async (url) => {
  rows.push(await measureReport('pg', { DATABASE_URL: url }));
});

const table = [
  '| db | report (figures + sources + text) p50 / p95 ms | docx p50 ms | total p50 / p95 ms | docx size | goal | ok |',
  '| --- | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.dialect} | ${r.reportP50} / ${r.reportP95} | ${r.docxP50} | ${r.totalP50} / ${r.totalP95} | ${Math.round(r.bytes / 1024)} kB | ≤ ${GOAL_MS} ms | ${r.ok ? 'yes' : 'NO'} |`,
  ),
  '',
  `Demo district, ${YEAR}, the committee's report; ${ITER} runs each after a warm-up run.`,
].join('\n');
writeResults('report', rows, table);
