import type { ModuleDef } from '../module.ts';

/** [G] Risks and 研判, incidents, positions and content review, disclosure. */
export const risksModule: ModuleDef = { name: 'risks', routes: [] };
