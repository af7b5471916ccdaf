import type { ModuleDef } from '../module.ts';
import { reportCommand } from './cli.ts';
import { reportMigration } from './migration.ts';
import { dashboardRoutes, reportRoutes } from './routes.ts';
import './tables.ts';

/** [H] Situation report, dashboard, yearly assessment. */
export const reportModule: ModuleDef = {
  name: 'report',
  routes: [...reportRoutes, ...dashboardRoutes],
  migrations: { '0900_report': reportMigration },
  commands: { report: reportCommand },
};
