import { type CreatePersonBody, PARTY_POSTS, type Role, type UpdatePersonBody, coversDate } from '@taizhang/shared';
import { pinyin } from 'pinyin-pro';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { postsChanged } from '../../platform/events.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { addGrant, createUser } from '../users/service.ts';
import { findPerson, sealPhone } from './repository.ts';

export function pinyinKeys(name: string): { initials: string; full: string } {
  // One conversion: a syllable's initial is its first letter (what pattern 'first' returns), at half the cost.
  const syllables = pinyin(name, { toneType: 'none', type: 'array' }).map((x) => x.toLowerCase());
  const initials = syllables.map((x) => x.charAt(0)).join('');
  return { initials: initials.replace(/[^a-z]/g, ''), full: syllables.join('').replace(/[^a-z]/g, '') };
}

/** Rules a person record must satisfy, whatever wrote it (API, import, demo). */
export function personProblems(
  p: { politicalStatus: string; joinDate?: string | null; conversionDate?: string | null; partyOrgId?: number | null; birthDate?: string | null },
  prefix = 'body.',
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const member = p.politicalStatus === '中共党员' || p.politicalStatus === '中共预备党员';
  if (member && !p.partyOrgId) out.push({ field: `${prefix}partyOrgId`, message: '党员须填写所在党组织 / a party member needs a party org' });
  if (member && !p.joinDate) out.push({ field: `${prefix}joinDate`, message: '党员须填写入党日期 / a party member needs a join date' });
  if (p.politicalStatus === '中共党员' && !p.conversionDate)
    out.push({ field: `${prefix}conversionDate`, message: '正式党员须填写转正日期 / a full member needs a conversion date' });
  if (p.politicalStatus === '中共预备党员' && p.conversionDate)
    out.push({ field: `${prefix}conversionDate`, message: '预备党员不应有转正日期 / a probationary member has no conversion date' });
  if (p.joinDate && p.conversionDate && p.conversionDate < p.joinDate)
    out.push({ field: `${prefix}conversionDate`, message: '转正日期早于入党日期 / conversion before joining' });
  if (p.birthDate && p.joinDate && p.joinDate < p.birthDate) out.push({ field: `${prefix}joinDate`, message: '入党日期早于出生日期 / joined before birth' });
  return out;
}

async function checkOrgs(exec: Executor, actor: Actor | null, unitId: number | null | undefined, partyOrgId: number | null | undefined) {
  for (const [field, id] of [
    ['unitId', unitId],
    ['partyOrgId', partyOrgId],
  ] as const) {
    if (id == null) continue;
    const org = await exec.selectFrom('org_units').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
    if (!org) throw validation([{ field: `body.${field}`, message: '组织不存在 / no such org unit' }]);
    if (field === 'partyOrgId' && !['committee', 'general_branch', 'branch', 'party_group'].includes(org.kind)) {
      throw validation([{ field: 'body.partyOrgId', message: '所在党组织须为党组织 / must be a party org' }]);
    }
    if (actor) await assertCan(exec, actor, 'people.manage', id);
  }
}

