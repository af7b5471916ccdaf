import type { z } from 'zod';
import type { CreateOrgUnitBody, MoveOrgUnitBody, UpdateOrgUnitBody } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { scopeOf } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import * as repo from './repository.ts';

type CreateInput = z.infer<typeof CreateOrgUnitBody>;

/** Creates a unit and its closure links. Used by the API, imports and the demo. */
export async function insertOrgUnit(ctx: AppContext, exec: Executor, input: CreateInput & { isDemo?: boolean; activeFrom?: string }) {
  if (await repo.findByCode(exec, input.code)) throw validation([{ field: 'body.code', message: `编码 ${input.code} 已存在 / code already exists` }]);
  const now = iso(ctx.clock.now());
  const row = await exec
    .insertInto('org_units')
    .values({
      code: input.code,
      name: input.name,
      kind: input.kind,
      parent_id: input.parentId,
      active: 1,
      active_from: input.activeFrom ?? chinaDate(ctx.clock.now()),
      active_to: null,
      stage: input.stage ?? null,
      ownership: input.ownership ?? null,
      student_count: input.studentCount ?? null,
      boarder_count: input.boarderCount ?? null,
      sort_order: 0,
      is_demo: input.isDemo ? 1 : 0,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await repo.linkNew(exec, row.id, input.parentId);
  return row;
}

async function requireParent(exec: Executor, actor: Actor, parentId: number | null) {
  if (parentId === null) {
    if (!scopeOf(actor, 'org.manage').all) throw new AppError('forbidden', { reason: 'only whole-tree administrators create roots' });
    return null;
  }
  const parent = await repo.findById(exec, parentId);
  if (!parent) throw new AppError('not_found', { field: 'parentId' });
  await assertCan(exec, actor, 'org.manage', parentId);
  if (parent.active !== 1) throw validation([{ field: 'body.parentId', message: '上级组织已停用 / the parent is deactivated' }]);
  return parent;
}

export async function createOrgUnit(ctx: AppContext, exec: Executor, actor: Actor, input: CreateInput) {
  await requireParent(exec, actor, input.parentId);
  return insertOrgUnit(ctx, exec, input);
}

/** Loads a unit for an action: 404 outside reach, 403 without the ability, 409 on a stale version. */
export async function loadForAction(exec: Executor, actor: Actor, id: number, version?: number) {
  const row = await repo.findById(exec, id);
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, 'org.manage', id);
  if (version !== undefined && row.version !== version) throw new AppError('conflict', { currentVersion: row.version });
  return row;
}

export async function updateOrgUnit(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof UpdateOrgUnitBody>) {
  const before = await loadForAction(exec, actor, id, input.version);
  const patch: Record<string, unknown> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.stage !== undefined) patch.stage = input.stage;
  if (input.ownership !== undefined) patch.ownership = input.ownership;
  if (input.studentCount !== undefined) patch.student_count = input.studentCount;
  if (input.boarderCount !== undefined) patch.boarder_count = input.boarderCount;
  const res = await exec
    .updateTable('org_units')
    .set({ ...patch, updated_at: iso(ctx.clock.now()), version: before.version + 1 })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!res) throw new AppError('conflict');
  return { before, after: res };
}

export async function moveOrgUnit(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof MoveOrgUnitBody>) {
  const before = await loadForAction(exec, actor, id, input.version);
  if (input.parentId === before.parent_id) return { before, after: before };
  if (input.parentId !== null && (input.parentId === id || (await repo.isDescendant(exec, id, input.parentId)))) {
    throw validation([{ field: 'body.parentId', message: '不能移动到自身或其下级组织之下 / cannot move a unit under itself or its own descendant' }]);
  }
  await requireParent(exec, actor, input.parentId);
  await repo.relink(exec, id, input.parentId);
  const after = await exec
    .updateTable('org_units')
    .set({ parent_id: input.parentId, updated_at: iso(ctx.clock.now()), version: before.version + 1 })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return { before, after };
}

export async function deactivateOrgUnit(ctx: AppContext, exec: Executor, actor: Actor, id: number, version: number) {
  const before = await loadForAction(exec, actor, id, version);
  if (before.active !== 1) throw new AppError('conflict', { reason: 'already deactivated' });
  const activeChild = await exec.selectFrom('org_units').select('id').where('parent_id', '=', id).where('active', '=', 1).executeTakeFirst();
  if (activeChild) throw validation([{ field: 'id', message: '请先停用或移走其下级组织 / deactivate or move its child units first' }]);
  const after = await exec
    .updateTable('org_units')
    .set({ active: 0, active_to: chinaDate(ctx.clock.now()), updated_at: iso(ctx.clock.now()), version: before.version + 1 })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { before, after };
}
