import type { RecurringDefinition, RecurringPeriod } from '@taizhang/shared/schemas/tasks';
import { chinaDate } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { createTask } from './service.ts';

const MONTHS: Record<RecurringPeriod, number> = { monthly: 1, quarterly: 3, semester: 6, yearly: 12 };

/** The next run date: the same day of the month `period` later (clamped to the month's end). */
export function nextRunDate(date: string, period: RecurringPeriod): string {
  return shiftMonths(date, MONTHS[period]);
}

export function shiftMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${String(ny).padStart(4, '0')}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * Job: generates the tasks of every template due by today (each missed run once, at most 24 per
 * template per pass). Idempotent: the (template, run date) pair is unique and the template's next
 * run date moves in the same transaction as the task is created.
 */
export async function generateRecurring(app: AppContext): Promise<number> {
  const today = chinaDate(app.clock.now());
  const due = await app.db.selectFrom('recurring_templates').select('id').where('active', '=', 1).where('next_run_on', '<=', today).execute();
  let created = 0;
  for (const { id } of due) {
    for (let i = 0; i < 24; i++) {
      const more = await app.db.transaction().execute(async (trx) => {
        const t = await trx.selectFrom('recurring_templates').selectAll().where('id', '=', id).executeTakeFirst();
        if (t?.active !== 1 || t.next_run_on > today) return false;
        const def = JSON.parse(t.definition_json) as RecurringDefinition;
        const runOn = t.next_run_on;
        const exists = await trx.selectFrom('tasks').select('id').where('recurring_template_id', '=', t.id).where('period_key', '=', runOn).executeTakeFirst();
        if (!exists) {
          const { deadlineDays, ...rest } = def;
          await createTask(
            app,
            trx,
            {
              ...rest,
              deadline: addDays(runOn, deadlineDays),
              periodStart: shiftMonths(runOn, -MONTHS[t.period as RecurringPeriod]),
              periodEnd: addDays(runOn, -1),
            },
            { userId: t.created_by, name: null },
            { recurringTemplateId: t.id, periodKey: runOn },
          );
          created++;
        }
        const next = nextRunDate(runOn, t.period as RecurringPeriod);
        await trx
          .updateTable('recurring_templates')
          .set({ next_run_on: next, version: t.version + 1 })
          .where('id', '=', t.id)
          .execute();
        return next <= today;
      });
      if (!more) break;
    }
  }
  return created;
}
