import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../db/database.ts';
import { createContext } from '../../platform/context.ts';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import { type JobInfo, enqueueJob, registerJobHandler, runDueJobs, unregisterJobHandler } from './scheduler.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  unregisterJobHandler('test.count');
  unregisterJobHandler('test.flaky');
  await t.close();
});

const runs = new Map<number, number>();
const count = async (_ctx: unknown, job: JobInfo) => {
  await new Promise((r) => setTimeout(r, 3));
  runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
};

describe('scheduler', () => {
  it('catches up after a restart: jobs due while stopped run on the next pass, once; enqueueing is idempotent', async () => {
    runs.clear();
    registerJobHandler('test.count', count);
    const now = t.clock.now();
    expect(await enqueueJob(t.ctx.db, { name: 'test.count', runAt: new Date(now.getTime() + 3600_000), key: 'reminder:task:1' }, now)).toBe(true);
    expect(await enqueueJob(t.ctx.db, { name: 'test.count', runAt: new Date(now.getTime() + 3600_000), key: 'reminder:task:1' }, now)).toBe(false);
    await enqueueJob(t.ctx.db, { name: 'test.count', runAt: new Date(now.getTime() + 2 * 3600_000), key: 'reminder:task:2' }, now);
    await runDueJobs(t.ctx, 'before-restart');
    expect(runs.size).toBe(0);

    // The process stops; five hours pass; a new process (new context on the same database) starts.
    t.clock.advanceMinutes(5 * 60);
    const restarted = createContext(t.ctx.config, t.ctx.handle, t.clock);
    const report = await runDueJobs(restarted, 'after-restart');
    const ids = (await t.ctx.db.selectFrom('jobs').select('id').where('name', '=', 'test.count').execute()).map((j) => j.id);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(runs.get(id)).toBe(1);
    expect(report.done).toEqual(expect.arrayContaining(ids));
    await runDueJobs(restarted, 'after-restart');
    for (const id of ids) expect(runs.get(id)).toBe(1);
    const rows = await t.ctx.db.selectFrom('jobs').selectAll().where('name', '=', 'test.count').execute();
    expect(rows.every((r) => r.status === 'done' && r.locked_by === 'after-restart')).toBe(true);
    // Periodic jobs: one row per slot, however many passes.
    const periodic = await t.ctx.db.selectFrom('jobs').select(['name', 'unique_key']).where('name', '=', 'tasks.escalations').execute();
    expect(periodic).toHaveLength(2);
  });

  it('retries a failing job with backoff and records the error', async () => {
    let calls = 0;
    registerJobHandler('test.flaky', async () => {
      calls++;
      if (calls < 3) throw new Error(`boom ${calls}`);
    });
    await enqueueJob(t.ctx.db, { name: 'test.flaky', runAt: t.clock.now(), key: 'flaky' }, t.clock.now());
    let r = await runDueJobs(t.ctx, 'a');
    expect(r.retried).toHaveLength(1);
    let job = await t.ctx.db.selectFrom('jobs').selectAll().where('unique_key', '=', 'flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'pending', attempts: 1, last_error: 'boom 1' });
    expect(Date.parse(job.run_at) - t.clock.now().getTime()).toBe(2 * 60_000);
    t.clock.advanceMinutes(2);
    await runDueJobs(t.ctx, 'a');
    t.clock.advanceMinutes(4);
    r = await runDueJobs(t.ctx, 'a');
    job = await t.ctx.db.selectFrom('jobs').selectAll().where('unique_key', '=', 'flaky').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'done', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('two scheduler instances on one PostgreSQL database run each due job exactly once', async () => {
    if (t.ctx.dialect !== 'pg') return; // SQLite runs in one process; the claim transaction is enough there.
    runs.clear();
    registerJobHandler('test.count', count);
    const now = t.clock.now();
    for (let i = 0; i < 60; i++) await enqueueJob(t.ctx.db, { name: 'test.count', runAt: now, key: `c${i}` }, now);
    const cfg = { DATABASE_URL: t.ctx.config.DATABASE_URL, TAIZHANG_DATA_DIR: os.tmpdir() };
    const h1 = createDatabase(cfg, { poolSize: 3 });
    const h2 = createDatabase(cfg, { poolSize: 3 });
    try {
      const c1 = createContext(t.ctx.config, h1, t.clock);
      const c2 = createContext(t.ctx.config, h2, t.clock);
      const [r1, r2] = await Promise.all([runDueJobs(c1, 'one', now, { batch: 4 }), runDueJobs(c2, 'two', now, { batch: 4 })]);
      const ids = (await t.ctx.db.selectFrom('jobs').select('id').where('name', '=', 'test.count').execute()).map((j) => j.id);
      expect(ids).toHaveLength(60);
      for (const id of ids) expect(runs.get(id), `job ${id}`).toBe(1);
      const mine = (r: { done: number[] }) => r.done.filter((id) => ids.includes(id));
      expect(mine(r1).length + mine(r2).length).toBe(60);
      expect(new Set([...mine(r1), ...mine(r2)]).size).toBe(60);
      const rows = await t.ctx.db.selectFrom('jobs').select(['status', 'locked_by']).where('name', '=', 'test.count').execute();
      expect(rows.every((r) => r.status === 'done')).toBe(true);
      // Periodic slots were created once even though both instances tried.
      const slots = await t.ctx.db.selectFrom('jobs').select('unique_key').where('name', '=', 'tasks.recurring').execute();
      expect(slots).toHaveLength(1);
    } finally {
      await h1.close();
      await h2.close();
    }
  });

  it('deletes the finished runs of periodic jobs after 30 days, keeping failed runs, recent runs and one-off jobs', async () => {
    await import('./jobs.ts');
    const now = t.clock.now();
    const at = (days: number) => new Date(now.getTime() - days * 86400_000).toISOString();
    const row = (name: string, key: string, status: string, finishedDaysAgo: number) => ({
      name,
      run_at: at(finishedDaysAgo),
      payload_json: '{}',
      status,
      locked_by: null,
      locked_at: null,
      attempts: 1,
      last_error: null,
      unique_key: key,
      created_at: at(finishedDaysAgo),
      finished_at: at(finishedDaysAgo),
    });
    await t.ctx.db
      .insertInto('jobs')
      .values([
        row('notifications.deliver', `notifications.deliver@${at(40)}`, 'done', 40),
        row('notifications.deliver', `notifications.deliver@${at(31)}`, 'done', 31),
        row('notifications.deliver', `notifications.deliver@${at(29)}`, 'done', 29),
        row('notifications.deliver', `notifications.deliver@${at(45)}x`, 'failed', 45),
        row('tasks.reminders', 'reminder:task:9', 'done', 60),
      ])
      .execute();
    const report = await runDueJobs(t.ctx, 'purge');
    expect(report.failed).toEqual([]);
    const left = await t.ctx.db.selectFrom('jobs').select(['unique_key', 'status']).where('finished_at', '<', at(1)).orderBy('unique_key').execute();
    expect(left.map((j) => j.unique_key)).toEqual([`notifications.deliver@${at(29)}`, `notifications.deliver@${at(45)}x`, 'reminder:task:9'].sort());
  });
});
