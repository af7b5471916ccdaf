import type { ModuleDef } from '../module.ts';

/** [F] Teacher ethics: mechanisms, pledges, breach cases. */
export const ethicsModule: ModuleDef = { name: 'ethics', routes: [] };
