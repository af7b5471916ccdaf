// HTTP benchmarks at 50 connections on loopback, each beside the bare-Fastify ceiling measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, ROOT, type Result, cli, load, login, rssMb, startProcess, writeResults } from './lib.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tz-bench-'));
const env = { TAIZHANG_DATA_DIR: dir, LOG_LEVEL: 'warn', DATABASE_URL: process.env.BENCH_DATABASE_URL ?? '', LOGIN_RATE_PER_MINUTE: '100000' };
cli(env, ['demo']);
cli(env, ['user', 'create', '--username', 'bench', '--role', 'committee_admin', '--password-stdin'], 'Load-Test-Secret-2026\n');

const bare = await startProcess(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/bare-server.ts')], { PORT: '0' }, /^listening/);
const barePort = Number(bare.line.split(' ')[1]);
// BENCH_APP_NODE_ARGS: node options for the app process (e.g. "--max-semi-space-size=32"), to compare memory settings.
const nodeArgs = (process.env.BENCH_APP_NODE_ARGS ?? '').split(' ').filter(Boolean);
const app = await startProcess(process.execPath, [...nodeArgs, BIN, 'serve', '--port', '3917', '--host', '127.0.0.1'], env, /listening on/);
const base = 'http://127.0.0.1:3917';
const { cookie, csrf } = await login(base, 'bench', 'Load-Test-Secret-2026');
// The same database served without the read cache: what a request costs when nothing is kept (a first visit,
// or right after a write to what the list reads).
const uncached = await startProcess(
  process.execPath,
  [...nodeArgs, BIN, 'serve', '--port', '3918', '--host', '127.0.0.1'],
  { ...env, READ_CACHE: 'false' },
  /listening on/,
);
const uncachedBase = 'http://127.0.0.1:3918';
const uncachedLogin = await login(uncachedBase, 'bench', 'Load-Test-Secret-2026');
const committee = (await (await fetch(`${base}/api/v1/org-units`, { headers: { cookie } })).json()) as { items: { id: number }[] };
const committeeId = committee.items[0].id;
const headers = { cookie, origin: base, 'x-csrf-token': csrf, 'content-type': 'application/json' };

// The demo district's records are of the seed report's year.
const DEMO_YEAR = 2022;
const results: Result[] = [];
try {
  const ceiling = await load('(a) bare Fastify hello', { url: `http://127.0.0.1:${barePort}/hello` });
  results.push(ceiling);
  results.push(await load('(b) people list, 50 rows, org-scoped', { url: `${base}/api/v1/people?pageSize=50&orgId=${committeeId}`, headers }));
  results.push(await load('(b) org tree children', { url: `${base}/api/v1/org-units?parentId=${committeeId}`, headers }));
  results.push(await load('(b) activities list, 50 rows, org-scoped', { url: `${base}/api/v1/activities?pageSize=50&orgId=${committeeId}`, headers }));
  const uncachedHeaders = { ...headers, cookie: uncachedLogin.cookie, 'x-csrf-token': uncachedLogin.csrf };
  results.push(
    await load('(b) people list, read cache off', { url: `${uncachedBase}/api/v1/people?pageSize=50&orgId=${committeeId}`, headers: uncachedHeaders }),
  );
  results.push(
    await load('(b) activities list, read cache off', {
      url: `${uncachedBase}/api/v1/activities?pageSize=50&orgId=${committeeId}`,
      headers: uncachedHeaders,
    }),
  );
  // Two processes writing one SQLite file would contend in (c); the second one has done its part.
  uncached.proc.kill();
  results.push(
    await load('(d) compliance grid, the district, demo year', { url: `${base}/api/v1/compliance?orgId=${committeeId}&year=${DEMO_YEAR}`, headers }),
  );
  results.push(await load('(e) dashboard, the district, demo year', { url: `${base}/api/v1/dashboard?orgId=${committeeId}&year=${DEMO_YEAR}`, headers }));
  let n = 0;
  results.push(
    await load('(c) create org unit with audit', {
      url: `${base}/api/v1/org-units`,
      method: 'POST',
      headers,
      requests: [
        {
          setupRequest: (req) => ({
            ...req,
            body: JSON.stringify({ code: `BENCH-${process.pid}-${++n}`, name: `压测单位${n}`, kind: 'other', parentId: committeeId }),
          }),
        },
      ],
    }),
  );
  const rss = rssMb(app.proc.pid);
  for (const r of results) r.ratioToBare = Math.round((r.requestsPerSec / ceiling.requestsPerSec) * 1000) / 1000;
  results[results.length - 1].rssMb = rss;
  const table = [
    '| benchmark | req/s | p50 ms | p99 ms | × bare | errors/non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.name} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.ratioToBare} | ${r.errors}/${r.non2xx} |`),
    '',
    `RSS of the app under load: ${rss ?? '?'} MB (goal ≤ 300 MB at district scale). Goal for (b): ≥ 0.15× of (a) with p99 ≤ 15 ms.`,
    'The (b) lists are served by the read cache after their first request (SQLite; docs/SCALING.md); the "read cache off" rows are a second',
    'app process on the same database with READ_CACHE=false: every request reads the database.',
  ].join('\n');
  writeResults('http', results, table);
} finally {
  bare.proc.kill();
  app.proc.kill();
  uncached.proc.kill();
  rmSync(dir, { recursive: true, force: true });
}
