import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.ts';
import type { DatabaseHandle, Db, Dialect } from '../db/database.ts';
import { AuditWriter } from './audit/audit.ts';
import type { Clock } from './clock.ts';

/** What every service needs from the platform. Built once per process (or per test). */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: Dialect;
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditWriter;
  log?: FastifyBaseLogger;
}

export function createContext(config: Config, handle: DatabaseHandle, clock: Clock): AppContext {
  return {
    config,
    db: handle.db,
    dialect: handle.dialect,
    handle,
    clock,
    audit: new AuditWriter(handle.dialect, config.CRYPTO_PROFILE === 'sm' ? 'sm3' : 'sha256'),
  };
}
