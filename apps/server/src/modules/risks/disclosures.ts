import type { CreateDisclosureBody, UpdateDisclosureBody } from '@taizhang/shared/schemas/risks';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor, Scope } from '../../platform/access/actor.ts';
import { assertCan, orgIdsInScope } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { orgNameMap, requireOrg, yearRange } from './common.ts';
import type { DisclosuresTable } from './tables.ts';

export type DisclosureRow = Selectable<DisclosuresTable>;

export async function createDisclosure(
  ctx: AppContext,
  exec: Executor,
  input: z.infer<typeof CreateDisclosureBody> & { isDemo?: boolean; importBatch?: string | null },
) {
  const org = await requireOrg(exec, input.orgId);
  const now = iso(ctx.clock.now());
  return exec
    .insertInto('disclosures')
    .values({
      org_id: org.id,
      category: input.category,
      title: input.title,
      disclosed_on: input.disclosedOn,
      channel: input.channel,
      link: input.link ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
      is_demo: input.isDemo ? 1 : 0,
      import_batch: input.importBatch ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function loadDisclosureFor(exec: Executor, actor: Actor, id: number, ability: 'risk.read' | 'disclosure.manage') {
  const row = await exec.selectFrom('disclosures').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

export async function updateDisclosure(ctx: AppContext, exec: Executor, before: DisclosureRow, input: z.infer<typeof UpdateDisclosureBody>) {
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  const after = await exec
    .updateTable('disclosures')
    .set({
      category: input.category ?? before.category,
      title: input.title ?? before.title,
      disclosed_on: input.disclosedOn ?? before.disclosed_on,
      channel: input.channel ?? before.channel,
      link: input.link !== undefined ? input.link : before.link,
      updated_at: iso(ctx.clock.now()),
      version: before.version + 1,
    })
    .where('id', '=', before.id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

export async function presentDisclosures(exec: Executor, rows: DisclosureRow[]) {
  const orgs = await orgNameMap(
    exec,
    rows.map((r) => r.org_id),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    category: r.category,
    title: r.title,
    disclosedOn: r.disclosed_on,
    channel: r.channel,
    link: r.link,
    version: r.version,
  }));
}

/**
 * Required categories not disclosed (often enough) in a year, for every active org in the subtree of
 * `orgId` (within the caller's scope) whose kind a requirement names.
 */
export async function missingDisclosures(exec: Executor, scope: Scope, orgId: number, year: number) {
  const reqs = await exec.selectFrom('disclosure_requirements').selectAll().where('active', '=', 1).execute();
  if (reqs.length === 0) return [];
  const kinds = [...new Set(reqs.flatMap((r) => r.org_kinds.split(',').map((k) => k.trim())))];
  const orgs = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.name', 'o.kind'])
    .where('c.ancestor_id', '=', orgId)
    .where('o.active', '=', 1)
    .where('o.kind', 'in', kinds)
    .orderBy('o.code')
    .execute();
  const allowed = await orgIdsInScope(
    exec,
    scope,
    orgs.map((o) => o.id),
  );
  const inScope = orgs.filter((o) => allowed.has(o.id));
  if (inScope.length === 0) return [];
  const y = yearRange(year);
  const counts = await exec
    .selectFrom('disclosures')
    .select(['org_id', 'category', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'org_id',
      'in',
      inScope.map((o) => o.id),
    )
    .where('disclosed_on', '>=', y.from)
    .where('disclosed_on', '<=', y.to)
    .groupBy(['org_id', 'category'])
    .execute();
  const names = await orgNameMap(
    exec,
    inScope.map((o) => o.id),
  );
  const out = [];
  for (const o of inScope) {
    for (const r of reqs) {
      if (
        !r.org_kinds
          .split(',')
          .map((k) => k.trim())
          .includes(o.kind)
      )
        continue;
      const found = Number(counts.find((c) => c.org_id === o.id && c.category === r.category)?.n ?? 0);
      if (found < r.min_count) out.push({ orgId: o.id, orgName: names.get(o.id) ?? o.name, category: r.category, required: r.min_count, found });
    }
  }
  return out;
}
