import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { PeopleQuery } from '@taizhang/shared';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/database.ts';
import { openValue, sealValue } from '../../platform/crypto-fields.ts';
import { masterKey } from '../../platform/keys.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { like } from '../../platform/sql.ts';
import type { PeopleTable } from './tables.ts';

export type PersonRow = Selectable<PeopleTable>;

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

/** People list query, restricted to the scope (unit or party org inside it) and the filters. */
export function peopleQuery(exec: Executor, scope: Scope, f: z.infer<typeof PeopleQuery>) {
  let q = exec.selectFrom('people as p').where('p.active', '=', 1);
  const roots = scope.roots.length ? scope.roots : [-1];
  if (!scope.all) {
    q = q.where((eb) =>
      eb.or([
        eb('p.unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
        eb('p.party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
      ]),
    );
  }
  if (f.orgId !== undefined) {
    const orgId = f.orgId;
    q = q.where((eb) =>
      eb.or([
        eb('p.unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId)),
        eb('p.party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId)),
      ]),
    );
  }
  if (f.status) q = q.where('p.political_status', '=', f.status);
  if (f.members === '1') q = q.where('p.political_status', 'in', ['中共党员', '中共预备党员']);
  if (f.post) {
    const post = f.post;
    q = q.where('p.id', 'in', (eb) => eb.selectFrom('person_posts').select('person_id').where('post', '=', post).where('end_date', 'is', null));
  }
  if (f.q) {
    const text = f.q.toLowerCase();
    if (/^[a-z]+$/.test(text)) {
      q = q.where((eb) => eb.or([like('p.pinyin_initials', text, 'prefix'), like('p.pinyin_full', text, 'prefix'), like('p.code', text, 'contains', true)]));
    } else {
      q = q.where((eb) => eb.or([like('p.name', text), like('p.code', text, 'contains', true)]));
    }
  }
  return q;
}

export async function postsOf(exec: Executor, personIds: number[]) {
  if (personIds.length === 0) return [];
  return exec
    .selectFrom('person_posts as pp')
    .innerJoin('org_units as o', 'o.id', 'pp.org_id')
    .select(['pp.id', 'pp.person_id', 'pp.org_id', 'o.name as org_name', 'pp.post', 'pp.start_date', 'pp.end_date'])
    .where('pp.person_id', 'in', personIds)
    .orderBy('pp.id')
    .execute();
}

export async function orgNames(exec: Executor, ids: (number | null)[]) {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return new Map<number, string>();
  const rows = await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
