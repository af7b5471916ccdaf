import type { ModuleDef } from '../module.ts';

/** [H] Yearly assessment (考核): indicator systems, self-assessment, committee review, grades. */
export const assessmentModule: ModuleDef = { name: 'assessment', routes: [] };
