// Import benchmark: a 20,000-person workbook (realistic names, messy-but-valid cells) against the demo district on
// SQLite. Times exceljs's bare `xlsx.load` of the same bytes beside the full runImport (read + validate + commit).
// Fair comparison: one untimed warm-up of each, then BENCH_RUNS (default 5) interleaved runs of each — exceljs load,
// then runImport against a fresh copy of the demo database (so every run inserts all rows) — with a GC before each
// timed step; the table reports medians and the ratio of the medians.
// Goals: runImport ≤ 10 s and ≤ 2× exceljs. Env: BENCH_PEOPLE (default 20000), BENCH_SEED (default 1), BENCH_RUNS (default 5).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import { loadConfig } from '../apps/server/src/config.ts';
import { openContext } from '../apps/server/src/platform/bootstrap.ts';
import { runImport } from '../apps/server/src/platform/xlsx/runner.ts';
import { peopleKind } from '../apps/server/src/modules/people/import-kind.ts';
import { cli, rssMb, writeResults } from './lib.ts';
import { fullName, rng } from './names.ts';

const N = Number(process.env.BENCH_PEOPLE ?? 20000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
/** CPU time of this process (all its threads, so GC helper threads too), in ms. */
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const root = mkdtempSync(path.join(os.tmpdir(), 'tz-importbench-'));
const demoDir = path.join(root, 'demo');
try {
  mkdirSync(demoDir);
  cli({ TAIZHANG_DATA_DIR: demoDir, DATABASE_URL: '' }, ['demo']);
  const setup = await openContext(loadConfig({}, { TAIZHANG_DATA_DIR: demoDir, LOG_LEVEL: 'silent' }));
  // The demo tree: each school with the branches serving it (through its general branch, if any).
  const pairs = await setup.db
    .selectFrom('org_units as b')
    .innerJoin('org_closure as c', 'c.descendant_id', 'b.id')
    .innerJoin('org_units as s', 's.id', 'c.ancestor_id')
    .select(['s.code as school', 'b.code as branch'])
    .where('b.kind', '=', 'branch')
    .where('s.kind', 'in', ['school', 'kindergarten'])
    .execute();
  const schools = (await setup.db.selectFrom('org_units').select('code').where('kind', 'in', ['school', 'kindergarten']).orderBy('code').execute()).map(
    (s) => s.code,
  );
  await setup.handle.close();
  const anyBranch = pairs.map((p) => p.branch);
  const branchOf = new Map<string, string[]>();
  for (const p of pairs) branchOf.set(p.school, [...(branchOf.get(p.school) ?? []), p.branch]);

  const buf = await makeWorkbook(N, SEED, schools, (school, r) => {
    const list = branchOf.get(school) ?? anyBranch;
    return list[Math.floor(r() * list.length)];
  });

  const bareLoad = async (): Promise<{ ms: number; cpu: number }> => {
    gc();
    const c0 = cpuMs();
    const t0 = performance.now();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(buf as unknown as ExcelJS.Buffer);
    return { ms: performance.now() - t0, cpu: cpuMs() - c0 };
  };
  let copies = 0;
  /** One import into a fresh copy of the demo database: its time and how many rows it wrote. */
  const oneImport = async (): Promise<{ ms: number; cpu: number; inserted: number; written: number }> => {
    const dir = path.join(root, `run${copies++}`);
    mkdirSync(dir);
    for (const f of readdirSync(demoDir)) copyFileSync(path.join(demoDir, f), path.join(dir, f));
    const ctx = await openContext(loadConfig({}, { TAIZHANG_DATA_DIR: dir, LOG_LEVEL: 'silent' }));
    try {
      gc();
      const c0 = cpuMs();
      const t0 = performance.now();
      const r = await runImport(ctx, peopleKind, buf, { actorId: null, actorName: 'bench', scope: { all: true, roots: [] } });
      const ms = performance.now() - t0;
      const cpu = cpuMs() - c0;
      if (!r.ok) throw new Error(`import refused: ${r.refused ?? JSON.stringify(r.problems.slice(0, 5))}`);
      const count = await ctx.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('import_batch', '=', r.batchId)
        .executeTakeFirstOrThrow();
      return { ms, cpu, inserted: r.inserted, written: Number(count.n) };
    } finally {
      await ctx.handle.close();
      rmSync(dir, { recursive: true, force: true });
    }
  };

  // Warm-up (untimed): both code paths compiled and caches filled before anything is measured.
  await bareLoad();
  await oneImport();
  const bareMs: number[] = [];
  const fullMs: number[] = [];
  const bareCpu: number[] = [];
  const fullCpu: number[] = [];
  let last = { inserted: 0, written: 0 };
  for (let i = 0; i < RUNS; i++) {
    const b = await bareLoad();
    bareMs.push(b.ms);
    bareCpu.push(b.cpu);
    const r = await oneImport();
    fullMs.push(r.ms);
    fullCpu.push(r.cpu);
    last = r;
    if (r.written !== N) throw new Error(`expected ${N} rows written, found ${r.written}`);
  }
  const bare = median(bareMs);
  const full = median(fullMs);
  const cpuRatio = Math.round((median(fullCpu) / median(bareCpu)) * 100) / 100;
  const load = os.loadavg()[0];

  const result = {
    rows: N,
    bytes: buf.length,
    runs: RUNS,
    exceljsLoadMs: Math.round(bare),
    runImportMs: Math.round(full),
    exceljsRunsMs: bareMs.map(Math.round),
    runImportRunsMs: fullMs.map(Math.round),
    ratio: Math.round((full / bare) * 100) / 100,
    exceljsCpuMs: Math.round(median(bareCpu)),
    runImportCpuMs: Math.round(median(fullCpu)),
    cpuRatio,
    loadAverage: Math.round(load * 10) / 10,
    cores: os.cpus().length,
    inserted: last.inserted,
    written: last.written,
    rssMb: rssMb(process.pid),
    ok: full <= 10_000 && full / bare <= 2,
  };
  const secs = (ms: number) => (ms / 1000).toFixed(2);
  const table = [
    '| rows | file | exceljs load (median) | runImport: read + validate + commit (median) | ratio | goal | ok |',
    '| ---: | ---: | ---: | ---: | ---: | --- | --- |',
    `| ${N} | ${(buf.length / 1024 / 1024).toFixed(1)} MB | ${secs(bare)} s | ${secs(full)} s | ${result.ratio}× | ≤ 10 s, ≤ 2× | ${result.ok ? 'yes' : 'NO'} |`,
    '',
    `SQLite, demo district loaded first. One untimed warm-up of each, then ${RUNS} interleaved runs of each (exceljs load, then`,
    'runImport into a fresh copy of the demo database, a GC before each timed step); medians above, ratio = median / median.',
    `Runs — exceljs: ${bareMs.map(secs).join(', ')} s; runImport: ${fullMs.map(secs).join(', ')} s.`,
    `CPU time (process, medians): exceljs ${secs(median(bareCpu))} s, runImport ${secs(median(fullCpu))} s, ratio ${cpuRatio}× — a check on the`,
    `wall-clock ratio when the machine is shared (1-minute load average at the end: ${result.loadAverage} on ${result.cores} cores).`,
    `Each import wrote ${result.written} people in one transaction; RSS after: ${result.rssMb} MB.`,
  ].join('\n');
  writeResults('import', [result], table);
} finally {
  rmSync(root, { recursive: true, force: true });
}

/** A workbook as offices make them: a title row, odd date styles, full-width digits, stray spaces, blank rows. */
async function makeWorkbook(n: number, seed: number, schools: string[], branchFor: (school: string, r: () => number) => string): Promise<Buffer> {
  const r = rng(seed);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员名册');
  ws.addRow(['2024年教职工名册（请勿修改表头）']);
  ws.mergeCells(1, 1, 1, 11);
  ws.addRow(['人员编码', '姓 名', '性别', '出生日期', '所在单位\n编码', '所在党组织编码', '政治面貌', '入党日期', '转正日期', '职务', '手机号']);
  const fw = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
  const dateStyle = (iso: string, k: number): string | number | Date => {
    const [y, m, d] = iso.split('-').map(Number);
    switch (k % 6) {
      case 0:
        return iso;
      case 1:
        return `${y}/${m}/${d}`;
      case 2:
        return `${y}.${m}.${d}`;
      case 3:
        return `${y}年${m}月${d}日`;
      case 4:
        return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
      default:
        return new Date(Date.UTC(y, m - 1, d));
    }
  };
  const isoDate = (y: number) => `${y}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`;
  const posts = ['教师', '教师', '教师', '班主任、教师', '教师，班主任', '副校长 教师', '教研组长；教师', '教师、组织委员'];
  for (let i = 1; i <= n; i++) {
    if (i % 1500 === 0) ws.addRow([]);
    const school = schools[Math.floor(r() * schools.length)];
    const birthYear = 1963 + Math.floor(r() * 38);
    const birth = isoDate(birthYear);
    const x = r();
    const status = x < 0.22 ? '中共党员' : x < 0.25 ? '中共预备党员' : x < 0.35 ? '共青团员' : x < 0.37 ? '民主党派' : '群众';
    const member = status === '中共党员' || status === '中共预备党员';
    const join = member ? (status === '中共预备党员' ? '2024-01-10' : isoDate(Math.min(2020, birthYear + 20 + Math.floor(r() * 15)))) : null;
    const conv = status === '中共党员' && join ? `${Number(join.slice(0, 4)) + 1}${join.slice(4)}` : null;
    const code = `BX${String(i).padStart(6, '0')}`;
    const phone = `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    ws.addRow([
      i % 10 === 0 ? fw(code) : i % 13 === 0 ? `${code} ` : code,
      i % 17 === 0 ? ` ${fullName(r)}\u3000` : fullName(r),
      r() < 0.6 ? '女' : '男',
      dateStyle(birth, i),
      i % 11 === 0 ? ` ${school} ` : school,
      member ? branchFor(school, r) : null,
      status,
      join ? dateStyle(join, i + 1) : null,
      conv ? dateStyle(conv, i + 2) : null,
      posts[Math.floor(r() * posts.length)],
      i % 7 === 0 ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : i % 5 === 0 ? Number(phone) : phone,
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
