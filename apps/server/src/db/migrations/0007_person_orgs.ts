import { sql } from 'kysely';
import { createIndex, type DialectMigration } from '../schema-helpers.ts';

/** The rows of one person, from the closure of their unit and party org (SQLite trigger body, NEW = the person). */
const SQLITE_PERSON_ROWS = `insert or ignore into person_orgs (org_id, person_id, code, pinyin_full)
    select ancestor_id, new.id, new.code, new.pinyin_full from org_closure
    where new.active = 1 and descendant_id in (new.unit_id, new.party_org_id);`;

const SQLITE_TRIGGERS = [
  `create trigger person_orgs_people_ins after insert on people begin ${SQLITE_PERSON_ROWS} end`,
  `create trigger person_orgs_people_upd after update of unit_id, party_org_id, active, code, pinyin_full on people begin
    delete from person_orgs where person_id = old.id; ${SQLITE_PERSON_ROWS} end`,
  'create trigger person_orgs_people_del after delete on people begin delete from person_orgs where person_id = old.id; end',
  `create trigger person_orgs_closure_ins after insert on org_closure begin
    insert or ignore into person_orgs (org_id, person_id, code, pinyin_full)
      select new.ancestor_id, p.id, p.code, p.pinyin_full from people p
      where p.active = 1 and (p.unit_id = new.descendant_id or p.party_org_id = new.descendant_id); end`,
  // A person keeps the row while their other org (unit or party org) is still under that ancestor.
  `create trigger person_orgs_closure_del after delete on org_closure begin
    delete from person_orgs where org_id = old.ancestor_id and person_id in (
      select p.id from people p where (p.unit_id = old.descendant_id or p.party_org_id = old.descendant_id)
        and not exists (select 1 from org_closure c where c.ancestor_id = old.ancestor_id and c.descendant_id in (p.unit_id, p.party_org_id))); end`,
];

const PG_FUNCTIONS = [
  `create function person_orgs_sync_person() returns trigger language plpgsql as $$
  begin
    if tg_op = 'UPDATE' and new.unit_id is not distinct from old.unit_id and new.party_org_id is not distinct from old.party_org_id
       and new.active = old.active and new.code = old.code and new.pinyin_full = old.pinyin_full then
      return null;
    end if;
    if tg_op <> 'INSERT' then
      delete from person_orgs where person_id = old.id;
    end if;
    if tg_op <> 'DELETE' and new.active = 1 then
      insert into person_orgs (org_id, person_id, code, pinyin_full)
        select distinct ancestor_id, new.id, new.code, new.pinyin_full from org_closure
        where descendant_id in (new.unit_id, new.party_org_id)
        on conflict do nothing;
    end if;
    return null;
  end $$`,
  `create function person_orgs_sync_closure() returns trigger language plpgsql as $$
  begin
    if tg_op = 'INSERT' then
      insert into person_orgs (org_id, person_id, code, pinyin_full)
        select new.ancestor_id, p.id, p.code, p.pinyin_full from people p
        where p.active = 1 and (p.unit_id = new.descendant_id or p.party_org_id = new.descendant_id)
        on conflict do nothing;
    else
      delete from person_orgs where org_id = old.ancestor_id and person_id in (
        select p.id from people p where (p.unit_id = old.descendant_id or p.party_org_id = old.descendant_id)
          and not exists (select 1 from org_closure c where c.ancestor_id = old.ancestor_id and c.descendant_id in (p.unit_id, p.party_org_id)));
    end if;
    return null;
  end $$`,
  `create trigger person_orgs_people after insert or delete or update of unit_id, party_org_id, active, code, pinyin_full on people
    for each row execute function person_orgs_sync_person()`,
  'create trigger person_orgs_closure after insert or delete on org_closure for each row execute function person_orgs_sync_closure()',
];

/**
 * person_orgs: every active person under every org above their unit or party org, with the people list's sort keys
 * (code, pinyin), so a subtree's head count is one index range and a page of it is 50 index entries. Triggers keep
 * it in step with people and org_closure on both dialects; the existing people are copied in once.
 */
export const m0007_person_orgs: DialectMigration = {
  async up(db, dialect) {
    await db.schema
      .createTable('person_orgs')
      .addColumn('org_id', 'integer', (c) => c.notNull())
      .addColumn('person_id', 'integer', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('pinyin_full', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('person_orgs_pk', ['org_id', 'person_id'])
      .execute();
    await createIndex(db, 'person_orgs_code_idx', 'person_orgs', ['org_id', 'code', 'person_id']);
    await createIndex(db, 'person_orgs_pinyin_idx', 'person_orgs', ['org_id', 'pinyin_full', 'person_id']);
    await createIndex(db, 'person_orgs_person_idx', 'person_orgs', ['person_id']);
    await sql`insert into person_orgs (org_id, person_id, code, pinyin_full)
      select distinct c.ancestor_id, p.id, p.code, p.pinyin_full from people p
      join org_closure c on c.descendant_id = p.unit_id or c.descendant_id = p.party_org_id
      where p.active = 1`.execute(db);
    for (const statement of dialect === 'pg' ? PG_FUNCTIONS : SQLITE_TRIGGERS) await sql.raw(statement).execute(db);
  },
};
