import type { Expression, ExpressionBuilder, Selectable, SqlBool } from 'kysely';
import type { z } from 'zod';
import type { PeopleQuery } from '@taizhang/shared';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/database.ts';
import type { Database } from '../../db/types.ts';
import { openValue, sealValue } from '../../platform/crypto-fields.ts';
import { masterKey } from '../../platform/keys.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { decodeCursor, nextCursorOf } from '../../platform/http/cursor.ts';
import { like } from '../../platform/sql.ts';
import { cachedRows } from '../../platform/statement-cache.ts';
import type { PeopleTable } from './tables.ts';

export type PersonRow = Selectable<PeopleTable>;

/** The columns a list row is presented from (presenter.ts): a page reads these, not every column. */
const LIST_COLUMNS = [
  'p.id',
  'p.code',
  'p.name',
  'p.gender',
  'p.birth_date',
  'p.unit_id',
  'p.party_org_id',
  'p.political_status',
  'p.join_date',
  'p.conversion_date',
  'p.phone',
  'p.active',
  'p.is_demo',
  'p.version',
  'p.pinyin_full',
] as const;
export type PersonListRow = Pick<PersonRow, (typeof LIST_COLUMNS)[number] extends `p.${infer C}` ? C & keyof PersonRow : never>;

type KeyConfig = { config: Pick<Config, 'TAIZHANG_KEY' | 'TAIZHANG_KEY_FILE' | 'CRYPTO_PROFILE'> };

/** The phone as stored: sealed (SM4-CBC + HMAC-SM3 or AES-256-GCM by CRYPTO_PROFILE) when a master key is configured. */
export function sealPhone(ctx: KeyConfig, phone: string | null): string | null {
  return sealValue(ctx.config.CRYPTO_PROFILE, masterKey(ctx.config), phone);
}

/** Rows with their phone opened (plain values, from before encryption was enabled, pass through). */
export function openPhones<T extends { phone: string | null }>(ctx: KeyConfig, rows: T[]): T[] {
  if (!rows.some((r) => r.phone !== null)) return rows;
  const key = masterKey(ctx.config);
  return rows.map((r) => ({ ...r, phone: openValue(key, r.phone) }));
}

export function findPerson(exec: Executor, id: number) {
  return exec.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
}

type PeopleFilter = z.infer<typeof PeopleQuery>;
type PeopleEb = ExpressionBuilder<Database & { p: PeopleTable }, 'p'>;

/** The filters of the list other than reach (status, members only, post, text search), on `people as p`. */
function filterClauses(eb: PeopleEb, f: PeopleFilter): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (f.status) out.push(eb('p.political_status', '=', f.status));
  if (f.members === '1') out.push(eb('p.political_status', 'in', ['中共党员', '中共预备党员']));
  if (f.post) {
    const post = f.post;
    out.push(eb('p.id', 'in', eb.selectFrom('person_posts').select('person_id').where('post', '=', post).where('end_date', 'is', null)));
  }
  if (f.q) {
    const text = f.q.toLowerCase();
    out.push(
      /^[a-z]+$/.test(text)
        ? eb.or([like('p.pinyin_initials', text, 'prefix'), like('p.pinyin_full', text, 'prefix'), like('p.code', text, 'contains', true)])
        : eb.or([like('p.name', text), like('p.code', text, 'contains', true)]),
    );
  }
  return out;
}

function hasFilters(f: PeopleFilter): boolean {
  return Boolean(f.status || f.members === '1' || f.post || f.q);
}

/**
 * One page of the people list and the total. `anchor` is the one org whose subtree is listed when there is one (the
 * requested org, already checked to be in reach, or the actor's single reach root): the page is then read from
 * person_orgs in index order — a 50-row page reads 50 index entries, the unfiltered total is one index range —
 * instead of gathering the subtree through org_closure and sorting it. Without an anchor (whole system, or several
 * roots) the list reads people directly.
 */
