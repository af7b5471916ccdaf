import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoWorld } from '../demo/world.ts';
import { evaluateList, parseMeasure } from './evaluate.ts';
import { instantiateList } from './instantiate.ts';
import { PLEDGE_ROLES, pledgeContent, pledgeDocx, sha256 } from './pledges.ts';
import { createList } from './service.ts';

/**
 * The demo district's 2022 list (the seed's §四 defaults), published and instantiated at 2022-01-01,
 * with evidence for the manual items and pledges, evaluated at 2022-12-31 from the demo records.
 */
export async function seedDuties(ctx: AppContext, trx: Executor, world: DemoWorld): Promise<void> {
  const rng = world.rng;
  const list = await createList(ctx, trx, null, { year: 2022, orgId: world.committeeId, title: '2022年度意识形态工作“三张清单”', withDefaults: true }, true);
  await trx.updateTable('duty_lists').set({ status: 'published', published_at: '2022-01-01T01:00:00.000Z', version: 2 }).where('id', '=', list.id).execute();
  await instantiateList(ctx, trx, list.id, '2022-01-01', '2022-12-31');

  // Manual items: most first responsible people had their personal deployment accepted; a few did not.
  const manual = (
    await trx
      .selectFrom('duties as d')
      .innerJoin('duty_items as i', 'i.id', 'd.item_id')
      .select(['d.id', 'd.person_id', 'i.measure_json'])
      .where('d.list_id', '=', list.id)
      .orderBy('d.id')
      .execute()
  ).filter((d) => parseMeasure(d.measure_json).source === 'evidence' && d.person_id !== null);
  const evidence = [];
  for (const d of manual) {
    const roll = rng.next();
    if (roll < 0.1) continue;
    const accepted = roll >= 0.2;
    const day = `2022-${String(rng.int(9, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    evidence.push({
      duty_id: d.id,
      description: '本年度亲自部署意识形态工作：主持制定工作要点、召开专题会议部署阵地管理，对网络舆情苗头亲自过问并处置。',
      file_ref: null,
      status: accepted ? 'accepted' : 'submitted',
      submitted_by: null,
      submitted_at: `${day}T02:00:00.000Z`,
      accepted_by: null,
      accepted_at: accepted ? `${day}T08:00:00.000Z` : null,
      comment: accepted ? '材料属实，予以认定' : null,
      is_demo: 1,
    });
  }
  for (let i = 0; i < evidence.length; i += 250)
    await trx
      .insertInto('duty_evidence')
      .values(evidence.slice(i, i + 250))
      .execute();
  await evaluateList(ctx, trx, list.id, '2022-12-31');

  // Pledges: signed in February by nearly every responsible person (first, direct, dual duty), most countersigned.
  const owners = await trx
    .selectFrom('duties')
    .select(['person_id', 'org_id'])
    .distinct()
    .where('list_id', '=', list.id)
    .where('role', 'in', PLEDGE_ROLES)
    .where('person_id', 'is not', null)
    .orderBy('org_id')
    .orderBy('person_id')
    .execute();
  const now = iso(ctx.clock.now());
  const pledges = [];
  for (const o of owners) {
    if (o.person_id === null || rng.chance(0.08)) continue;
    const day = `2022-02-${String(rng.int(10, 28)).padStart(2, '0')}`;
    const buf = await pledgeDocx(await pledgeContent(trx, o.person_id, o.org_id, 2022), day);
    const counter = rng.chance(0.85);
    pledges.push({
      person_id: o.person_id,
      year: 2022,
      org_id: o.org_id,
      status: counter ? 'countersigned' : 'signed',
      document_hash: sha256(buf),
      document_b64: buf.toString('base64'),
      signed_at: `${day}T03:00:00.000Z`,
      signed_by_user_id: null,
      countersigned_by: null,
      countersigned_at: counter ? `2022-03-0${rng.int(1, 9)}T03:00:00.000Z` : null,
      is_demo: 1,
      created_at: now,
      updated_at: now,
      version: 1,
    });
  }
  for (let i = 0; i < pledges.length; i += 100)
    await trx
      .insertInto('pledges')
      .values(pledges.slice(i, i + 100))
      .execute();
}

export async function removeDuties(trx: Executor): Promise<void> {
  await trx.deleteFrom('pledges').where('is_demo', '=', 1).execute();
  const demoDuties = trx.selectFrom('duties').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('duty_evidence').where('duty_id', 'in', demoDuties).execute();
  await trx.deleteFrom('duty_handovers').where('duty_id', 'in', demoDuties).execute();
  await trx.deleteFrom('duties').where('is_demo', '=', 1).execute();
  const demoLists = trx.selectFrom('duty_lists').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('duty_items').where('list_id', 'in', demoLists).execute();
  await trx.deleteFrom('duty_lists').where('is_demo', '=', 1).execute();
}

export const dutiesDemo: DemoSeeder = { name: 'duties', seed: seedDuties, remove: removeDuties };
