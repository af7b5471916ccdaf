import type { Executor } from '../../db/database.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { Rng } from '../demo/random.ts';
import type { DemoSchool, DemoWorld } from '../demo/world.ts';

/** Grades per stage, for class names. */
function gradesOf(s: DemoSchool): string[] {
  if (s.kind === 'kindergarten') return ['小班', '中班', '大班'];
  switch (s.stage) {
    case '小学':
      return ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'];
    case '初中':
      return ['初一', '初二', '初三'];
    case '完全中学':
      return ['初一', '初二', '初三', '高一', '高二', '高三'];
    case '职业学校':
      return ['高一', '高二', '高三'];
    default:
      return ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级'];
  }
}

/** Splits `total` into `parts` near-equal integers summing exactly to it. */
function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total - base * parts ? 1 : 0));
}

interface ClassRow {
  className: string;
  students: number;
}

function classesOf(s: DemoSchool, students: number): ClassRow[] {
  const grades = gradesOf(s);
  const perClass = s.kind === 'kindergarten' ? 30 : 45;
  const perGrade = Math.max(1, Math.round(students / perClass / grades.length));
  const names = grades.flatMap((g) => Array.from({ length: perGrade }, (_, k) => `${g}(${k + 1})班`));
  const sizes = split(students, names.length);
  return names.map((className, i) => ({ className, students: sizes[i] }));
}

async function insertChunks<T>(rows: T[], write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 250) await write(rows.slice(i, i + 250));
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/**
 * Which demo schools completed the 2022 screening: the seed counts 26. The demo district has 22 schools and 6
 * kindergartens, so every school (including the special-education and vocational schools) and the four largest
 * kindergarten by code order K01–K04 (parents' guidance on screen time) take part; K05 and K06 do not.
 */
export function screenedDemoSchools(world: DemoWorld): DemoSchool[] {
  const schools = world.schools.filter((s) => s.kind === 'school');
  const kindergartens = world.schools.filter((s) => s.kind === 'kindergarten').slice(0, Math.max(0, 26 - schools.length));
  return [...schools, ...kindergartens].slice(0, 26);
}

function foundFor(rng: Rng, s: DemoSchool) {
  if (s.kind === 'kindergarten') return { gaming: 0, info: 0, apps: rng.chance(0.1) ? 1 : 0, other: 0 };
  const older = s.stage !== '小学';
  return {
    gaming: rng.chance(older ? 0.35 : 0.2) ? rng.int(1, 2) : 0,
    info: rng.chance(0.1) ? 1 : 0,
    apps: rng.chance(older ? 0.3 : 0.15) ? rng.int(1, 2) : 0,
    other: rng.chance(0.05) ? 1 : 0,
  };
}

