import type { Executor } from '../../db/database.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoWorld } from './world.ts';

export interface DemoSeeder {
  name: string;
  seed(ctx: AppContext, trx: Executor, world: DemoWorld): Promise<void>;
  /** Deletes this module's demo rows (called in reverse order of seeding). */
  remove(trx: Executor): Promise<void>;
}
