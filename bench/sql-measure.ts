// The SQL measurement shared by bench/sql.bench.ts (demo district) and bench/province.bench.ts: each hot aggregate
// through its service function vs the very statements it runs, replayed raw through the bare driver, interleaved.
import { performance } from 'node:perf_hooks';
import { type BenchDb, percentile, round } from './sql-lib.ts';
import { TARGETS, committeeOf } from './sql-targets.ts';

export interface Row {
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

/**
 * Every target of sql-targets.ts, `iter` interleaved runs each, for the top committee of the database; `province`:
 * the targets' province goals apply instead of the demo district's.
 */
export async function measure(b: BenchDb, iter: number, committeeId?: number, province = false): Promise<Row[]> {
  const committee = committeeId ?? (await committeeOf(b.db));
  const out: Row[] = [];
  for (const t of TARGETS) {
    await t.run(b.db, committee, b.dialect);
    const { queries } = await b.capture((db) => t.run(db, committee, b.dialect));
    const svc: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 3; i++) {
      await t.run(b.db, committee, b.dialect);
      for (const q of queries) await b.raw(q);
    }
    // Interleave so background load hits both sides alike.
    for (let i = 0; i < iter; i++) {
      let t0 = performance.now();
      await t.run(b.db, committee, b.dialect);
      svc.push(performance.now() - t0);
      t0 = performance.now();
      for (const q of queries) await b.raw(q);
      raw.push(performance.now() - t0);
    }
    svc.sort((a, c) => a - c);
    raw.sort((a, c) => a - c);
    const goalMs = province ? t.goalMs.province : t.goalMs[b.dialect];
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

/** The results table, one line per row. */
export function table(rows: Row[]): string[] {
  return [
    `| db | aggregate | statements | service p50 / p95 ms | raw SQL p50 / p95 ms | service ÷ raw (p50) | goal | ok |`,
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.dialect} | ${r.name} | ${r.queries} | ${r.serviceP50} / ${r.serviceP95} | ${r.rawP50} / ${r.rawP95} | ${r.ratio}× | ≤ 1.5×${r.goalMs ? `, p95 ≤ ${r.goalMs} ms` : ''} | ${r.ok ? 'yes' : 'NO'} |`,
    ),
  ];
}
