import type { ModuleDef } from '../module.ts';

/** [E] Member development, training coverage, honours. */
export const developmentModule: ModuleDef = { name: 'development', routes: [] };
