// The data generator's bulk SQL path (bench/generator/bulk.ts) writes the same rows as the services
// (insertOrgUnit, createPerson, addPost, createActivity), compared table by table on a tiny scale.
import { afterAll, describe, expect, it } from 'vitest';
import { startBulk, writeChunk } from '../../../bench/generator/bulk.ts';
import { generatedNow, planChunks } from '../../../bench/generator/plan.ts';
import { loadConfig } from './config.ts';
import type { Executor } from './db/database.ts';
import { createActivity } from './modules/ledger/service.ts';
import { insertOrgUnit } from './modules/org-units/service.ts';
import { addPost, createPerson } from './modules/people/service.ts';
import { FakeClock } from './platform/clock.ts';
import { type AppContext, createContext } from './platform/context.ts';
import { freshDatabase } from './test/database.ts';

const SEED = 3;
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const d of disposers) await d();
});

async function context(): Promise<AppContext> {
  const db = await freshDatabase();
  disposers.push(db.dispose);
  const clock = new FakeClock();
  clock.set(generatedNow('tiny'));
  return createContext(loadConfig({}, { ...db.config, LOG_LEVEL: 'silent' }), db.handle, clock);
}

async function viaServices(ctx: AppContext): Promise<void> {
  const batch = `gen-tiny-${SEED}`;
  const orgIds = new Map<string, number>();
  const personIds = new Map<string, number>();
  await ctx.db.transaction().execute(async (trx) => {
    for (const chunk of planChunks('tiny', SEED)) {
      for (const o of chunk.orgs) {
        const row = await insertOrgUnit(ctx, trx, {
          code: o.code,
          name: o.name,
          kind: o.kind,
          parentId: o.parentCode === null ? null : (orgIds.get(o.parentCode) as number),
          stage: o.stage,
          ownership: o.ownership,
          studentCount: o.studentCount,
          boarderCount: o.boarderCount,
          activeFrom: o.activeFrom,
        } as Parameters<typeof insertOrgUnit>[2]);
        orgIds.set(o.code, row.id);
      }
      for (const p of chunk.people) {
        const row = await createPerson(ctx, trx, null, {
          code: p.code,
          name: p.name,
          gender: p.gender,
          birthDate: p.birthDate,
          unitId: orgIds.get(p.unitCode) ?? null,
          partyOrgId: p.partyOrgCode === null ? null : (orgIds.get(p.partyOrgCode) ?? null),
          politicalStatus: p.politicalStatus,
          joinDate: p.joinDate,
          conversionDate: p.conversionDate,
          importBatch: batch,
        } as Parameters<typeof createPerson>[3]);
        personIds.set(p.code, row.id);
      }
      for (const p of chunk.posts) await addPost(ctx, trx, personIds.get(p.personCode) as number, orgIds.get(p.orgCode) as number, p.post, p.startDate);
      for (const a of chunk.activities) {
        await createActivity(
          ctx,
          trx,
          null,
          {
            orgId: orgIds.get(a.orgCode) as number,
            typeCode: a.typeCode,
            date: a.date,
            topic: a.topic,
            hostPersonId: a.hostCode === null ? null : (personIds.get(a.hostCode) as number),
            attendees: a.attendees.map((x) => ({ personId: personIds.get(x.personCode) as number, status: x.status })),
            submit: false,
          } as Parameters<typeof createActivity>[3],
          { imported: true, code: a.code, importBatch: batch },
        );
      }
    }
  });
}

async function viaBulk(ctx: AppContext): Promise<void> {
  const st = await startBulk(ctx.db, ctx.clock.now(), `gen-tiny-${SEED}`);
  await ctx.db.transaction().execute(async (trx) => {
    for (const chunk of planChunks('tiny', SEED)) await writeChunk(trx, st, chunk);
  });
}

/** Every generated row, ids replaced by codes, in a stable order. */
async function dump(db: Executor) {
  const strip = <T extends Record<string, unknown>>(rows: T[], drop: string[]) =>
    rows
      .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k))))
      .map((r) => JSON.stringify(r))
      .sort();
  return {
    orgs: strip(
      await db.selectFrom('org_units as o').leftJoin('org_units as p', 'p.id', 'o.parent_id').selectAll('o').select('p.code as parent_code').execute(),
      ['id', 'parent_id'],
    ),
    closure: strip(
      await db
        .selectFrom('org_closure as c')
        .innerJoin('org_units as a', 'a.id', 'c.ancestor_id')
        .innerJoin('org_units as d', 'd.id', 'c.descendant_id')
        .select(['a.code as a', 'd.code as d', 'c.depth'])
        .execute(),
      [],
    ),
    people: strip(
      await db
        .selectFrom('people as p')
        .leftJoin('org_units as u', 'u.id', 'p.unit_id')
        .leftJoin('org_units as g', 'g.id', 'p.party_org_id')
        .selectAll('p')
        .select(['u.code as unit_code', 'g.code as party_code'])
        .execute(),
      ['id', 'unit_id', 'party_org_id'],
    ),
    history: strip(
      await db
        .selectFrom('person_status_history as h')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .selectAll('h')
        .select('p.code as person_code')
        .execute(),
      ['id', 'person_id'],
    ),
    posts: strip(
      await db
        .selectFrom('person_posts as pp')
        .innerJoin('people as p', 'p.id', 'pp.person_id')
        .innerJoin('org_units as o', 'o.id', 'pp.org_id')
        .selectAll('pp')
        .select(['p.code as person_code', 'o.code as org_code'])
        .execute(),
      ['id', 'person_id', 'org_id'],
    ),
    activities: strip(
      await db
        .selectFrom('activities as a')
        .innerJoin('org_units as o', 'o.id', 'a.org_id')
        .innerJoin('activity_types as t', 't.id', 'a.type_id')
        .leftJoin('people as h', 'h.id', 'a.host_person_id')
        .selectAll('a')
        .select(['o.code as org_code', 't.code as type_code', 'h.code as host_code'])
        .execute(),
      ['id', 'org_id', 'type_id', 'host_person_id'],
    ),
    attendance: strip(
      await db
        .selectFrom('activity_attendance as aa')
        .innerJoin('activities as a', 'a.id', 'aa.activity_id')
        .innerJoin('people as p', 'p.id', 'aa.person_id')
        .select(['a.code as activity', 'p.code as person', 'aa.status', 'aa.reason'])
        .execute(),
      [],
    ),
  };
}

describe('data generator', () => {
  it('is deterministic for a seed', () => {
    const a = JSON.stringify([...planChunks('tiny', SEED)]);
    expect(JSON.stringify([...planChunks('tiny', SEED)])).toBe(a);
    expect(JSON.stringify([...planChunks('tiny', SEED + 1)])).not.toBe(a);
  });

  it('bulk SQL writes exactly the rows the services write (tiny scale)', async () => {
    const svc = await context();
    const bulk = await context();
    await viaServices(svc);
    await viaBulk(bulk);
    const a = await dump(svc.db);
    const b = await dump(bulk.db);
    expect(a.activities.length).toBeGreaterThan(50);
    expect(a.attendance.length).toBeGreaterThan(100);
    for (const table of Object.keys(a) as (keyof typeof a)[]) expect(b[table], table).toEqual(a[table]);
  }, 120_000);
});