export async function pagePeople(exec: Executor, scope: Scope, f: PeopleFilter): Promise<{ rows: PersonListRow[]; total: number; nextCursor: string | null }> {
  const desc = f.sort.startsWith('-') ? 'desc' : 'asc';
  const byName = f.sort.replace('-', '') === 'name';
  // Keyset paging (`after`): the page starts after the cursor's (sort key, id) through the same index, however deep.
  const after = f.after === undefined ? null : decodeCursor(f.after);
  const offset = after ? 0 : (f.page - 1) * f.pageSize;
  const beyond = desc === 'desc' ? '<' : '>';
  const done = (rows: PersonListRow[], total: number) => ({
    rows,
    total,
    nextCursor: nextCursorOf(rows, f.pageSize, (r) => [byName ? r.pinyin_full : r.code, r.id]),
  });
  const anchor = f.orgId ?? (!scope.all && scope.roots.length === 1 ? scope.roots[0] : undefined);
  if (anchor !== undefined) {
    const sortKey = byName ? 'po.pinyin_full' : 'po.code';
    const subtree = () => exec.selectFrom('person_orgs as po').innerJoin('people as p', 'p.id', 'po.person_id').where('po.org_id', '=', anchor);
    const page = (q: ReturnType<typeof subtree>) =>
      (after ? q.where((eb) => eb(eb.refTuple(sortKey, 'po.person_id'), beyond, eb.tuple(String(after[0]), after[1]))) : q)
        .select(LIST_COLUMNS)
        .orderBy(sortKey, desc)
        .orderBy('po.person_id', desc)
        .limit(f.pageSize)
        .offset(offset);
    if (!hasFilters(f)) {
      // The list as most people open it: both statements compiled once per sort and paging (statement-cache.ts).
      const [count] = await cachedRows(exec, 'people.subtree.count', [anchor], () =>
        exec
          .selectFrom('person_orgs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', anchor),
      );
      const params = after ? [anchor, String(after[0]), after[1], f.pageSize, offset] : [anchor, f.pageSize, offset];
      const rows = await cachedRows(exec, `people.subtree.${after ? 'after' : 'page'}.${sortKey}.${desc}`, params, () => page(subtree()));
      return done(rows, Number(count?.n ?? 0));
    }
    const inSubtree = subtree().where((eb) => eb.and(filterClauses(eb, f)));
    const total = (await inSubtree.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    return done(await page(inSubtree).execute(), Number(total));
  }
  const roots = scope.roots.length ? scope.roots : [-1];
  let inReach = exec.selectFrom('people as p').where('p.active', '=', 1);
  if (!scope.all) inReach = inReach.where('p.id', 'in', (eb) => eb.selectFrom('person_orgs').select('person_id').where('org_id', 'in', roots));
  if (hasFilters(f)) inReach = inReach.where((eb) => eb.and(filterClauses(eb, f)));
  const total = (await inReach.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  const sortKey = byName ? 'p.pinyin_full' : 'p.code';
  if (after) inReach = inReach.where((eb) => eb(eb.refTuple(sortKey, 'p.id'), beyond, eb.tuple(String(after[0]), after[1])));
  const rows = await inReach.select(LIST_COLUMNS).orderBy(sortKey, desc).orderBy('p.id', desc).limit(f.pageSize).offset(offset).execute();
  return done(rows, Number(total));
}

export async function postsOf(exec: Executor, personIds: number[]) {
  if (personIds.length === 0) return [];
  // Every list page asks this for its 50 people: compiled once per page length (statement-cache.ts).
  return cachedRows(exec, `people.posts.${personIds.length}`, personIds, () =>
    exec
      .selectFrom('person_posts as pp')
      .innerJoin('org_units as o', 'o.id', 'pp.org_id')
      .select(['pp.id', 'pp.person_id', 'pp.org_id', 'o.name as org_name', 'pp.post', 'pp.start_date', 'pp.end_date'])
      .where('pp.person_id', 'in', personIds)
      .orderBy('pp.id'),
  );
}

export async function orgNames(exec: Executor, ids: (number | null)[]) {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return new Map<number, string>();
  const rows = await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
