import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.ts';
import { removeOrgPeople, seedOrgPeople } from './org-people.ts';
import { Rng, seedOf } from './random.ts';
import { demoSeeders } from './seeders.ts';

export async function hasDemo(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('org_units').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Loads the demo district into an empty tree. Returns false when the tree is not empty. */
export async function loadDemo(ctx: AppContext, actor: { id: number | null; name: string } = { id: null, name: 'system' }): Promise<boolean> {
  const any = await ctx.db.selectFrom('org_units').select('id').limit(1).executeTakeFirst();
  if (any) return false;
  await ctx.db.transaction().execute(async (trx) => {
    const world = await seedOrgPeople(ctx, trx);
    // Each module draws from its own sequence: a module whose data depends on today (the current year's records)
    // must not shift what the modules after it generate, so the 2022 district is the same whatever the date.
    for (const s of demoSeeders()) await s.seed(ctx, trx, { ...world, rng: new Rng(seedOf(`demo:${s.name}`)) });
    await ctx.audit.write(trx, {
      at: ctx.clock.now().toISOString(),
      actorId: actor.id,
      actorName: actor.name,
      action: 'demo.load',
      entityType: 'demo',
      result: 'ok',
      after: { orgs: world.schools.length, people: world.people.length },
    });
  });
  // PostgreSQL plans from table statistics, which autovacuum gathers only later: without them the first queries
  // over the freshly loaded tables can pick plans a hundred times slower (e.g. the compliance grid's attendance).
  if (ctx.dialect === 'pg') await sql`analyze`.execute(ctx.db);
  return true;
}

/** Removes every demo row, module by module in reverse order, in one transaction. */
export async function removeDemoRows(ctx: AppContext, trx: Parameters<typeof removeOrgPeople>[0]): Promise<void> {
  for (const s of [...demoSeeders()].reverse()) await s.remove(trx);
  await removeOrgPeople(trx);
  void ctx;
}
