import type { ModuleDef } from '../module.ts';
import { ethicsDemo } from './demo.ts';
import { ethicsImportKinds } from './import-kinds.ts';
import { m0300_ethics } from './migration.ts';
import { ethicsRoutes } from './routes.ts';
import './tables.ts';

/** [F] Teacher ethics: mechanisms, pledges, breach cases. */
export const ethicsModule: ModuleDef = {
  name: 'ethics',
  routes: ethicsRoutes,
  migrations: { '0300_ethics': m0300_ethics },
  demo: ethicsDemo,
  importKinds: ethicsImportKinds,
};
