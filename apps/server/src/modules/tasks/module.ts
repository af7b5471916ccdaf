import type { ModuleDef } from '../module.ts';

/** [D] Tasks, supervision, document conveyance, notifications, jobs. */
export const tasksModule: ModuleDef = { name: 'tasks', routes: [] };
