import { createHash } from 'node:crypto';
import { BINDS_LABELS, type Binds, LIST_KINDS, LIST_KIND_LABELS, type ListKind } from '@taizhang/shared/schemas/duties';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { allowedOrgIds, assertCan } from '../../platform/access/scope.ts';
import { verifyPassword } from '../../platform/auth/passwords.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { type Block, officialDocx } from '../../platform/docx/official.ts';
import { AppError } from '../../platform/errors.ts';

/** 责任书: generated per responsible person from their items, signed in the app (password re-confirmed), countersigned above. */

export const PLEDGE_ROLES = ['first_responsible', 'direct_responsible', 'dual_duty'];

export async function pledgeContent(exec: Executor, personId: number, orgId: number, year: number) {
  const person = await exec.selectFrom('people').select(['id', 'name']).where('id', '=', personId).executeTakeFirst();
  const org = await exec.selectFrom('org_units').select(['id', 'name', 'parent_id']).where('id', '=', orgId).executeTakeFirst();
  if (!person || !org) throw new AppError('not_found');
  const items = await exec
    .selectFrom('duties as d')
    .innerJoin('duty_items as i', 'i.id', 'd.item_id')
    .innerJoin('duty_lists as l', 'l.id', 'd.list_id')
    .select(['d.id', 'd.role', 'i.list_kind', 'i.text', 'i.target', 'i.sort_order', 'i.id as item_id', 'l.title', 'l.org_id as list_org_id'])
    .where('d.person_id', '=', personId)
    .where('d.org_id', '=', orgId)
    .where('d.year', '=', year)
    .where('d.role', 'in', PLEDGE_ROLES)
    .orderBy('i.sort_order')
    .orderBy('i.id')
    .execute();
  if (items.length === 0) throw new AppError('not_found', { reason: 'no responsible duties' });
  const roles = [...new Set(items.map((i) => i.role))];
  const committee = await exec.selectFrom('org_units').select('name').where('id', '=', items[0].list_org_id).executeTakeFirst();
  const lists = Object.fromEntries(
    LIST_KINDS.map((k) => [k, items.filter((i) => i.list_kind === k).map((i) => ({ text: i.text, target: i.target }))]),
  ) as Record<ListKind, { text: string; target: string }[]>;
  return { person, org, year, roles, lists, listTitle: items[0].title, committeeName: committee?.name ?? '' };
}
export type PledgeContent = Awaited<ReturnType<typeof pledgeContent>>;

const CN_NUM = ['一', '二', '三', '四', '五'];

export function pledgeBlocks(c: PledgeContent, signedOn: string | null): Block[] {
  const roleText = c.roles.map((r) => BINDS_LABELS[r as Binds] ?? r).join('、');
  const blocks: Block[] = [
    { kind: 'title', text: `${c.year}年度意识形态工作责任书` },
    {
      kind: 'p',
      text: `为全面落实意识形态工作责任制，切实履行“${roleText}”职责，根据${c.committeeName}《${c.listTitle}》，${c.org.name}${roleText}${c.person.name}同志签订本责任书，对下列清单事项负责。`,
    },
  ];
  let n = 0;
  for (const k of LIST_KINDS) {
    const items = c.lists[k];
    if (!items.length) continue;
    blocks.push({ kind: 'h1', text: `${CN_NUM[n++]}、${LIST_KIND_LABELS[k]}` });
    for (const [i, it] of items.entries()) blocks.push({ kind: 'p', text: `${i + 1}. ${it.text}${it.target ? `（目标：${it.target}）` : ''}` });
  }
  blocks.push({ kind: 'h1', text: `${CN_NUM[n]}、责任追究` });
  blocks.push({
    kind: 'p',
    text: '责任人未履行或未正确履行上述职责的，按照意识形态工作责任制有关规定追究责任。本责任书一式两份，签订双方各执一份，有效期至当年12月31日。',
  });
  const d = signedOn ? `${Number(signedOn.slice(0, 4))}年${Number(signedOn.slice(5, 7))}月${Number(signedOn.slice(8, 10))}日` : '    年  月  日';
  blocks.push({ kind: 'signature', body: `责任人：${c.person.name}`, date: d });
  return blocks;
}

