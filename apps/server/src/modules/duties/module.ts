import type { ModuleDef } from '../module.ts';
import { dutiesDemo } from './demo.ts';
import { m0600_duties } from './migration.ts';
import { dutyListRoutes, dutyRoutes, pledgeRoutes } from './routes.ts';
import './tables.ts';

/** [C] Responsibility system: duty lists, measures, pledges, gaps. */
export const dutiesModule: ModuleDef = {
  name: 'duties',
  routes: [...dutyListRoutes, ...dutyRoutes, ...pledgeRoutes],
  migrations: { '0600_duties': m0600_duties },
  demo: dutiesDemo,
};
