import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoWorld } from '../demo/world.ts';
import { idJson } from './service.ts';

const MECHANISM_NAMES = ['师德师风学习制度', '师德师风建设实施办法', '教师职业道德学习教育制度', '师德师风常态化学习机制'];

async function insertChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * Demo ethics records: every school and kindergarten (28) has a study mechanism in force in 2022 (a few replaced an
 * older one), teachers sign their 2022 pledge (a handful have not), and one closed breach case that only its handler
 * and discipline officers can see. The 师德师风演讲比赛 is a ledger activity (the ledger module's demo).
 */
export const ethicsDemo: DemoSeeder = {
  name: 'ethics',
  async seed(ctx: AppContext, trx: Executor, world: DemoWorld) {
    const rng = world.rng;
    const now = iso(ctx.clock.now());
    const mechanisms: {
      org_id: number;
      name: string;
      content: string;
      effective_from: string;
      effective_to: string | null;
      is_demo: number;
      import_batch: null;
      created_at: string;
      updated_at: string;
      version: number;
    }[] = [];
    for (const s of world.schools) {
      const name = `${s.name}${rng.pick(MECHANISM_NAMES)}`;
      const content = '每月集中学习一次《新时代中小学教师职业行为十项准则》及典型案例；新教师入职专题培训；每学期开展师德自查与师德考核。';
      const row = { org_id: s.id, name, content, is_demo: 1, import_batch: null, created_at: now, updated_at: now, version: 1 };
      if (rng.chance(0.15)) {
        mechanisms.push({ ...row, name: `${s.name}师德师风学习制度（旧）`, effective_from: '2017-09-01', effective_to: '2020-08-31' });
        mechanisms.push({ ...row, effective_from: '2020-09-01', effective_to: null });
      } else {
        mechanisms.push({ ...row, effective_from: rng.date('2018-09-01', '2021-12-31'), effective_to: null });
      }
    }
    await insertChunks(mechanisms, 250, (c) => trx.insertInto('ethics_mechanisms').values(c).execute());

    const pledges: { org_id: number; person_id: number; year: number; signed_at: string; is_demo: number; created_at: string }[] = [];
    for (const s of world.schools) {
      for (const pid of s.teacherIds) {
        if (rng.chance(0.02)) continue;
        pledges.push({ org_id: s.id, person_id: pid, year: 2022, signed_at: rng.date('2022-02-14', '2022-03-31'), is_demo: 1, created_at: now });
      }
    }
    await insertChunks(pledges, 250, (c) => trx.insertInto('ethics_pledges').values(c).execute());

    const school = world.schools.find((s) => s.kind === 'school' && s.teacherIds.length > 0);
    const code = await trx.selectFrom('ethics_codes').select('id').where('code', '=', '10').executeTakeFirst();
    if (school && code) {
      await trx
        .insertInto('ethics_cases')
        .values({
          org_id: school.id,
          person_id: rng.pick(school.teacherIds),
          code_id: code.id,
          summary: '家长反映该教师在校外组织有偿补课。经核查属实，涉及学生6名。',
          stage: 'closed',
          clue_on: '2022-04-11',
          verification_on: '2022-04-20',
          decision_on: '2022-05-10',
          closed_on: '2022-05-20',
          handler_person_ids: idJson(world.committeeStaffIds.slice(0, 1)),
          handler_user_ids: '[]',
          outcome: '批评教育，责令退还补课费用，当年师德考核不合格。',
          is_demo: 1,
          created_at: now,
          updated_at: now,
          version: 1,
        })
        .execute();
    }
  },
  async remove(trx: Executor) {
    const demoOrgs = trx.selectFrom('org_units').select('id').where('is_demo', '=', 1);
    await trx
      .deleteFrom('ethics_cases')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('org_id', 'in', demoOrgs)]))
      .execute();
    await trx
      .deleteFrom('ethics_pledges')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('org_id', 'in', demoOrgs)]))
      .execute();
    await trx
      .deleteFrom('ethics_mechanisms')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('org_id', 'in', demoOrgs)]))
      .execute();
  },
};
