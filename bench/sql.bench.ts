// SQL benchmark: each hot aggregate through its service function vs the very statements it runs, replayed raw
// through the bare driver (better-sqlite3 / pg), on the demo district. Ratio goal ≤ 1.5×.
// Env: BENCH_ITER (default 50), BENCH_DATABASE_URL (PostgreSQL admin URL; else a throwaway cluster is started
// with scripts/pg-cluster.mjs when PostgreSQL binaries exist), BENCH_SKIP_PG=1, BENCH_SQLITE_FILE, BENCH_NAME (results file name).
import { writeResults } from './lib.ts';
import { demoSqlite, onDemoPg, pgBench, sqliteBench } from './sql-lib.ts';
import { type Row, measure, table as resultTable } from './sql-measure.ts';

const ITER = Number(process.env.BENCH_ITER ?? 50);

const rows: Row[] = [];
// BENCH_SQLITE_FILE: measure an existing (migrated, demo-loaded) SQLite file instead of loading a fresh demo.
const lite = process.env.BENCH_SQLITE_FILE ? null : demoSqlite();
try {
  const b = sqliteBench(process.env.BENCH_SQLITE_FILE ?? (lite as { file: string }).file);
  rows.push(...(await measure(b, ITER)));
  await b.close();
} finally {
  lite?.dispose();
}

await onDemoPg(56432, async (url) => {
  const b = pgBench(url);
  rows.push(...(await measure(b, ITER)));
  await b.close();
});

const table = [
  ...resultTable(rows),
  '',
  `${process.env.BENCH_SQLITE_FILE ? `SQLite file ${process.env.BENCH_SQLITE_FILE}` : 'Demo district'}, ${ITER} iterations each (interleaved). "raw SQL" replays the exact statements the service ran, through the bare driver.`,
].join('\n');
writeResults(process.env.BENCH_NAME ?? 'sql', rows, table);
