import type { CliCommand } from '../cli-commands.ts';
import type { DialectMigration } from '../db/schema-helpers.ts';
import type { RouteSpec } from '../platform/http/route.ts';
import type { DemoSeeder } from './demo/registry.ts';

/**
 * What a feature module contributes. Each module folder has a `module.ts` exporting one of these;
 * modules/registry.ts lists them. Migration names sort globally (core 0001–0099, then 0100 per module).
 */
export interface ModuleDef {
  name: string;
  routes: RouteSpec[];
  migrations?: Record<string, DialectMigration>;
  /** Extends the demo district; seeders run in registry order. */
  demo?: DemoSeeder;
  /** CLI commands, by name (e.g. `report`). */
  commands?: Record<string, CliCommand>;
  /** Excel template kinds (A2's import contract), registered by their kind name. Typed loosely to avoid a cycle. */
  importKinds?: unknown[];
}
