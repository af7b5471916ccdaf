import type { CreateHonourBody, HonourQuery } from '@taizhang/shared/schemas/development';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor, Scope } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, validation } from '../../platform/errors.ts';
import { personFor, subtree } from './access.ts';
import type { HonoursTable } from './tables.ts';

export type HonourRow = Selectable<HonoursTable>;

/** The org an honour belongs to for scope: the honoured org, or the person's party org / unit. */
export async function honourOrg(exec: Executor, h: { target_type: string; org_id: number | null; person_id: number | null }): Promise<number | null> {
  if (h.target_type === 'org') return h.org_id;
  if (h.person_id === null) return null;
  const p = await exec.selectFrom('people').select(['unit_id', 'party_org_id']).where('id', '=', h.person_id).executeTakeFirst();
  return p?.party_org_id ?? p?.unit_id ?? null;
}

export interface HonourInput {
  year: number;
  categoryCode: string;
  targetType: 'person' | 'org';
  personId?: number | null;
  orgId?: number | null;
  awardedOn?: string | null;
  awardingBody?: string | null;
  citation?: string | null;
}

/** Field problems of an honour (category exists and fits the target, target exists, date in the year). */
export async function honourProblems(exec: Executor, b: HonourInput, prefix = 'body.') {
  const out: { field: string; message: string }[] = [];
  const cat = await exec.selectFrom('honour_categories').selectAll().where('code', '=', b.categoryCode).executeTakeFirst();
  if (!cat) out.push({ field: `${prefix}categoryCode`, message: `表彰类别不存在：${b.categoryCode} / unknown category` });
  else if (cat.target !== b.targetType)
    out.push({ field: `${prefix}targetType`, message: `“${cat.name}”的表彰对象应为${cat.target === 'org' ? '组织' : '个人'} / target must be ${cat.target}` });
  if (b.targetType === 'person') {
    if (!b.personId) out.push({ field: `${prefix}personId`, message: '请选择受表彰人员 / person required' });
    else if (!(await exec.selectFrom('people').select('id').where('id', '=', b.personId).executeTakeFirst()))
      out.push({ field: `${prefix}personId`, message: '人员不存在 / no such person' });
  } else if (!b.orgId) out.push({ field: `${prefix}orgId`, message: '请选择受表彰组织 / org required' });
  else if (!(await exec.selectFrom('org_units').select('id').where('id', '=', b.orgId).executeTakeFirst()))
    out.push({ field: `${prefix}orgId`, message: '组织不存在 / no such org unit' });
  if (b.awardedOn && !b.awardedOn.startsWith(String(b.year)))
    out.push({ field: `${prefix}awardedOn`, message: `授予日期不在${b.year}年 / the award date is not in the year` });
  return out;
}

export function targetKey(b: { targetType: string; personId?: number | null; orgId?: number | null }): string {
  return b.targetType === 'org' ? `o:${b.orgId}` : `p:${b.personId}`;
}

