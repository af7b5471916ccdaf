import type { ModuleDef } from '../module.ts';

/** [B] Branch ledgers: activities, cadence rules, compliance, materials. */
export const ledgerModule: ModuleDef = { name: 'ledger', routes: [] };
