import type { DialectMigration } from '../schema-helpers.ts';
import { m0001_platform } from './0001_platform.ts';
import { m0002_people } from './0002_people.ts';

/** Every migration, in order. Names are permanent: never rename or edit one that has shipped. */
export const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_platform': m0001_platform,
  '0002_people': m0002_people,
};
