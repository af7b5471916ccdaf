import type { ModuleDef } from '../module.ts';
import { tasksDemo } from './demo.ts';
import './jobs.ts';
import { m0500_tasks } from './migration.ts';
import { moreRoutes } from './routes-more.ts';
import { taskRoutes } from './routes.ts';
import './tables.ts';

/** [D] Tasks, supervision, document conveyance, notifications, jobs. */
export const tasksModule: ModuleDef = {
  name: 'tasks',
  routes: [...taskRoutes, ...moreRoutes],
  migrations: { '0500_tasks': m0500_tasks },
  demo: tasksDemo,
};
