import { assessmentModule } from './assessment/module.ts';
import { auditRoutes } from './audit-log/routes.ts';
import { authRoutes, mfaRoutes } from './auth/routes.ts';
import { demoRoutes } from './demo/routes.ts';
import { developmentModule } from './development/module.ts';
import { dutiesModule } from './duties/module.ts';
import { ethicsModule } from './ethics/module.ts';
import { ledgerModule } from './ledger/module.ts';
import type { ModuleDef } from './module.ts';
import { orgUnitRoutes } from './org-units/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { reportModule } from './report/module.ts';
import { risksModule } from './risks/module.ts';
import { safetyModule } from './safety/module.ts';
import { settingsRoutes } from './settings/routes.ts';
import { systemRoutes } from './system/routes.ts';
import { tasksModule } from './tasks/module.ts';
import { exportCommand, importCommand, templateCommand } from './imports/cli.ts';
import { importRoutes } from './imports/routes.ts';
import { orgUnitsKind } from './org-units/import-kind.ts';
import { peopleKind } from './people/import-kind.ts';
import { userRoutes } from './users/routes.ts';
import './tables.ts';

const core: ModuleDef = {
  name: 'core',
  routes: [
    ...systemRoutes,
    ...authRoutes,
    ...mfaRoutes,
    ...userRoutes,
    ...orgUnitRoutes,
    ...peopleRoutes,
    ...importRoutes,
    ...demoRoutes,
    ...auditRoutes,
    ...settingsRoutes,
  ],
  importKinds: [orgUnitsKind, peopleKind],
  commands: { template: templateCommand, import: importCommand, export: exportCommand },
};

/** Every module, in dependency order (the demo seeds in this order too). */
export const MODULES: ModuleDef[] = [
  core,
  ledgerModule,
  developmentModule,
  ethicsModule,
  safetyModule,
  tasksModule,
  risksModule,
  dutiesModule,
  assessmentModule,
  reportModule,
];
