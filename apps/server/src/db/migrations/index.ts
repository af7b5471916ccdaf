import { MODULES } from '../../modules/registry.ts';
import type { DialectMigration } from '../schema-helpers.ts';
import { m0001_platform } from './0001_platform.ts';
import { m0002_people } from './0002_people.ts';
import { m0003_mfa } from './0003_mfa.ts';
import { m0004_integrity } from './0004_integrity.ts';
import { m0005_perf_indexes } from './0005_perf_indexes.ts';
import { m0006_settings } from './0006_settings.ts';
import { m0007_person_orgs } from './0007_person_orgs.ts';
import { m0008_list_indexes } from './0008_list_indexes.ts';
import { m0009_change_counters } from './0009_change_counters.ts';

/**
 * Every migration, in name order: the core ones here, then each module's (0100 and up).
 * Names are permanent: never rename or edit one that has shipped. Computed on call, so module
 * import order cannot leave it half-filled.
 */
export function allMigrations(): Record<string, DialectMigration> {
  const all: Record<string, DialectMigration> = {
    '0001_platform': m0001_platform,
    '0002_people': m0002_people,
    '0003_mfa': m0003_mfa,
    '0004_integrity': m0004_integrity,
    '0006_settings': m0006_settings,
    '0007_person_orgs': m0007_person_orgs,
    '0990_perf_indexes': m0005_perf_indexes, // after the module migrations: it indexes their tables
    '0991_list_indexes': m0008_list_indexes, // likewise
    '0999_change_counters': m0009_change_counters, // last: it counts the writes of every table before it
  };
  for (const m of MODULES) Object.assign(all, m.migrations ?? {});
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}
