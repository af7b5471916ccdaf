import { type Config, loadConfig } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { type Clock, systemClock } from './clock.ts';
import { type AppContext, createContext } from './context.ts';

/** Opens the database from config and applies pending migrations. */
export async function openContext(config: Config = loadConfig(), clock: Clock = systemClock): Promise<AppContext> {
  const handle = createDatabase(config);
  await migrateToLatest(handle);
  return createContext(config, handle, clock);
}