export async function createPerson(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  input: z.infer<typeof CreatePersonBody> & { isDemo?: boolean; importBatch?: string },
) {
  if (!input.unitId && !input.partyOrgId) throw validation([{ field: 'body.unitId', message: '请填写所在单位或所在党组织 / unit or party org required' }]);
  await checkOrgs(exec, actor, input.unitId, input.partyOrgId);
  const problems = personProblems(input);
  if (problems.length) throw validation(problems);
  if (await exec.selectFrom('people').select('id').where('code', '=', input.code).executeTakeFirst()) {
    throw validation([{ field: 'body.code', message: `人员编码 ${input.code} 已存在 / code already exists` }]);
  }
  const now = iso(ctx.clock.now());
  const keys = pinyinKeys(input.name);
  const row = await exec
    .insertInto('people')
    .values({
      code: input.code,
      name: input.name,
      gender: input.gender ?? null,
      birth_date: input.birthDate ?? null,
      unit_id: input.unitId ?? null,
      party_org_id: input.partyOrgId ?? null,
      political_status: input.politicalStatus,
      join_date: input.joinDate ?? null,
      conversion_date: input.conversionDate ?? null,
      phone: sealPhone(ctx, input.phone ?? null),
      pinyin_initials: keys.initials,
      pinyin_full: keys.full,
      active: 1,
      left_date: null,
      is_demo: input.isDemo ? 1 : 0,
      import_batch: input.importBatch ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await exec
    .insertInto('person_status_history')
    .values({
      person_id: row.id,
      status: row.political_status,
      effective_date: row.conversion_date ?? row.join_date,
      recorded_at: now,
      source: input.importBatch ? 'import' : 'create',
    })
    .execute();
  return row;
}

export async function updatePerson(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof UpdatePersonBody>) {
  const before = await loadPersonFor(exec, actor, id, 'people.manage');
  if (before.version !== input.version) throw new AppError('conflict', { currentVersion: before.version });
  await checkOrgs(exec, actor, input.unitId, input.partyOrgId);
  const merged = {
    politicalStatus: input.politicalStatus ?? before.political_status,
    joinDate: input.joinDate !== undefined ? input.joinDate : before.join_date,
    conversionDate: input.conversionDate !== undefined ? input.conversionDate : before.conversion_date,
    partyOrgId: input.partyOrgId !== undefined ? input.partyOrgId : before.party_org_id,
    birthDate: input.birthDate !== undefined ? input.birthDate : before.birth_date,
  };
  const problems = personProblems(merged);
  if (problems.length) throw validation(problems);
  const now = iso(ctx.clock.now());
  const name = input.name ?? before.name;
  const keys = pinyinKeys(name);
  const after = await exec
    .updateTable('people')
    .set({
      name,
      gender: input.gender !== undefined ? input.gender : before.gender,
      birth_date: merged.birthDate,
      unit_id: input.unitId !== undefined ? input.unitId : before.unit_id,
      party_org_id: merged.partyOrgId,
      political_status: merged.politicalStatus,
      join_date: merged.joinDate,
      conversion_date: merged.conversionDate,
      phone: input.phone !== undefined ? sealPhone(ctx, input.phone) : before.phone,
      pinyin_initials: keys.initials,
      pinyin_full: keys.full,
      updated_at: now,
      version: before.version + 1,
    })
    .where('id', '=', id)
    .where('version', '=', input.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  if (after.political_status !== before.political_status) {
    await exec
      .insertInto('person_status_history')
      .values({
        person_id: id,
        status: after.political_status,
        effective_date:
          after.political_status === '中共党员'
            ? after.conversion_date
            : after.political_status === '中共预备党员'
              ? after.join_date
              : chinaDate(ctx.clock.now()),
        recorded_at: now,
        source: 'update',
      })
      .execute();
  }
  return { before, after };
}

/** A person is reachable through their unit or their party org. 404 outside reach, 403 without the ability. */
export async function loadPersonFor(exec: Executor, actor: Actor, id: number, ability: 'people.read' | 'people.manage' | 'people.phone.read') {
  const p = await findPerson(exec, id);
  if (!p) throw new AppError('not_found');
  const orgs = [p.unit_id, p.party_org_id].filter((x): x is number => x !== null);
  let lastErr: unknown = new AppError('not_found');
  for (const org of orgs) {
    try {
      await assertCan(exec, actor, ability, org);
      return p;
    } catch (err) {
      if (err instanceof AppError && err.code === 'forbidden') lastErr = err;
    }
  }
  throw lastErr;
}

/** The org a post is held at: party posts at the party org, others at the unit. */
export function postOrgFor(post: string, p: { unit_id: number | null; party_org_id: number | null }): number | null {
  return PARTY_POSTS.includes(post) ? (p.party_org_id ?? p.unit_id) : (p.unit_id ?? p.party_org_id);
}

export async function addPost(ctx: AppContext, exec: Executor, personId: number, orgId: number, post: string, startDate: string | null) {
  const row = await exec
    .insertInto('person_posts')
    .values({ person_id: personId, org_id: orgId, post, start_date: startDate, end_date: null, created_at: iso(ctx.clock.now()) })
    .returningAll()
    .executeTakeFirstOrThrow();
  await syncPostGrants(ctx, exec, personId);
  await postsChanged(ctx, exec, { personId, date: startDate ?? chinaDate(ctx.clock.now()) });
  return row;
}

export async function endPost(ctx: AppContext, exec: Executor, postId: number, endDate: string) {
  const row = await exec.selectFrom('person_posts').selectAll().where('id', '=', postId).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  if (row.end_date !== null) throw new AppError('conflict', { reason: 'post already ended' });
  if (row.start_date && endDate < row.start_date) throw validation([{ field: 'body.endDate', message: '结束日期早于开始日期 / ends before it starts' }]);
  await exec.updateTable('person_posts').set({ end_date: endDate }).where('id', '=', postId).execute();
  await syncPostGrants(ctx, exec, row.person_id);
  // The change holds from the day after the last day in post.
  await postsChanged(ctx, exec, { personId: row.person_id, date: new Date(Date.parse(`${endDate}T00:00:00Z`) + 86400000).toISOString().slice(0, 10) });
  return { ...row, end_date: endDate };
}

/** Grants that follow from posts held today, for the person's account (if any). Manual grants are untouched. */
export async function syncPostGrants(ctx: AppContext, exec: Executor, personId: number): Promise<void> {
  const user = await exec.selectFrom('users').select('id').where('person_id', '=', personId).executeTakeFirst();
  if (!user) return;
  const person = await findPerson(exec, personId);
  if (!person) return;
  const today = chinaDate(ctx.clock.now());
  const posts = (await exec.selectFrom('person_posts').selectAll().where('person_id', '=', personId).execute()).filter((p) =>
    coversDate(p.start_date, p.end_date, today),
  );
  const desired = new Map<string, { role: Role; orgId: number }>();
  const want = (role: Role, orgId: number) => desired.set(`${role}:${orgId}`, { role, orgId });
  for (const p of posts) {
    const org = await exec
      .selectFrom('org_units as o')
      .leftJoin('org_units as parent', 'parent.id', 'o.parent_id')
      .select(['o.id', 'o.kind', 'parent.id as parent_id', 'parent.kind as parent_kind'])
      .where('o.id', '=', p.org_id)
      .executeTakeFirst();
    if (!org) continue;
    const school = org.parent_id !== null && (org.parent_kind === 'school' || org.parent_kind === 'kindergarten') ? org.parent_id : null;
    if (p.post === '党委书记' && org.kind === 'committee') want('committee_admin', org.id);
    else if (['党支部书记', '党总支书记', '副书记'].includes(p.post)) want('org_admin', school ?? org.id);
    else if (p.post === '党务工作者') want('recorder', org.id);
  }
  if (person.party_org_id && (person.political_status === '中共党员' || person.political_status === '中共预备党员')) want('member', person.party_org_id);
  const existing = await exec.selectFrom('grants').selectAll().where('user_id', '=', user.id).where('source', '=', 'post').execute();
  for (const g of existing) {
    if (!desired.has(`${g.role}:${g.org_id}`)) await exec.deleteFrom('grants').where('id', '=', g.id).execute();
  }
  const have = new Set(existing.map((g) => `${g.role}:${g.org_id}`));
  for (const [key, g] of desired) if (!have.has(key)) await addGrant(ctx, exec, user.id, g.role, g.orgId, 'post');
}

/** Creates accounts for people who have none; grants follow their posts. Returns one-time passwords. */
export async function createAccounts(ctx: AppContext, exec: Executor, personIds: number[]) {
  const out: { personId: number; username: string; password: string | null; skipped?: string }[] = [];
  for (const id of personIds) {
    const p = await findPerson(exec, id);
    if (!p) continue;
    if (await exec.selectFrom('users').select('id').where('person_id', '=', id).executeTakeFirst()) {
      out.push({ personId: id, username: '', password: null, skipped: 'has account' });
      continue;
    }
    let username = p.code.toLowerCase().replace(/[^a-z0-9_.@-]/g, '');
    if (username.length < 2) username = `u${p.id}`;
    if (await exec.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) username = `${username}.${p.id}`;
    const { password } = await createUser(ctx, exec, { username, displayName: p.name, personId: id });
    await syncPostGrants(ctx, exec, id);
    out.push({ personId: id, username, password: password ?? null });
  }
  return out;
}