export const safetyDemo: DemoSeeder = {
  name: 'safety',
  async seed(ctx: AppContext, trx: Executor, world: DemoWorld) {
    const rng = world.rng;
    const now = iso(ctx.clock.now());
    const campaign = await trx
      .insertInto('safety_campaigns')
      .values({
        org_id: world.committeeId,
        year: 2022,
        name: '2022年中小学生预防网络沉迷专项行动（全面排查）',
        start_date: '2022-03-01',
        end_date: '2022-06-30',
        mobilisation_activity_id: null,
        lesson_activity_ids: '[]',
        task_id: null,
        notes: '3月召开动员部署会；各校开展全面排查、主题班会和家长告知；学校工作组晨午检，教育局不定期抽查，上下联动。',
        is_demo: 1,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    const participating = screenedDemoSchools(world);
    const screenings: {
      school: DemoSchool;
      code: string;
      classes: (ClassRow & { screened: number; found: ReturnType<typeof foundFor>; opened: number; closed: number })[];
    }[] = [];
    for (const [i, s] of participating.entries()) {
      const missed = s.kind === 'kindergarten' ? 0 : rng.int(0, Math.max(1, Math.floor(s.students * 0.008)));
      const classes = classesOf(s, s.students);
      const missedPer = split(missed, classes.length);
      screenings.push({
        school: s,
        code: `PC2022-${String(i + 1).padStart(3, '0')}`,
        classes: classes.map((c, k) => {
          const found = foundFor(rng, s);
          const issues = found.gaming + found.info + found.apps + found.other;
          const opened = issues > 0 && rng.chance(0.08) ? 1 : 0;
          return { ...c, screened: Math.max(0, c.students - missedPer[k]), found, opened, closed: opened && rng.chance(0.8) ? 1 : 0 };
        }),
      });
    }
    const screeningRows = screenings.map((s) => {
      const issues = s.classes.reduce((n, c) => n + c.found.gaming + c.found.info + c.found.apps + c.found.other, 0);
      return {
        code: s.code,
        org_id: s.school.id,
        campaign_id: campaign.id,
        start_date: rng.date('2022-03-07', '2022-03-18'),
        end_date: rng.date('2022-04-15', '2022-06-20'),
        students_expected: s.school.students,
        students_screened: s.classes.reduce((n, c) => n + c.screened, 0),
        issues_found: issues,
        issues_resolved: Math.max(0, issues - (issues > 3 && rng.chance(0.3) ? 1 : 0)),
        status: 'completed',
        is_demo: 1,
        import_batch: null,
        created_at: now,
        updated_at: now,
        version: 1,
      };
    });
    await insertChunks(screeningRows, (c) => trx.insertInto('screenings').values(c).execute());
    const idByCode = new Map(
      (await trx.selectFrom('screenings').select(['id', 'code']).where('campaign_id', '=', campaign.id).execute()).map((r) => [r.code, r.id]),
    );
    const results = screenings.flatMap((s) =>
      s.classes.map((c) => ({
        screening_id: idByCode.get(s.code) as number,
        class_name: c.className,
        students: c.students,
        screened: c.screened,
        found_gaming: c.found.gaming,
        found_harmful_info: c.found.info,
        found_harmful_apps: c.found.apps,
        found_other: c.found.other,
        follow_ups_opened: c.opened,
        follow_ups_closed: c.closed,
      })),
    );
    await insertChunks(results, (c) => trx.insertInto('screening_results').values(c).execute());

    // Spot checks: the school work groups at morning/noon checks, and the bureau's unannounced checks.
    const spot: {
      level: string;
      org_id: number;
      checked_on: string;
      checker: string;
      place: string;
      findings: string;
      rectify_by: string | null;
      rectified_on: string | null;
      result: string | null;
      is_demo: number;
      created_at: string;
      updated_at: string;
      version: number;
    }[] = [];
    const base = { is_demo: 1, created_at: now, updated_at: now, version: 1 };
    const schoolsOnly = participating.filter((s) => s.kind === 'school');
    for (const s of schoolsOnly) {
      const n = rng.int(2, 4);
      for (let k = 0; k < n; k++) {
        const checkedOn = rng.date('2022-03-21', '2022-12-16');
        const found = rng.chance(0.15);
        spot.push({
          ...base,
          level: 'school',
          org_id: s.id,
          checked_on: checkedOn,
          checker: '学校防沉迷工作组',
          place: rng.pick(['晨检 教学楼', '午检 教室', '学生宿舍']),
          findings: found ? '个别学生手机安装网络游戏，已当场卸载并告知家长' : '',
          rectify_by: found ? addDays(checkedOn, 7) : null,
          rectified_on: found ? addDays(checkedOn, rng.int(2, 6)) : null,
          result: found ? '已卸载并与家长签订监护承诺' : null,
        });
      }
    }
    const bureauSchools = rng.shuffle([...schoolsOnly]).slice(0, 10);
    for (const [i, s] of bureauSchools.entries()) {
      const checkedOn = rng.date('2022-04-11', '2022-11-25');
      const found = i < 4;
      const rectified = i < 3;
      spot.push({
        ...base,
        level: 'bureau',
        org_id: s.id,
        checked_on: checkedOn,
        checker: '区教育局督查组',
        place: rng.pick(['教室、宿舍', '学生宿舍', '教学楼及宿舍']),
        findings: found ? rng.pick(['宿舍内发现学生私藏手机2部', '手机代管登记不完整', '部分学生手机安装不良软件']) : '',
        rectify_by: found ? addDays(checkedOn, 14) : null,
        rectified_on: rectified ? addDays(checkedOn, rng.int(5, 12)) : null,
        result: rectified ? '已整改，复查合格' : null,
      });
    }
    await insertChunks(spot, (c) => trx.insertInto('spot_checks').values(c).execute());

    // Phone custody: class-level register in boarding schools, four weeks in autumn.
    const custody: {
      org_id: number;
      class_name: string;
      date: string;
      students: number;
      phones_held: number;
      phones_returned: number;
      is_demo: number;
      created_at: string;
    }[] = [];
    for (const s of world.schools.filter((x) => x.boarders > 0)) {
      const classes = classesOf(s, s.boarders);
      for (const date of ['2022-10-10', '2022-10-17', '2022-10-24', '2022-10-31']) {
        for (const c of classes) {
          const held = c.students - rng.int(0, Math.min(3, c.students));
          custody.push({
            org_id: s.id,
            class_name: c.className,
            date,
            students: c.students,
            phones_held: held,
            phones_returned: held,
            is_demo: 1,
            created_at: now,
          });
        }
      }
    }
    await insertChunks(custody, (c) => trx.insertInto('phone_custody').values(c).execute());

    // Parents: one notice per class of every participating school, with acknowledgements.
    const notices = screenings.flatMap((s) =>
      s.classes.map((c) => ({
        org_id: s.school.id,
        class_name: c.className,
        date: rng.date('2022-03-09', '2022-03-18'),
        title: '致家长的一封信：预防中小学生网络沉迷',
        notices_sent: c.students,
        acks_received: Math.max(0, c.students - rng.int(0, 3)),
        is_demo: 1,
        created_at: now,
      })),
    );
    await insertChunks(notices, (c) => trx.insertInto('parent_notices').values(c).execute());
  },
  async remove(trx: Executor) {
    const demoOrgs = trx.selectFrom('org_units').select('id').where('is_demo', '=', 1);
    await trx
      .deleteFrom('screening_results')
      .where(
        'screening_id',
        'in',
        trx
          .selectFrom('screenings')
          .select('id')
          .where((eb) => eb.or([eb('is_demo', '=', 1), eb('org_id', 'in', demoOrgs)])),
      )
      .execute();
    for (const table of ['screenings', 'safety_followups', 'phone_custody', 'spot_checks', 'parent_notices', 'safety_campaigns'] as const) {
      await trx
        .deleteFrom(table)
        .where((eb) => eb.or([eb('is_demo', '=', 1), eb('org_id', 'in', demoOrgs)]))
        .execute();
    }
  },
};
