import type { ModuleDef } from '../module.ts';

/** [H] Situation report, dashboard, yearly assessment. */
export const reportModule: ModuleDef = { name: 'report', routes: [] };
