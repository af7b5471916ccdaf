import { MODULES } from '../../modules/registry.ts';
import type { DialectMigration } from '../schema-helpers.ts';
import { m0001_platform } from './0001_platform.ts';
import { m0002_people } from './0002_people.ts';

/** Every migration, in name order. Names are permanent: never rename or edit one that has shipped. */
const all: Record<string, DialectMigration> = { '0001_platform': m0001_platform, '0002_people': m0002_people };
for (const m of MODULES) Object.assign(all, m.migrations ?? {});

export const MIGRATIONS: Record<string, DialectMigration> = Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
