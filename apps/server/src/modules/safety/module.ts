import type { ModuleDef } from '../module.ts';
import { safetyCommand } from './cli.ts';
import { safetyDemo } from './demo.ts';
import { safetyImportKinds } from './import-kinds.ts';
import { m0310_safety } from './migration.ts';
import { safetyRoutes } from './routes.ts';
import './tables.ts';

export { purgeExpiredFollowups } from './service.ts';

/** [F] Student online safety: campaigns, screenings, follow-ups, custody, spot checks. */
export const safetyModule: ModuleDef = {
  name: 'safety',
  routes: safetyRoutes,
  migrations: { '0310_safety': m0310_safety },
  demo: safetyDemo,
  commands: { safety: safetyCommand },
  importKinds: safetyImportKinds,
};
