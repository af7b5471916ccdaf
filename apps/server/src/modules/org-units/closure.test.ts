import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import * as repo from './repository.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Builds a random forest of `n` units straight into the tables (through the same closure linking). */
async function buildTree(n: number, seed: number): Promise<Map<number, number | null>> {
  const parents = fc.sample(fc.nat(), { numRuns: n, seed });
  const ids: number[] = [];
  const parentOf = new Map<number, number | null>();
  const now = '2026-01-01T00:00:00.000Z';
  await t.ctx.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i++) {
      const parent = i < 3 ? null : ids[parents[i] % ids.length];
      const row = await trx
        .insertInto('org_units')
        .values({
          code: `T${seed}-${i}`,
          name: `单位${i}`,
          kind: 'other',
          parent_id: parent,
          active: 1,
          active_from: '2026-01-01',
          active_to: null,
          stage: null,
          ownership: null,
          student_count: null,
          boarder_count: null,
          sort_order: 0,
          is_demo: 0,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.linkNew(trx, row.id, parent);
      ids.push(row.id);
      parentOf.set(row.id, parent);
    }
  });
  return parentOf;
}

function naiveSubtree(parentOf: Map<number, number | null>, root: number): Set<number> {
  const out = new Set<number>();
  for (const id of parentOf.keys()) {
    let cur: number | null | undefined = id;
    while (cur != null) {
      if (cur === root) {
        out.add(id);
        break;
      }
      cur = parentOf.get(cur);
    }
  }
  return out;
}

describe('closure table on a generated 10,000-unit tree', () => {
  it('subtree queries equal a naive walk up the parent links, also after random moves', async () => {
    const parentOf = await buildTree(10_000, 42);
    const ids = [...parentOf.keys()];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ids), async (root) => {
        const got = new Set(await repo.subtreeIds(t.ctx.db, root));
        expect(got).toEqual(naiveSubtree(parentOf, root));
      }),
      { numRuns: 40, seed: 7 },
    );
    // Random legal moves keep the closure equal to the parent links.
    const moves = fc.sample(fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids)), { numRuns: 60, seed: 9 });
    for (const [node, target] of moves) {
      if (naiveSubtree(parentOf, node).has(target)) continue; // would be a cycle
      await t.ctx.db.transaction().execute(async (trx) => {
        await repo.relink(trx, node, target);
        await trx.updateTable('org_units').set({ parent_id: target }).where('id', '=', node).execute();
      });
      parentOf.set(node, target);
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ids), async (root) => {
        const got = new Set(await repo.subtreeIds(t.ctx.db, root));
        expect(got).toEqual(naiveSubtree(parentOf, root));
      }),
      { numRuns: 40, seed: 11 },
    );
  });
});
