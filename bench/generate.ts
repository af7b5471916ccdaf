// `npm run bench:data -- --scale tiny|district|city|province --seed N [--data-dir DIR | --database-url URL] [--schools N]`
// Deterministic datasets written by bulk SQL (bench/generator/bulk.ts) that equal what the services write
// (apps/server/src/bench-generator.test.ts). Target: TAIZHANG_DATA_DIR / DATABASE_URL like the server, or the flags.
// The dataset hangs under its own committee (code G<seed>), so it can sit beside the demo district.
// --schools N stops after N schools (to measure a rate on a slice of a big scale). Prints rows and rows/s.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config.ts';
import { openContext } from '../apps/server/src/platform/bootstrap.ts';
import { startBulk, writeChunk } from './generator/bulk.ts';
import { SCALES, type Scale, generatedNow, planChunks } from './generator/plan.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'district' },
    seed: { type: 'string', default: '1' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    schools: { type: 'string' },
  },
});
const scale = values.scale as Scale;
if (!(scale in SCALES)) {
  process.stderr.write(`unknown scale ${scale}: ${Object.keys(SCALES).join('|')}\n`);
  process.exit(64);
}
const seed = Number(values.seed);
const limit = values.schools ? Number(values.schools) : Number.POSITIVE_INFINITY;
const overrides: Record<string, string> = { LOG_LEVEL: 'silent' };
if (values['data-dir']) overrides.TAIZHANG_DATA_DIR = values['data-dir'];
if (values['database-url']) overrides.DATABASE_URL = values['database-url'];
const ctx = await openContext(loadConfig(process.env, overrides));
try {
  if (await ctx.db.selectFrom('org_units').select('id').where('code', '=', `G${seed}`).executeTakeFirst()) {
    process.stderr.write(`a dataset with seed ${seed} is already there (org G${seed})\n`);
    process.exit(1);
  }
  const started = Date.now();
  const st = await startBulk(ctx.db, generatedNow(scale), `gen-${scale}-${seed}`);
  let schools = -1; // the first chunk is the committee
  // One transaction per 50 schools: bounded WAL / memory, still few commits.
  let buffer: ReturnType<typeof planChunks> extends Generator<infer C> ? C[] : never = [];
  const flush = async () => {
    const chunks = buffer;
    buffer = [];
    await ctx.db.transaction().execute(async (trx) => {
      for (const c of chunks) await writeChunk(trx, st, c);
    });
    const s = (Date.now() - started) / 1000;
    const rows = Object.values(st.counts).reduce((a, b) => a + b, 0);
    process.stdout.write(`${Math.max(0, schools)} schools, ${JSON.stringify(st.counts)}, ${s.toFixed(1)} s, ${Math.round(rows / s)} rows/s\n`);
  };
  for (const chunk of planChunks(scale, seed)) {
    if (schools >= limit) break;
    buffer.push(chunk);
    schools++;
    if (buffer.length >= 50) await flush();
  }
  if (buffer.length) await flush();
  if (ctx.dialect === 'pg') await sql`analyze`.execute(ctx.db);
  const secs = (Date.now() - started) / 1000;
  const rows = Object.values(st.counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`done: scale ${scale}, seed ${seed}, ${ctx.dialect}: ${rows} rows in ${secs.toFixed(1)} s (${Math.round(rows / secs)} rows/s)\n`);
} finally {
  await ctx.handle.close();
}
