import type { ModuleDef } from '../module.ts';
import { developmentDemo } from './demo.ts';
import { developmentImportKinds } from './import-kinds.ts';
import { m0200_development } from './migration.ts';
import { routes } from './routes.ts';
import './tables.ts';

/** [E] Member development, training coverage, honours. */
export const developmentModule: ModuleDef = {
  name: 'development',
  routes,
  migrations: { '0200_development': m0200_development },
  demo: developmentDemo,
  importKinds: developmentImportKinds,
};
