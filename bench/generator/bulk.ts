// The bulk SQL writer of the generator: multi-row inserts producing exactly the rows the services would
// (org-units insertOrgUnit + closure, people createPerson + status history, addPost, ledger createActivity with
// { imported: true, code } + attendance). Checked against the services in apps/server/src/bench-generator.test.ts.
import type { Kysely } from 'kysely';
import type { Database } from '../../apps/server/src/db/types.ts';
import { pinyinKeys } from '../../apps/server/src/modules/people/service.ts';
import type { Chunk } from './plan.ts';

type Db = Kysely<Database>;

export interface BulkState {
  now: string;
  batch: string;
  orgIds: Map<string, number>;
  /** org id → its ancestors with depth (self included), for the closure rows of children. */
  ancestors: Map<number, { id: number; depth: number }[]>;
  typeIds: Map<string, number>;
  counts: { orgs: number; people: number; posts: number; activities: number; attendance: number };
}

export async function startBulk(db: Db, now: Date, batch: string): Promise<BulkState> {
  const types = await db.selectFrom('activity_types').select(['id', 'code']).execute();
  return {
    now: now.toISOString(),
    batch,
    orgIds: new Map(),
    ancestors: new Map(),
    typeIds: new Map(types.map((t) => [t.code, t.id])),
    counts: { orgs: 0, people: 0, posts: 0, activities: 0, attendance: 0 },
  };
}

async function inBatches<T>(rows: T[], size: number, fn: (batch: T[]) => Promise<void>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await fn(rows.slice(i, i + size));
}

/** Writes one chunk in the caller's transaction. Orgs come parents first (as the plan yields them). */
export async function writeChunk(db: Db, st: BulkState, chunk: Chunk): Promise<void> {
  const { now } = st;
  // Orgs: a level at a time, so a child's parent id is known.
  let pending = chunk.orgs;
  while (pending.length) {
    const ready = pending.filter((o) => o.parentCode === null || st.orgIds.has(o.parentCode));
    if (!ready.length) throw new Error(`orphan org ${pending[0].code}`);
    pending = pending.filter((o) => !ready.includes(o));
    await inBatches(ready, 400, async (batch) => {
      const rows = await db
        .insertInto('org_units')
        .values(
          batch.map((o) => ({
            code: o.code,
            name: o.name,
            kind: o.kind,
            parent_id: o.parentCode === null ? null : (st.orgIds.get(o.parentCode) as number),
            active: 1,
            active_from: o.activeFrom,
            active_to: null,
            stage: o.stage,
            ownership: o.ownership,
            student_count: o.studentCount,
            boarder_count: o.boarderCount,
            sort_order: 0,
            is_demo: 0,
            created_at: now,
            updated_at: now,
            version: 1,
          })),
        )
        .returning(['id', 'code', 'parent_id'])
        .execute();
      const closure: { ancestor_id: number; descendant_id: number; depth: number }[] = [];
      for (const row of rows) {
        st.orgIds.set(row.code, row.id);
        const up = [
          { id: row.id, depth: 0 },
          ...(row.parent_id === null ? [] : (st.ancestors.get(row.parent_id) ?? []).map((a) => ({ id: a.id, depth: a.depth + 1 }))),
        ];
        st.ancestors.set(row.id, up);
        for (const a of up) closure.push({ ancestor_id: a.id, descendant_id: row.id, depth: a.depth });
      }
      await inBatches(closure, 2000, async (c) => {
        await db.insertInto('org_closure').values(c).execute();
      });
      st.counts.orgs += rows.length;
    });
  }

  const personIds = new Map<string, number>();
  await inBatches(chunk.people, 400, async (batch) => {
    const rows = await db
      .insertInto('people')
      .values(
        batch.map((p) => {
          const keys = pinyinKeys(p.name);
          return {
            code: p.code,
            name: p.name,
            gender: p.gender,
            birth_date: p.birthDate,
            unit_id: st.orgIds.get(p.unitCode) ?? null,
            party_org_id: p.partyOrgCode === null ? null : (st.orgIds.get(p.partyOrgCode) ?? null),
            political_status: p.politicalStatus,
            join_date: p.joinDate,
            conversion_date: p.conversionDate,
            phone: null,
            pinyin_initials: keys.initials,
            pinyin_full: keys.full,
            active: 1,
            left_date: null,
            is_demo: 0,
            import_batch: st.batch,
            created_at: now,
            updated_at: now,
            version: 1,
          };
        }),
      )
      .returning(['id', 'code', 'political_status', 'join_date', 'conversion_date'])
      .execute();
    for (const r of rows) personIds.set(r.code, r.id);
    await db
      .insertInto('person_status_history')
      .values(
        rows.map((r) => ({
          person_id: r.id,
          status: r.political_status,
          effective_date: r.conversion_date ?? r.join_date,
          recorded_at: now,
          source: 'import',
        })),
      )
      .execute();
    st.counts.people += rows.length;
  });

  await inBatches(chunk.posts, 1000, async (batch) => {
    await db
      .insertInto('person_posts')
      .values(
        batch.map((p) => ({
          person_id: personIds.get(p.personCode) as number,
          org_id: st.orgIds.get(p.orgCode) as number,
          post: p.post,
          start_date: p.startDate,
          end_date: null,
          created_at: now,
        })),
      )
      .execute();
    st.counts.posts += batch.length;
  });

  await inBatches(chunk.activities, 400, async (batch) => {
    const rows = await db
      .insertInto('activities')
      .values(
        batch.map((a) => ({
          code: a.code,
          org_id: st.orgIds.get(a.orgCode) as number,
          type_id: st.typeIds.get(a.typeCode) as number,
          date: a.date,
          start_time: null,
          place: null,
          host_person_id: a.hostCode === null ? null : (personIds.get(a.hostCode) ?? null),
          speaker: null,
          recorder_person_id: null,
          topic: a.topic,
          minutes_html: null,
          guests: null,
          participant_count: null,
          extra_json: '{}',
          status: 'approved',
          backfill: 0,
          imported: 1,
          import_batch: st.batch,
          locked: 1,
          reviewed_by: null,
          reviewed_at: null,
          review_comment: null,
          submitted_at: null,
          is_demo: 0,
          created_by: null,
          created_at: now,
          updated_at: now,
          version: 1,
        })),
      )
      .returning(['id', 'code'])
      .execute();
    const idOf = new Map(rows.map((r) => [r.code, r.id]));
    const att: { activity_id: number; person_id: number; status: string; reason: null }[] = [];
    for (const a of batch) {
      const id = idOf.get(a.code) as number;
      for (const x of a.attendees) att.push({ activity_id: id, person_id: personIds.get(x.personCode) as number, status: x.status, reason: null });
    }
    await inBatches(att, 2000, async (b) => {
      await db.insertInto('activity_attendance').values(b).execute();
    });
    st.counts.activities += rows.length;
    st.counts.attendance += att.length;
  });
}
