import { chinaDate } from '../platform/clock.ts';
import { reevaluateOpenYears } from './duties/evaluate.ts';
import { refreshStore } from './ledger/compliance-store.ts';
import { checkEscalations } from './risks/incidents.ts';
import { purgeExpiredFollowups } from './safety/service.ts';
import { notifyUsers } from './tasks/notify.ts';
import { registerJobHandler } from './tasks/scheduler.ts';
import './tasks/jobs.ts';
import { disableInactiveAccounts } from './users/inactive.ts';

/**
 * Background work that crosses modules, on the one scheduler (modules/tasks/scheduler.ts):
 * incident escalation timers, the retention purge of students' follow-up cases, disabling unused accounts,
 * the daily re-evaluation of the year's duties (statuses that move with the calendar), and the compliance store kept
 * current between reads (stale orgs recomputed, stale years rebuilt) so that big calendars rarely wait for it.
 */
registerJobHandler(
  'risks.escalations',
  async (ctx) => {
    const due = await checkEscalations(ctx, ctx.clock.now());
    for (const e of due) {
      // Everyone administering a committee above the incident's unit, or the whole tree.
      const above = ctx.db
        .selectFrom('org_closure as c')
        .innerJoin('org_units as o', 'o.id', 'c.ancestor_id')
        .select('o.id')
        .where('c.descendant_id', '=', e.orgId)
        .where('o.kind', '=', 'committee');
      const users = await ctx.db
        .selectFrom('grants')
        .select('user_id')
        .where('role', '=', 'committee_admin')
        .where((eb) => eb.or([eb('org_id', 'is', null), eb('org_id', 'in', above)]))
        .execute();
      await ctx.db.transaction().execute((trx) =>
        notifyUsers(
          ctx,
          trx,
          users.map((u) => u.user_id),
          {
            kind: 'incident.escalation',
            title: `${e.level}事件超时未上报`,
            body: `事件 #${e.incidentId} 应于 ${e.dueAt} 前报告工委。/ Incident #${e.incidentId} was due to be reported by ${e.dueAt}.`,
            link: `/incidents/${e.incidentId}`,
          },
        ),
      );
    }
  },
  { everyMinutes: 5 },
);

registerJobHandler(
  'safety.retention_purge',
  async (ctx) => {
    await purgeExpiredFollowups(ctx, ctx.clock.now());
  },
  { everyMinutes: 60 },
);

registerJobHandler(
  'users.disable_inactive',
  async (ctx) => {
    await disableInactiveAccounts(ctx, ctx.clock.now());
  },
  { everyMinutes: 60 },
);

registerJobHandler(
  'duties.reevaluate_daily',
  async (ctx) => {
    await reevaluateOpenYears(ctx);
  },
  { everyMinutes: 24 * 60 },
);

registerJobHandler(
  'ledger.compliance_refresh',
  async (ctx) => {
    const now = ctx.clock.now();
    await refreshStore(ctx.db, ctx.dialect, 'stale', chinaDate(now), now.toISOString());
  },
  { everyMinutes: 5 },
);