export async function createHonour(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  b: z.infer<typeof CreateHonourBody>,
  opts: { isDemo?: boolean; importBatch?: string | null } = {},
) {
  const problems = await honourProblems(exec, b);
  if (problems.length) throw validation(problems);
  if (actor) {
    if (b.targetType === 'person' && b.personId) await personFor(exec, actor, b.personId, 'honour.manage');
    if (b.targetType === 'org' && b.orgId) await assertCan(exec, actor, 'honour.manage', b.orgId);
  }
  const key = targetKey(b);
  const dup = await exec
    .selectFrom('honours')
    .select('id')
    .where('year', '=', b.year)
    .where('category_code', '=', b.categoryCode)
    .where('target_key', '=', key)
    .executeTakeFirst();
  if (dup) throw new AppError('conflict', { reason: '同一年度同一类别已表彰该对象 / already honoured in this category and year', id: dup.id });
  const now = iso(ctx.clock.now());
  return exec
    .insertInto('honours')
    .values({
      year: b.year,
      category_code: b.categoryCode,
      target_type: b.targetType,
      person_id: b.targetType === 'person' ? (b.personId ?? null) : null,
      org_id: b.targetType === 'org' ? (b.orgId ?? null) : null,
      target_key: key,
      awarded_on: b.awardedOn ?? null,
      awarding_body: b.awardingBody ?? null,
      citation: b.citation ?? null,
      is_demo: opts.isDemo ? 1 : 0,
      import_batch: opts.importBatch ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Loads an honour the actor may act on (404 outside reach). */
export async function honourFor(exec: Executor, actor: Actor, id: number, ability: 'development.read' | 'honour.manage') {
  const h = await exec.selectFrom('honours').selectAll().where('id', '=', id).executeTakeFirst();
  if (!h) throw new AppError('not_found');
  if (h.target_type === 'person' && h.person_id !== null) await personFor(exec, actor, h.person_id, ability);
  else {
    const org = await honourOrg(exec, h);
    if (org === null) throw new AppError('not_found');
    await assertCan(exec, actor, ability, org);
  }
  return h;
}

/** Honours reachable in the scope, filtered. */
export function honoursQuery(exec: Executor, scope: Scope, f: Partial<z.infer<typeof HonourQuery>>) {
  let q = exec
    .selectFrom('honours as h')
    .innerJoin('honour_categories as c', 'c.code', 'h.category_code')
    .leftJoin('people as p', 'p.id', 'h.person_id')
    .leftJoin('org_units as o', 'o.id', 'h.org_id');
  if (!scope.all) {
    const sub = exec
      .selectFrom('org_closure')
      .select('descendant_id')
      .where('ancestor_id', 'in', scope.roots.length ? scope.roots : [-1]);
    q = q.where((eb) => eb.or([eb('h.org_id', 'in', sub), eb('p.unit_id', 'in', sub), eb('p.party_org_id', 'in', sub)]));
  }
  if (f.orgId !== undefined) {
    const orgId = f.orgId;
    q = q.where((eb) =>
      eb.or([eb('h.org_id', 'in', subtree(exec, orgId)), eb('p.unit_id', 'in', subtree(exec, orgId)), eb('p.party_org_id', 'in', subtree(exec, orgId))]),
    );
  }
  if (f.year !== undefined) q = q.where('h.year', '=', f.year);
  if (f.category) q = q.where('h.category_code', '=', f.category);
  if (f.targetType) q = q.where('h.target_type', '=', f.targetType);
  if (f.personId !== undefined) q = q.where('h.person_id', '=', f.personId);
  if (f.targetOrgId !== undefined) q = q.where('h.org_id', '=', f.targetOrgId);
  return q;
}

export const HONOUR_COLUMNS = [
  'h.id',
  'h.year',
  'h.category_code',
  'c.name as category_name',
  'h.target_type',
  'h.person_id',
  'p.name as person_name',
  'h.org_id',
  'o.name as org_name',
  'h.awarded_on',
  'h.awarding_body',
  'h.citation',
  'h.is_demo',
  'h.version',
] as const;

export function presentHonour(r: {
  id: number;
  year: number;
  category_code: string;
  category_name: string;
  target_type: string;
  person_id: number | null;
  person_name: string | null;
  org_id: number | null;
  org_name: string | null;
  awarded_on: string | null;
  awarding_body: string | null;
  citation: string | null;
  is_demo: number;
  version: number;
}) {
  return {
    id: r.id,
    year: r.year,
    categoryCode: r.category_code,
    categoryName: r.category_name,
    targetType: r.target_type as 'person' | 'org',
    personId: r.person_id,
    personName: r.person_name,
    orgId: r.org_id,
    orgName: r.org_name,
    awardedOn: r.awarded_on,
    awardingBody: r.awarding_body,
    citation: r.citation,
    isDemo: r.is_demo === 1,
    version: r.version,
  };
}

export async function honourStats(exec: Executor, orgId: number, year: number) {
  const cats = await exec.selectFrom('honour_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
  const rows = await honoursQuery(exec, { all: true, roots: [] }, { orgId, year }).select(['h.category_code', 'h.target_key']).execute();
  return cats.map((c) => {
    const mine = rows.filter((r) => r.category_code === c.code);
    return {
      categoryCode: c.code,
      categoryName: c.name,
      target: c.target as 'person' | 'org',
      honours: mine.length,
      targets: new Set(mine.map((r) => r.target_key)).size,
    };
  });
}
