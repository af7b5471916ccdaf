import type { DialectMigration } from '../schema-helpers.ts';
import { m0001_platform } from './0001_platform.ts';

/** Every migration, in order. Names are permanent: never rename or edit one that has shipped. */
export const MIGRATIONS: Record<string, DialectMigration> = {
  '0001_platform': m0001_platform,
};
