import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import type { AppContext } from './context.ts';

/**
 * `GET /metrics` in the Prometheus text format (0.0.4): request durations by route template and status, the
 * PostgreSQL pool (size, idle, waiting), and the job queue from the `jobs` table. Per process: behind a load balancer
 * scrape every instance (see docker-compose.yml / deploy/nginx.conf: /metrics is not exposed through nginx).
 * With TAIZHANG_METRICS_TOKEN set, a scrape must send `Authorization: Bearer <token>`.
 */

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Series {
  counts: number[];
  sum: number;
  count: number;
}

// Pools seen acquiring a connection. database.ts owns the pool and does not expose it; a pg.Pool registers itself
// here on its first connect (the patch only records `this`).
const pools = new Set<pg.Pool>();
const proto = pg.Pool.prototype as pg.Pool & { __tzMetrics?: boolean };
if (!proto.__tzMetrics) {
  const connect = proto.connect;
  proto.connect = function (this: pg.Pool, ...args: unknown[]) {
    pools.add(this);
    return (connect as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof proto.connect;
  proto.__tzMetrics = true;
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(',')}}`;

export class Metrics {
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = JSON.stringify([method, route, String(status)]);
    let s = this.series.get(key);
    if (!s) {
      s = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) s.counts[i]++;
    s.sum += seconds;
    s.count++;
  }

  async render(app: AppContext): Promise<string> {
    const out: string[] = [];
    out.push('# HELP taizhang_http_request_duration_seconds Time from request received to response sent.');
    out.push('# TYPE taizhang_http_request_duration_seconds histogram');
    for (const [key, s] of this.series) {
      const [method, route, status] = JSON.parse(key) as [string, string, string];
      const l = { method, route, status };
      for (let i = 0; i < BUCKETS.length; i++)
        out.push(`taizhang_http_request_duration_seconds_bucket${labels({ ...l, le: String(BUCKETS[i]) })} ${s.counts[i]}`);
      out.push(`taizhang_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${s.count}`);
      out.push(`taizhang_http_request_duration_seconds_sum${labels(l)} ${s.sum}`);
      out.push(`taizhang_http_request_duration_seconds_count${labels(l)} ${s.count}`);
    }
    if (app.dialect === 'pg') {
      let total = 0;
      let idle = 0;
      let waiting = 0;
      for (const p of pools) {
        total += p.totalCount;
        idle += p.idleCount;
        waiting += p.waitingCount;
      }
      out.push('# HELP taizhang_db_pool_connections PostgreSQL pool connections of this process by state.');
      out.push('# TYPE taizhang_db_pool_connections gauge');
      out.push(`taizhang_db_pool_connections{state="total"} ${total}`);
      out.push(`taizhang_db_pool_connections{state="idle"} ${idle}`);
      out.push(`taizhang_db_pool_connections{state="active"} ${total - idle}`);
      out.push('# HELP taizhang_db_pool_waiting Requests waiting for a PostgreSQL connection.');
      out.push('# TYPE taizhang_db_pool_waiting gauge');
      out.push(`taizhang_db_pool_waiting ${waiting}`);
    }
    out.push('# HELP taizhang_jobs Jobs in the queue table by status (shared by every instance).');
    out.push('# TYPE taizhang_jobs gauge');
    out.push('# HELP taizhang_jobs_due Pending jobs whose run time has come (queue depth).');
    out.push('# TYPE taizhang_jobs_due gauge');
    try {
      const now = app.clock.now().toISOString();
      const rows = await sql<{
        status: string;
        n: number;
        due: number;
      }>`select status, count(*) as n, sum(case when run_at <= ${now} then 1 else 0 end) as due from jobs group by status`.execute(app.db);
      let due = 0;
      for (const r of rows.rows) {
        out.push(`taizhang_jobs${labels({ status: r.status })} ${Number(r.n)}`);
        if (r.status === 'pending') due = Number(r.due ?? 0);
      }
      out.push(`taizhang_jobs_due ${due}`);
    } catch {
      out.push('taizhang_jobs_due 0');
    }
    const mem = process.memoryUsage();
    out.push('# HELP process_resident_memory_bytes Resident memory size in bytes.');
    out.push('# TYPE process_resident_memory_bytes gauge');
    out.push(`process_resident_memory_bytes ${mem.rss}`);
    out.push('# HELP nodejs_heap_used_bytes V8 heap used.');
    out.push('# TYPE nodejs_heap_used_bytes gauge');
    out.push(`nodejs_heap_used_bytes ${mem.heapUsed}`);
    return `${out.join('\n')}\n`;
  }
}

/** Adds the timing hook and GET /metrics. Call before the routes are registered. */
export function registerMetrics(fastify: FastifyInstance, app: AppContext): Metrics {
  const metrics = new Metrics();
  fastify.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
  fastify.get('/metrics', async (req, reply) => {
    const token = process.env.TAIZHANG_METRICS_TOKEN;
    if (token && req.headers.authorization !== `Bearer ${token}`) return reply.code(401).send('unauthorized\n');
    return reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(await metrics.render(app));
  });
  return metrics;
}
