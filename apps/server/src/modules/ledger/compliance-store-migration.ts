import { sql } from 'kysely';
import type { DialectMigration } from '../../db/schema-helpers.ts';
import { createIndex } from '../../db/schema-helpers.ts';

/**
 * Which orgs' cells a write can change, as SQL over the trigger's row (`r` = new or old):
 * - an activity: its org (org rules), its attendees' party orgs (member rules) and the orgs of their posts (secretary
 *   rules);
 * - an attendance row: the person's party org and the orgs of their posts;
 * - a person: their party org; a post: its org;
 * - an org's kind, ownership or dates: the org and every org under it (public-school and kind tests).
 * A change that moves every cell — a rule, an activity type, an org moved (closure rows deleted) — marks every
 * built year stale instead: the scheduled refresh or the next read of that year builds it again.
 */
const marks = (r: 'new' | 'old') => ({
  activity: [
    `select ${r}.org_id`,
    `select p.party_org_id from activity_attendance aa join people p on p.id = aa.person_id where aa.activity_id = ${r}.id and p.party_org_id is not null`,
    `select pp.org_id from activity_attendance aa join person_posts pp on pp.person_id = aa.person_id where aa.activity_id = ${r}.id`,
  ],
  attendance: [
    `select p.party_org_id from people p where p.id = ${r}.person_id and p.party_org_id is not null`,
    `select pp.org_id from person_posts pp where pp.person_id = ${r}.person_id`,
  ],
  person: [`select ${r}.party_org_id where ${r}.party_org_id is not null`],
  post: [`select ${r}.org_id`],
  org: [`select descendant_id from org_closure where ancestor_id = ${r}.id`, `select ${r}.id`],
});

type Kind = keyof ReturnType<typeof marks>;

const WATCHED: { table: string; kind: Kind; columns: string | null }[] = [
  { table: 'activities', kind: 'activity', columns: 'org_id, type_id, date, status' },
  { table: 'activity_attendance', kind: 'attendance', columns: 'activity_id, person_id, status' },
  { table: 'people', kind: 'person', columns: 'party_org_id, join_date, left_date' },
  { table: 'person_posts', kind: 'post', columns: 'person_id, org_id, post, start_date, end_date' },
  { table: 'org_units', kind: 'org', columns: 'kind, ownership, active_from, active_to' },
];
const INVALIDATING = ['cadence_rules', 'activity_types'];
/** Every built year must be built again (kept listed, so the scheduled refresh knows which). */
const STALE_ALL = 'update compliance_built set stale = 1 where stale = 0';

function sqliteTriggers(): string[] {
  const out: string[] = [];
  const body = (kind: Kind, r: 'new' | 'old') =>
    marks(r)
      [kind].map((q) => `insert or ignore into compliance_dirty (org_id) ${q};`)
      .join(' ');
  for (const w of WATCHED) {
    out.push(`create trigger cmp_${w.table}_ins after insert on ${w.table} begin ${body(w.kind, 'new')} end`);
    out.push(`create trigger cmp_${w.table}_upd after update of ${w.columns} on ${w.table} begin ${body(w.kind, 'old')} ${body(w.kind, 'new')} end`);
    out.push(`create trigger cmp_${w.table}_del ${w.kind === 'activity' ? 'before' : 'after'} delete on ${w.table} begin ${body(w.kind, 'old')} end`);
  }
  for (const t of INVALIDATING) {
    for (const op of ['insert', 'update', 'delete']) out.push(`create trigger cmp_${t}_${op} after ${op} on ${t} begin ${STALE_ALL}; end`);
  }
  out.push(`create trigger cmp_org_closure_del after delete on org_closure begin ${STALE_ALL}; end`);
  return out;
}

function pgTriggers(): string[] {
  const out: string[] = [];
  for (const w of WATCHED) {
    const insert = (r: 'new' | 'old') =>
      marks(r)
        [w.kind].map((q) => `insert into compliance_dirty (org_id) ${q} on conflict do nothing;`)
        .join('\n      ');
    out.push(`create function cmp_mark_${w.table}() returns trigger language plpgsql as $$
  begin
    if tg_op <> 'INSERT' then
      ${insert('old')}
    end if;
    if tg_op <> 'DELETE' then
      ${insert('new')}
    end if;
    if tg_op = 'DELETE' then
      return old;
    end if;
    return null;
  end $$`);
    // An activity's attendees are read before its attendance rows go (they may be deleted with it).
    const when = w.kind === 'activity' ? 'before delete' : 'after delete';
    out.push(`create trigger cmp_${w.table}_del ${when} on ${w.table} for each row execute function cmp_mark_${w.table}()`);
    out.push(`create trigger cmp_${w.table}_ins after insert or update of ${w.columns} on ${w.table} for each row execute function cmp_mark_${w.table}()`);
  }
  out.push(`create function cmp_invalidate() returns trigger language plpgsql as $$
  begin
    ${STALE_ALL};
    return null;
  end $$`);
  for (const t of INVALIDATING)
    out.push(`create trigger cmp_${t}_all after insert or update or delete on ${t} for each statement execute function cmp_invalidate()`);
  out.push('create trigger cmp_org_closure_del after delete on org_closure for each statement execute function cmp_invalidate()');
  return out;
}

/**
 * The compliance store: each org's cells per rule and period, their roll-ups per ancestor, the orgs a write has
 * made stale and the years held. Triggers keep the stale set on both dialects; nothing is built until a big
 * subtree's grid is first asked for.
 */
export const m0110_compliance_store: DialectMigration = {
  async up(db, dialect) {
    const cellKey: ('org_id' | 'year' | 'rule_code' | 'period_key')[] = ['org_id', 'year', 'rule_code', 'period_key'];
    await db.schema
      .createTable('compliance_cells')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('rule_code', 'text', (c) => c.notNull())
      .addColumn('period_key', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull())
      .addColumn('applicable', 'integer', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('compliance_cells_pk', cellKey)
      .execute();
    await db.schema
      .createTable('compliance_rollups')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('rule_code', 'text', (c) => c.notNull())
      .addColumn('period_key', 'text', (c) => c.notNull())
      .addColumn('due', 'integer', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('compliance_rollups_pk', cellKey)
      .execute();
    await db.schema
      .createTable('compliance_dirty')
      .addColumn('org_id', 'integer', (c) => c.notNull().primaryKey())
      .execute();
    await db.schema
      .createTable('compliance_built')
      .addColumn('year', 'integer', (c) => c.notNull().primaryKey())
      .addColumn('built_at', 'text', (c) => c.notNull())
      .addColumn('stale', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await createIndex(db, 'compliance_cells_year_idx', 'compliance_cells', ['year', 'org_id']);
    for (const statement of dialect === 'pg' ? pgTriggers() : sqliteTriggers()) await sql.raw(statement).execute(db);
  },
};
