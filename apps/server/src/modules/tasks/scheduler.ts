import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Executor } from '../../db/database.ts';
import { addMinutes, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';

/**
 * The one background scheduler. Jobs are rows in `jobs`, so due work survives restarts and runs on
 * the next pass; `unique_key` makes enqueueing idempotent (one row per logical job). Claiming is
 * safe with several instances: on PostgreSQL `select … for update skip locked` in a transaction, on
 * SQLite the single process's transaction. Modules plug in with `registerJobHandler`.
 */
export interface JobInfo {
  id: number;
  name: string;
  runAt: string;
  payload: unknown;
  attempts: number;
}
export type JobHandler = (ctx: AppContext, job: JobInfo) => Promise<void>;

const HANDLERS = new Map<string, JobHandler>();
const PERIODIC = new Map<string, number>();

/** A handler for jobs named `name`; with `everyMinutes`, one job per time slot is created automatically. */
export function registerJobHandler(name: string, fn: JobHandler, opts: { everyMinutes?: number } = {}): void {
  HANDLERS.set(name, fn);
  if (opts.everyMinutes) PERIODIC.set(name, opts.everyMinutes);
  else PERIODIC.delete(name);
}

export function unregisterJobHandler(name: string): void {
  HANDLERS.delete(name);
  PERIODIC.delete(name);
}

export function registeredJobs(): { name: string; everyMinutes: number | null }[] {
  return [...HANDLERS.keys()].map((name) => ({ name, everyMinutes: PERIODIC.get(name) ?? null }));
}

export const MAX_JOB_ATTEMPTS = 5;
/** A job `running` longer than this is taken to belong to a dead instance and is released. */
export const JOB_LEASE_MINUTES = 15;

/** Queues a job; a second call with the same key is a no-op. Returns whether a row was added. */
export async function enqueueJob(
  exec: Executor,
  job: { name: string; runAt: Date | string; payload?: unknown; key: string },
  now: Date = new Date(),
): Promise<boolean> {
  const r = await exec
    .insertInto('jobs')
    .values({
      name: job.name,
      run_at: typeof job.runAt === 'string' ? job.runAt : iso(job.runAt),
      payload_json: JSON.stringify(job.payload ?? {}),
      status: 'pending',
      locked_by: null,
      locked_at: null,
      attempts: 0,
      last_error: null,
      unique_key: job.key,
      created_at: iso(now),
      finished_at: null,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** One row per periodic job and time slot (the slot start is the key), so every instance agrees. */
async function ensurePeriodic(ctx: AppContext, now: Date): Promise<void> {
  for (const [name, every] of PERIODIC) {
    const ms = every * 60_000;
    const slot = new Date(Math.floor(now.getTime() / ms) * ms);
    await enqueueJob(ctx.db, { name, runAt: slot, key: `${name}@${iso(slot)}` }, now);
  }
}

async function claim(ctx: AppContext, instanceId: string, now: Date, batch: number): Promise<JobInfo[]> {
  return ctx.db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('jobs')
      .select(['id', 'name', 'run_at', 'payload_json', 'attempts'])
      .where('status', '=', 'pending')
      .where('run_at', '<=', iso(now))
      .orderBy('run_at')
      .orderBy('id')
      .limit(batch);
    if (ctx.dialect === 'pg') q = q.forUpdate().skipLocked();
    const rows = await q.execute();
    if (rows.length === 0) return [];
    await trx
      .updateTable('jobs')
      .set((eb) => ({ status: 'running', locked_by: instanceId, locked_at: iso(now), attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .where('status', '=', 'pending')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, runAt: r.run_at, payload: JSON.parse(r.payload_json) as unknown, attempts: r.attempts + 1 }));
  });
}

export interface RunReport {
  done: number[];
  failed: number[];
  retried: number[];
}

/**
 * Runs every job due at `now`, claiming them in batches; each job runs once across all instances.
 * A failing job is retried with backoff up to MAX_JOB_ATTEMPTS, then left `failed` with its error.
 */
export async function runDueJobs(
  ctx: AppContext,
  instanceId: string,
  now: Date = ctx.clock.now(),
  opts: { batch?: number; maxJobs?: number } = {},
): Promise<RunReport> {
  const report: RunReport = { done: [], failed: [], retried: [] };
  await ensurePeriodic(ctx, now);
  await ctx.db
    .updateTable('jobs')
    .set({ status: 'pending', locked_by: null, locked_at: null })
    .where('status', '=', 'running')
    .where('locked_at', '<', iso(addMinutes(now, -JOB_LEASE_MINUTES)))
    .execute();
  const maxJobs = opts.maxJobs ?? 1000;
  let seen = 0;
  while (seen < maxJobs) {
    const jobs = await claim(ctx, instanceId, now, opts.batch ?? 10);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      seen++;
      const handler = HANDLERS.get(job.name);
      try {
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        await handler(ctx, job);
        await ctx.db
          .updateTable('jobs')
          .set({ status: 'done', finished_at: iso(ctx.clock.now()), last_error: null })
          .where('id', '=', job.id)
          .where('locked_by', '=', instanceId)
          .execute();
        report.done.push(job.id);
      } catch (err) {
        const message = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
        const final = job.attempts >= MAX_JOB_ATTEMPTS;
        await ctx.db
          .updateTable('jobs')
          .set({
            status: final ? 'failed' : 'pending',
            last_error: message,
            locked_by: null,
            locked_at: null,
            run_at: final ? job.runAt : iso(addMinutes(now, 2 ** job.attempts)),
            finished_at: final ? iso(ctx.clock.now()) : null,
          })
          .where('id', '=', job.id)
          .execute();
        (final ? report.failed : report.retried).push(job.id);
        ctx.log?.[final ? 'error' : 'warn']({ jobId: job.id, job: job.name, attempts: job.attempts, err: message }, 'background job failed');
      }
    }
  }
  return report;
}

/** Finished runs of periodic jobs are kept this long (what ran, and when), then deleted; failed runs stay. */
export const PERIODIC_RUNS_KEPT_DAYS = 30;

/**
 * Deletes the finished runs of periodic jobs older than PERIODIC_RUNS_KEPT_DAYS (a one-minute job alone leaves
 * ≈ 525,000 rows a year). Only slots long past: ensurePeriodic never queues them again. Returns how many went.
 */
export async function purgeFinishedPeriodicRuns(exec: Executor, now: Date): Promise<number> {
  const names = [...PERIODIC.keys()];
  if (names.length === 0) return 0;
  const r = await exec
    .deleteFrom('jobs')
    .where('status', '=', 'done')
    .where('name', 'in', names)
    .where('unique_key', 'like', '%@%')
    .where('finished_at', '<', iso(addMinutes(now, -PERIODIC_RUNS_KEPT_DAYS * 24 * 60)))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export function newInstanceId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** Polls every `intervalSeconds` (never overlapping itself). The lead wires this into `serve`; tests call runDueJobs. */
export function startScheduler(ctx: AppContext, opts: { intervalSeconds?: number; instanceId?: string } = {}): { instanceId: string; stop(): Promise<void> } {
  const instanceId = opts.instanceId ?? newInstanceId();
  let running: Promise<unknown> | null = null;
  const tick = () => {
    if (running) return;
    running = runDueJobs(ctx, instanceId)
      .catch((err: unknown) => ctx.log?.error({ err }, 'scheduler pass failed'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, (opts.intervalSeconds ?? 30) * 1000);
  timer.unref();
  tick();
  return {
    instanceId,
    async stop() {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
