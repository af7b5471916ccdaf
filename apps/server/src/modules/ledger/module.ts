import type { ModuleDef } from '../module.ts';
import { ledgerDemo } from './demo.ts';
import { activitiesKind, attendanceKind, materialsKind } from './import-kinds.ts';
import { m0110_compliance_store } from './compliance-store-migration.ts';
import { m0100_ledger } from './migration.ts';
import { ledgerRoutes } from './routes.ts';
import './tables.ts';

/** [B] Branch ledgers: activities, cadence rules, compliance, materials. */
export const ledgerModule: ModuleDef = {
  name: 'ledger',
  routes: ledgerRoutes,
  migrations: { '0100_ledger': m0100_ledger, '0110_compliance_store': m0110_compliance_store },
  demo: ledgerDemo,
  importKinds: [activitiesKind, attendanceKind, materialsKind],
};
