import { onPostsChanged, onRecordChanged } from '../../platform/events.ts';
import type { ModuleDef } from '../module.ts';
import { reevaluateForRecord } from './evaluate.ts';
import { refreshOwners } from './instantiate.ts';
import { dutiesDemo } from './demo.ts';
import { m0600_duties, m0610_duties_hot } from './migration.ts';
import { dutyListRoutes, dutyRoutes, pledgeRoutes } from './routes.ts';
import './tables.ts';

/** [C] Responsibility system: duty lists, measures, pledges, gaps. */
export const dutiesModule: ModuleDef = {
  name: 'duties',
  routes: [...dutyListRoutes, ...dutyRoutes, ...pledgeRoutes],
  migrations: { '0600_duties': m0600_duties, '0610_duties_hot': m0610_duties_hot },
  demo: dutiesDemo,
};

// Duties follow the records as they are written: a counted record re-evaluates only the duties it can
// affect; a post change re-assigns owners (with the handover recorded) for that year.
onRecordChanged(async (ctx, exec, e) => {
  await reevaluateForRecord(ctx, exec, e);
});
onPostsChanged(async (ctx, exec, e) => {
  const year = Number(e.date.slice(0, 4));
  if (await exec.selectFrom('duty_lists').select('id').where('year', '=', year).where('status', '=', 'published').executeTakeFirst()) {
    await refreshOwners(ctx, exec, year, e.date);
  }
});