export async function pledgeDocx(c: PledgeContent, signedOn: string | null): Promise<Buffer> {
  return officialDocx(pledgeBlocks(c, signedOn), { title: `${c.year}年度意识形态工作责任书` });
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** May the actor see this person's pledge: the person themself, or duty.read in reach of the org. */
export async function assertPledgeReader(exec: Executor, actor: Actor, personId: number, orgId: number) {
  if (actor.personId === personId) return;
  await assertCan(exec, actor, 'duty.read', orgId);
}

export async function signPledge(ctx: AppContext, exec: Executor, actor: Actor, body: { year: number; orgId: number; password: string }) {
  const user = await exec.selectFrom('users').select(['id', 'password_hash']).where('id', '=', actor.userId).executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, body.password))) throw new AppError('forbidden', { reason: 'reauth_failed' });
  if (actor.personId === null) throw new AppError('forbidden', { reason: 'no person linked to this account' });
  const content = await pledgeContent(exec, actor.personId, body.orgId, body.year);
  const existing = await exec
    .selectFrom('pledges')
    .selectAll()
    .where('person_id', '=', actor.personId)
    .where('org_id', '=', body.orgId)
    .where('year', '=', body.year)
    .executeTakeFirst();
  if (existing && existing.status !== 'unsigned') throw new AppError('conflict', { reason: 'already signed' });
  const now = ctx.clock.now();
  const buffer = await pledgeDocx(content, chinaDate(now));
  const hash = sha256(buffer);
  const values = {
    status: 'signed',
    document_hash: hash,
    document_b64: buffer.toString('base64'),
    signed_at: iso(now),
    signed_by_user_id: actor.userId,
    updated_at: iso(now),
  };
  const row = existing
    ? await exec
        .updateTable('pledges')
        .set({ ...values, version: existing.version + 1 })
        .where('id', '=', existing.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await exec
        .insertInto('pledges')
        .values({ person_id: actor.personId, year: body.year, org_id: body.orgId, ...values, is_demo: 0, created_at: iso(now), version: 1 })
        .returningAll()
        .executeTakeFirstOrThrow();
  return row;
}

/** Countersigned by the level above: duty.review in reach of the org's parent. */
export async function countersignPledge(ctx: AppContext, exec: Executor, actor: Actor, id: number) {
  const p = await exec.selectFrom('pledges').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw new AppError('not_found');
  await assertCan(exec, actor, 'duty.read', p.org_id);
  const org = await exec.selectFrom('org_units').select(['id', 'parent_id']).where('id', '=', p.org_id).executeTakeFirstOrThrow();
  await assertCan(exec, actor, 'duty.review', org.parent_id ?? org.id);
  if (p.status !== 'signed') throw new AppError('conflict', { reason: p.status === 'countersigned' ? 'already countersigned' : 'not signed' });
  const now = iso(ctx.clock.now());
  return exec
    .updateTable('pledges')
    .set({ status: 'countersigned', countersigned_by: actor.userId, countersigned_at: now, updated_at: now, version: p.version + 1 })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Pledge status per responsible person of the orgs under `orgId` (in reach) for a year. */
export async function pledgeStatus(exec: Executor, actor: Actor, orgId: number, year: number) {
  const rows = await exec
    .selectFrom('duties as d')
    .innerJoin('org_units as o', 'o.id', 'd.org_id')
    .innerJoin('people as p', 'p.id', 'd.person_id')
    .select(['d.person_id', 'd.org_id', 'd.role', 'o.name as org_name', 'p.name as person_name'])
    .where('d.year', '=', year)
    .where('d.role', 'in', PLEDGE_ROLES)
    .where('d.org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
    .orderBy('d.org_id')
    .orderBy('d.person_id')
    .execute();
  const allowed = await allowedOrgIds(
    exec,
    actor,
    'duty.read',
    rows.map((r) => r.org_id),
  );
  const byKey = new Map<string, { personId: number; personName: string; orgId: number; orgName: string; roles: Set<string> }>();
  for (const r of rows) {
    if (!allowed.has(r.org_id) || r.person_id === null) continue;
    const k = `${r.person_id}:${r.org_id}`;
    const e = byKey.get(k) ?? { personId: r.person_id, personName: r.person_name, orgId: r.org_id, orgName: r.org_name, roles: new Set<string>() };
    e.roles.add(r.role);
    byKey.set(k, e);
  }
  const pledges = await exec
    .selectFrom('pledges')
    .select(['id', 'person_id', 'org_id', 'status', 'document_hash', 'signed_at', 'countersigned_at'])
    .where('year', '=', year)
    .where('org_id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId))
    .execute();
  const pl = new Map(pledges.map((p) => [`${p.person_id}:${p.org_id}`, p]));
  return [...byKey.entries()].map(([k, e]) => {
    const p = pl.get(k);
    return {
      id: p?.id ?? null,
      personId: e.personId,
      personName: e.personName,
      orgId: e.orgId,
      orgName: e.orgName,
      year,
      roles: [...e.roles],
      status: (p?.status ?? 'unsigned') as 'unsigned' | 'signed' | 'countersigned',
      documentHash: p?.document_hash ?? null,
      signedAt: p?.signed_at ?? null,
      countersignedAt: p?.countersigned_at ?? null,
    };
  });
}
