import type { ModuleDef } from '../module.ts';
import { risksDemo } from './demo.ts';
import { risksImportKinds } from './import-kinds.ts';
import { m0400_risks } from './migration.ts';
import { contentRoutes } from './routes-content.ts';
import { disclosureRoutes } from './routes-disclosures.ts';
import { incidentRoutes } from './routes-incidents.ts';
import { riskRoutes } from './routes-risks.ts';
import './tables.ts';

export { checkEscalations } from './incidents.ts';

/** [G] Risks and 研判, incidents, positions and content review, disclosure. */
export const risksModule: ModuleDef = {
  name: 'risks',
  routes: [...riskRoutes, ...incidentRoutes, ...contentRoutes, ...disclosureRoutes],
  migrations: { '0400_risks': m0400_risks },
  demo: risksDemo,
  importKinds: risksImportKinds,
};
