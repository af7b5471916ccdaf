import type { ModuleDef } from '../module.ts';

/** [C] Responsibility system: duty lists, measures, pledges, gaps. */
export const dutiesModule: ModuleDef = { name: 'duties', routes: [] };
