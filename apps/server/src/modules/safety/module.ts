import type { ModuleDef } from '../module.ts';

/** [F] Student online safety: campaigns, screenings, follow-ups, custody, spot checks. */
export const safetyModule: ModuleDef = { name: 'safety', routes: [] };
