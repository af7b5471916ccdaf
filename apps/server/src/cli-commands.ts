import { demoCommand } from './modules/demo/cli.ts';
import { MODULES } from './modules/registry.ts';
import type { AppContext } from './platform/context.ts';

export interface CliCommand {
  usage: string;
  run(args: string[]): Promise<number>;
  /** For `demo`: load when the database is empty (used by `serve --demo`). */
  onEmpty?(ctx: AppContext): Promise<void>;
}

/** Commands contributed by modules (demo, template, import, export, report …). */
export const EXTRA_COMMANDS: Record<string, CliCommand> = Object.assign({ demo: demoCommand }, ...MODULES.map((m) => m.commands ?? {}));
