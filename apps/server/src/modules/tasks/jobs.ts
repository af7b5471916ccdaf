import { processDeliveries } from './notify.ts';
import { generateRecurring } from './recurring.ts';
import { purgeFinishedPeriodicRuns, registerJobHandler } from './scheduler.ts';
import { escalateOverdue, sendReminders } from './service.ts';

/** This module's periodic jobs. Each handler is a scan, so a missed slot is caught up by the next. */
export const TASK_JOBS = {
  deliveries: 'notifications.deliver',
  reminders: 'tasks.reminders',
  recurring: 'tasks.recurring',
  escalations: 'tasks.escalations',
  purge: 'jobs.purge_finished',
} as const;

registerJobHandler(
  TASK_JOBS.deliveries,
  async (ctx) => {
    await processDeliveries(ctx);
  },
  { everyMinutes: 1 },
);
registerJobHandler(
  TASK_JOBS.reminders,
  async (ctx) => {
    await sendReminders(ctx);
  },
  { everyMinutes: 60 },
);
registerJobHandler(
  TASK_JOBS.recurring,
  async (ctx) => {
    await generateRecurring(ctx);
  },
  { everyMinutes: 60 },
);
registerJobHandler(
  TASK_JOBS.escalations,
  async (ctx) => {
    await escalateOverdue(ctx);
  },
  { everyMinutes: 60 },
);
registerJobHandler(
  TASK_JOBS.purge,
  async (ctx) => {
    await purgeFinishedPeriodicRuns(ctx.db, ctx.clock.now());
  },
  { everyMinutes: 24 * 60 },
);
