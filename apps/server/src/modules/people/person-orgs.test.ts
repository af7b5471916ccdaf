import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../test/harness.ts';
import * as orgRepo from '../org-units/repository.ts';
import { pinyinKeys } from './service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Person {
  id: number;
  code: string;
  name: string;
  unit: number | null;
  party: number | null;
  active: boolean;
}

/** Every org at or above `id` by the parent links. */
function ancestorsOf(parentOf: Map<number, number | null>, id: number | null): number[] {
  const out: number[] = [];
  for (let cur = id; cur != null; cur = parentOf.get(cur) ?? null) out.push(cur);
  return out;
}

/** What person_orgs must hold: each active person under every ancestor of their unit and party org. */
function expected(parentOf: Map<number, number | null>, people: Map<number, Person>): string[] {
  const out: string[] = [];
  for (const p of people.values()) {
    if (!p.active) continue;
    const orgs = new Set([...ancestorsOf(parentOf, p.unit), ...ancestorsOf(parentOf, p.party)]);
    for (const o of orgs) out.push(`${o}|${p.id}|${p.code}|${pinyinKeys(p.name).full}`);
  }
  return out.sort();
}

async function stored(): Promise<string[]> {
  const rows = await t.ctx.db.selectFrom('person_orgs').selectAll().execute();
  return rows.map((r) => `${r.org_id}|${r.person_id}|${r.code}|${r.pinyin_full}`).sort();
}

const NAMES = ['刘莹', '王建国', '张伟', '李娜', '陈静', '杨洋', '赵磊', '黄敏', '周杰', '吴芳', '徐强', '孙丽'];

describe('person_orgs: who is under each org', () => {
  it('stays equal to the people and the tree through inserts, edits, moves, leaving and deletes', async () => {
    const parentOf = new Map<number, number | null>();
    const orgIds: number[] = [];
    const parentPicks = fc.sample(fc.nat(), { numRuns: 30, seed: 3 });
    for (let i = 0; i < 30; i++) {
      const parentId = i < 2 ? null : orgIds[parentPicks[i] % orgIds.length];
      const org = await t.f.org({ kind: i < 2 ? 'committee' : 'school', parentId });
      orgIds.push(org.id);
      parentOf.set(org.id, parentId);
    }
    const people = new Map<number, Person>();
    const now = '2026-01-01T00:00:00.000Z';
    let seq = 0;
    async function insertPerson(unit: number | null, party: number | null, name: string) {
      const code = `PO${String(++seq).padStart(4, '0')}`;
      const keys = pinyinKeys(name);
      const row = await t.ctx.db
        .insertInto('people')
        .values({
          code,
          name,
          unit_id: unit,
          party_org_id: party,
          political_status: party ? '中共党员' : '群众',
          pinyin_initials: keys.initials,
          pinyin_full: keys.full,
          active: 1,
          is_demo: 0,
          version: 1,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      people.set(row.id, { id: row.id, code, name, unit, party, active: true });
    }
    const org = fc.constantFrom(...orgIds);
    const maybeOrg = fc.option(org, { nil: null });
    const name = fc.constantFrom(...NAMES);
    for (const [unit, party, n] of fc.sample(fc.tuple(org, maybeOrg, name), { numRuns: 60, seed: 5 })) await insertPerson(unit, party, n);
    expect(await stored()).toEqual(expected(parentOf, people));

    type Op =
      | { kind: 'move'; node: number; target: number | null }
      | { kind: 'unit' | 'party'; pick: number; org: number | null }
      | { kind: 'leave' | 'return' | 'delete' | 'recode'; pick: number }
      | { kind: 'rename'; pick: number; name: string }
      | { kind: 'insert'; unit: number; party: number | null; name: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('move' as const), node: org, target: maybeOrg }),
      fc.record({ kind: fc.constantFrom('unit' as const, 'party' as const), pick: fc.nat(), org: maybeOrg }),
      fc.record({ kind: fc.constantFrom('leave' as const, 'return' as const, 'delete' as const, 'recode' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name }),
      fc.record({ kind: fc.constant('insert' as const), unit: org, party: maybeOrg, name }),
    );
    for (const o of fc.sample(op, { numRuns: 150, seed: 8 })) {
      const ids = [...people.keys()];
      const p = 'pick' in o ? people.get(ids[o.pick % ids.length]) : undefined;
      const update = (set: Record<string, unknown>) =>
        t.ctx.db
          .updateTable('people')
          .set(set)
          .where('id', '=', p?.id ?? -1)
          .execute();
      if (o.kind === 'move') {
        if (o.target !== null && ancestorsOf(parentOf, o.target).includes(o.node)) continue; // would be a cycle
        await t.ctx.db.transaction().execute(async (trx) => {
          await orgRepo.relink(trx, o.node, o.target);
          await trx.updateTable('org_units').set({ parent_id: o.target }).where('id', '=', o.node).execute();
        });
        parentOf.set(o.node, o.target);
      } else if (o.kind === 'insert') {
        await insertPerson(o.unit, o.party, o.name);
      } else if (p) {
        if (o.kind === 'unit') {
          await update({ unit_id: o.org });
          p.unit = o.org;
        } else if (o.kind === 'party') {
          await update({ party_org_id: o.org });
          p.party = o.org;
        } else if (o.kind === 'leave' || o.kind === 'return') {
          await update({ active: o.kind === 'leave' ? 0 : 1 });
          p.active = o.kind === 'return';
        } else if (o.kind === 'recode') {
          p.code = `${p.code}X`;
          await update({ code: p.code });
        } else if (o.kind === 'rename') {
          await update({ name: o.name, pinyin_full: pinyinKeys(o.name).full });
          p.name = o.name;
        } else {
          await t.ctx.db.deleteFrom('people').where('id', '=', p.id).execute();
          people.delete(p.id);
        }
      }
    }
    expect(await stored()).toEqual(expected(parentOf, people));

    // The list pages from it: every page of a subtree, in code and in name order, and the totals.
    const admin = await t.as('committee_admin', null);
    for (const root of fc.sample(org, { numRuns: 6, seed: 13 })) {
      const under = [...people.values()].filter(
        (q) => q.active && (ancestorsOf(parentOf, q.unit).includes(root) || ancestorsOf(parentOf, q.party).includes(root)),
      );
      const byCode = under.map((q) => q.code).sort();
      const got: string[] = [];
      for (let page = 1; page <= Math.max(1, Math.ceil(byCode.length / 7)); page++) {
        const r = (await admin.get(`/api/v1/people?orgId=${root}&pageSize=7&page=${page}`)).json() as { items: { code: string }[]; total: number };
        expect(r.total).toBe(byCode.length);
        got.push(...r.items.map((i) => i.code));
      }
      expect(got).toEqual(byCode);
      const desc = (await admin.get(`/api/v1/people?orgId=${root}&pageSize=500&sort=-name`)).json() as { items: { id: number }[] };
      const keyOf = (id: number) => pinyinKeys(people.get(id)?.name ?? '').full;
      expect(desc.items.map((i) => keyOf(i.id))).toEqual(under.map((q) => pinyinKeys(q.name).full).sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    }
  });
});
