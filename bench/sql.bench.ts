// SQL benchmark: each hot aggregate through its service function vs the very statements it runs, replayed raw
// through the bare driver (better-sqlite3 / pg), on the demo district. Ratio goal ≤ 1.5×.
// Env: BENCH_ITER (default 50), BENCH_DATABASE_URL (PostgreSQL admin URL; else a throwaway cluster is started
// with scripts/pg-cluster.mjs when PostgreSQL binaries exist), BENCH_SKIP_PG=1, BENCH_SQLITE_FILE, BENCH_NAME (results file name).
import { performance } from 'node:perf_hooks';
import { writeResults } from './lib.ts';
import { type BenchDb, demoPg, demoSqlite, startPgCluster, percentile, pgBench, round, sqliteBench } from './sql-lib.ts';
import { TARGETS, committeeOf } from './sql-targets.ts';

const ITER = Number(process.env.BENCH_ITER ?? 50);

interface Row {
  dialect: string;
  name: string;
  queries: number;
  serviceP50: number;
  serviceP95: number;
  rawP50: number;
  rawP95: number;
  ratio: number;
  goalMs?: number;
  ok: boolean;
}

async function measure(b: BenchDb): Promise<Row[]> {
  const committee = await committeeOf(b.db);
  const out: Row[] = [];
  for (const t of TARGETS) {
    const { queries } = await b.capture((db) => t.run(db, committee));
    const svc: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 3; i++) {
      await t.run(b.db, committee);
      for (const q of queries) await b.raw(q);
    }
    // Interleave so background load hits both sides alike.
    for (let i = 0; i < ITER; i++) {
      let t0 = performance.now();
      await t.run(b.db, committee);
      svc.push(performance.now() - t0);
      t0 = performance.now();
      for (const q of queries) await b.raw(q);
      raw.push(performance.now() - t0);
    }
    svc.sort((a, c) => a - c);
    raw.sort((a, c) => a - c);
    const goalMs = t.goalMs[b.dialect];
    const serviceP95 = round(percentile(svc, 95));
    const ratio = round(percentile(svc, 50) / percentile(raw, 50));
    out.push({
      dialect: b.dialect,
      name: t.name,
      queries: queries.length,
      serviceP50: round(percentile(svc, 50)),
      serviceP95,
      rawP50: round(percentile(raw, 50)),
      rawP95: round(percentile(raw, 95)),
      ratio,
      goalMs,
      ok: ratio <= 1.5 && (goalMs === undefined || serviceP95 <= goalMs),
    });
    process.stdout.write(`${b.dialect} ${t.name}: ${JSON.stringify(out[out.length - 1])}\n`);
  }
  return out;
}

const rows: Row[] = [];
// BENCH_SQLITE_FILE: measure an existing (migrated, demo-loaded) SQLite file instead of loading a fresh demo.
const lite = process.env.BENCH_SQLITE_FILE ? null : demoSqlite();
try {
  const b = sqliteBench(process.env.BENCH_SQLITE_FILE ?? (lite as { file: string }).file);
  rows.push(...(await measure(b)));
  await b.close();
} finally {
  lite?.dispose();
}

if (process.env.BENCH_SKIP_PG !== '1') {
  let cluster: { url: string; stop(): void } | null = null;
  if (!process.env.BENCH_DATABASE_URL) cluster = await startPgCluster(56432);
  const admin = process.env.BENCH_DATABASE_URL ?? cluster?.url;
  if (!admin) process.stdout.write('PostgreSQL binaries not found: PostgreSQL part skipped\n');
  else {
    try {
      const d = await demoPg(admin);
      try {
        const b = pgBench(d.url);
        rows.push(...(await measure(b)));
        await b.close();
      } finally {
        await d.dispose();
      }
    } finally {
      cluster?.stop();
    }
  }
}

const table = [
  `| db | aggregate | statements | service p50 / p95 ms | raw SQL p50 / p95 ms | service ÷ raw (p50) | goal | ok |`,
  '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.dialect} | ${r.name} | ${r.queries} | ${r.serviceP50} / ${r.serviceP95} | ${r.rawP50} / ${r.rawP95} | ${r.ratio}× | ≤ 1.5×${r.goalMs ? `, p95 ≤ ${r.goalMs} ms` : ''} | ${r.ok ? 'yes' : 'NO'} |`,
  ),
  '',
  `${process.env.BENCH_SQLITE_FILE ? `SQLite file ${process.env.BENCH_SQLITE_FILE}` : 'Demo district'}, ${ITER} iterations each (interleaved). "raw SQL" replays the exact statements the service ran, through the bare driver.`,
].join('\n');
writeResults(process.env.BENCH_NAME ?? 'sql', rows, table);
