import type { Executor } from '../../db/database.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { Rng } from '../demo/random.ts';
import type { DemoWorld } from '../demo/world.ts';
import { addDays } from './cadence.ts';

/** The seed's facts for 2022 (000_cadf3899c0189924.txt). */
export const DEMO_MATERIAL_COPIES_2022 = 1844;
export const DEMO_LECTURE = { date: '2022-03-18', speaker: '刘莹', title: '《全面依法治国必须全面依规从严治党》' };
export const DEMO_TRAINED_SECRETARIES = 27;
/** Branch indexes (in world.branches) deliberately behind on their monthly meetings. */
const BEHIND = [4, 12, 22];
const BEHIND_MISSING_COMMITTEE = [3, 4, 7, 8, 11];
const BEHIND_MISSING_THEME_DAY = [2, 5, 8, 9];

type Att = { personId: number; status: 'present' | 'absent' | 'excused'; reason: string | null };
interface DemoActivity {
  code: string;
  orgId: number;
  type: string;
  date: string;
  startTime: string;
  place: string;
  host: number | null;
  speaker: string | null;
  recorder: number | null;
  topic: string;
  minutes: string;
  extra: Record<string, string | number>;
  participantCount: number | null;
  status: 'draft' | 'submitted' | 'approved';
  attendees: Att[];
}

const TOPICS: Record<string, string[]> = {
  branch_committee_meeting: ['研究本月党建工作安排', '研究发展党员工作', '研究主题党日活动方案', '研究意识形态工作', '研究党费收缴与使用', '研究评优推先工作'],
  theme_party_day: ['重温入党誓词', '学习党章党规', '志愿服务进社区', '“学习二十大 永远跟党走”', '参观廉政教育基地', '清明祭英烈', '“我为群众办实事”'],
  branch_general_meeting: ['接收预备党员', '通报支部工作情况', '选举支部委员会', '学习传达上级会议精神'],
  party_lecture: ['书记讲党课：牢记初心使命', '学习贯彻党的二十大精神', '全面从严治党永远在路上', '做新时代“四有”好老师'],
  org_life_meeting: ['年度组织生活会暨民主评议党员'],
  member_appraisal: ['年度民主评议党员'],
  heart_talk: ['支部书记与党员谈心谈话'],
  ideology_meeting: ['意识形态工作专题研判', '校园意识形态阵地管理专题会议'],
  theory_study: ['学习《习近平谈治国理政》', '学习党的二十大报告', '学习新修订的《中国共产党章程》', '学习《中国共产党纪律处分条例》'],
  online_study: ['“学习强国”专题学习', '“三秦党建”网络课程'],
  red_film: ['观看《长津湖》', '观看《觉醒年代》'],
  red_site_visit: ['红色教育基地打卡学习'],
  major_decision: ['研究年度预算安排', '研究校舍维修项目', '研究中层干部任免'],
  ethics_study: ['学习《新时代中小学教师职业行为十项准则》', '师德师风警示教育'],
  student_activity: ['“新时代好少年”主题教育', '“扣好人生第一粒扣子”主题活动', '“六一”儿童节主题活动'],
};
const PLACES = ['党员活动室', '学校会议室', '多功能厅', '图书馆报告厅'];
const RED_SITES = ['八路军西安办事处纪念馆', '延安革命纪念馆', '照金革命根据地', '扶眉战役纪念馆', '马栏革命纪念馆'];
const FORMS = ['集中学习', '小组学习', '自学'];

function day(rng: Rng, year: number, month: number, from = 5, to = 25): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(rng.int(from, to)).padStart(2, '0')}`;
}

export async function seedLedger(ctx: AppContext, trx: Executor, world: DemoWorld): Promise<void> {
  const rng = world.rng;
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const nowIso = iso(now);
  const types = new Map((await trx.selectFrom('activity_types').select(['id', 'code']).execute()).map((t) => [t.code, t.id]));

  const byOrg = new Map<number, { id: number; join: string }[]>();
  for (const p of world.people) {
    if (p.partyOrgId === null || p.joinDate === null) continue;
    const list = byOrg.get(p.partyOrgId) ?? [];
    list.push({ id: p.id, join: p.joinDate });
    byOrg.set(p.partyOrgId, list);
  }
  const membersAt = (orgId: number, date: string) => (byOrg.get(orgId) ?? []).filter((m) => m.join <= date).map((m) => m.id);
  const roll = (ids: number[], absentRate = 0.07): Att[] =>
    ids.map((personId) => {
      if (!rng.chance(absentRate)) return { personId, status: 'present', reason: null };
      return rng.chance(0.7)
        ? { personId, status: 'excused', reason: rng.pick(['外出培训', '病假', '公务外出', '事假']) }
        : { personId, status: 'absent', reason: null };
    });

  const joinOf = new Map(world.people.filter((p) => p.joinDate).map((p) => [p.id, p.joinDate as string]));
  const acts: DemoActivity[] = [];
  let seq = 0;
  const add = (
    a: Omit<DemoActivity, 'code' | 'startTime' | 'place' | 'minutes' | 'participantCount' | 'status' | 'speaker' | 'extra'> & Partial<DemoActivity>,
  ) => {
    const status = a.status ?? 'approved';
    acts.push({
      code: `DM${String(++seq).padStart(6, '0')}`,
      startTime: a.startTime ?? rng.pick(['14:30', '15:00', '16:00', '16:30']),
      place: a.place ?? rng.pick(PLACES),
      speaker: a.speaker ?? null,
      extra: a.extra ?? {},
      participantCount: a.participantCount ?? null,
      minutes: a.minutes ?? `<p>会议由党组织书记主持，主题：${a.topic}。</p><p>与会党员结合工作实际进行了交流发言，会议对下一步工作作出安排。</p>`,
      status,
      ...a,
    } as DemoActivity);
  };
  const topic = (type: string) => rng.pick(TOPICS[type] ?? ['组织生活']);

  // ---------------- 2022: a full year, every record approved ----------------
  const Y = 2022;
  for (const [bi, b] of world.branches.entries()) {
    const behind = BEHIND.includes(bi);
    const base = { orgId: b.id, host: b.secretaryId, recorder: b.recorderId };
    const committeeMembers = () => [...new Set([b.secretaryId, b.recorderId, ...b.memberIds.slice(0, 3)])];
    for (let m = 1; m <= 12; m++) {
      if (!(behind && BEHIND_MISSING_COMMITTEE.includes(m))) {
        const date = day(rng, Y, m, 3, 12);
        add({
          ...base,
          type: 'branch_committee_meeting',
          date,
          topic: topic('branch_committee_meeting'),
          attendees: roll(
            committeeMembers().filter((id) => membersAt(b.id, date).includes(id)),
            0.03,
          ),
        });
      }
      if (!(behind && BEHIND_MISSING_THEME_DAY.includes(m))) {
        const date = day(rng, Y, m, 14, 24);
        add({ ...base, type: 'theme_party_day', date, topic: topic('theme_party_day'), attendees: roll(membersAt(b.id, date)) });
      }
    }
    for (const q of [1, 2, 3, 4]) {
      const gm = day(rng, Y, q * 3 - 1, 5, 25);
      add({ ...base, type: 'branch_general_meeting', date: gm, topic: topic('branch_general_meeting'), attendees: roll(membersAt(b.id, gm)) });
      // The last party lecture of the year is after every 2022 joiner's join date (the latest is 20 December).
      const pl = q === 4 ? `2022-12-${rng.int(26, 29)}` : day(rng, Y, q * 3, 8, 26);
      add({ ...base, type: 'party_lecture', date: pl, speaker: null, topic: topic('party_lecture'), attendees: roll(membersAt(b.id, pl)) });
    }
    const ol = day(rng, Y, 1, 15, 25);
    add({ ...base, type: 'org_life_meeting', date: ol, topic: topic('org_life_meeting'), attendees: roll(membersAt(b.id, ol), 0.02) });
    add({ ...base, type: 'member_appraisal', date: addDays(ol, 1), topic: topic('member_appraisal'), attendees: roll(membersAt(b.id, addDays(ol, 1)), 0.02) });
    // Heart-to-heart talks: half the members in June, everybody else (new members included) at the end of December.
    const h1 = day(rng, Y, 6, 10, 25);
    const firstHalf = membersAt(b.id, h1).filter((_, i) => i % 2 === 0);
    add({
      ...base,
      type: 'heart_talk',
      date: h1,
      topic: topic('heart_talk'),
      attendees: firstHalf.map((personId) => ({ personId, status: 'present', reason: null })),
    });
    const h2 = `2022-12-${rng.int(21, 25)}`;
    const rest = membersAt(b.id, h2).filter((id) => !firstHalf.includes(id));
    if (!behind)
      add({
        ...base,
        type: 'heart_talk',
        date: h2,
        topic: topic('heart_talk'),
        attendees: rest.map((personId) => ({ personId, status: 'present', reason: null })),
      });
    for (const m of [6, 12]) {
      const d = day(rng, Y, m, 1, 15);
      add({
        ...base,
        type: 'ideology_meeting',
        date: d,
        topic: topic('ideology_meeting'),
        attendees: roll(
          committeeMembers().filter((id) => membersAt(b.id, d).includes(id)),
          0,
        ),
      });
    }
    for (const m of [2, 5, 9, 11]) {
      const d = day(rng, Y, m, 5, 25);
      add({ ...base, type: 'theory_study', date: d, topic: topic('theory_study'), extra: { form: rng.pick(FORMS) }, attendees: roll(membersAt(b.id, d)) });
    }
    for (const m of [4, 10]) {
      const d = day(rng, Y, m, 5, 25);
      add({ ...base, type: 'online_study', date: d, topic: topic('online_study'), extra: { platform: '学习强国' }, attendees: roll(membersAt(b.id, d), 0.1) });
    }
    for (let i = 0, n = rng.int(1, 3); i < n; i++) {
      const d = day(rng, Y, rng.pick([4, 5, 6, 7, 9, 10]), 5, 25);
      add({
        ...base,
        type: 'red_site_visit',
        date: d,
        topic: topic('red_site_visit'),
        extra: { site: rng.pick(RED_SITES) },
        attendees: roll(membersAt(b.id, d), 0.15),
      });
    }
    for (const m of [3, 9]) {
      const d = day(rng, Y, m, 5, 25);
      add({ ...base, type: 'ethics_study', date: d, topic: topic('ethics_study'), attendees: roll(membersAt(b.id, d)) });
    }
    const md = day(rng, Y, rng.pick([3, 8, 12]), 5, 25);
    add({
      ...base,
      type: 'major_decision',
      date: md,
      topic: topic('major_decision'),
      extra: { category: rng.pick(['重大决策', '重大项目安排', '大额资金使用', '重要人事任免']), decision: '经集体研究，一致同意' },
      attendees: roll(
        committeeMembers().filter((id) => membersAt(b.id, md).includes(id)),
        0,
      ),
    });
    const rf = day(rng, Y, 7, 1, 20);
    add({ ...base, type: 'red_film', date: rf, topic: topic('red_film'), extra: { film: '长津湖' }, attendees: roll(membersAt(b.id, rf), 0.1) });
    const sa = day(rng, Y, rng.pick([5, 6, 10]), 5, 25);
    add({
      ...base,
      type: 'student_activity',
      date: sa,
      topic: topic('student_activity'),
      participantCount: rng.int(200, 900),
      attendees: roll(membersAt(b.id, sa).slice(0, 4), 0),
    });
  }
  // General branches: ideology meetings and collective study.
  for (const s of world.schools) {
    if (s.generalBranchId === null) continue;
    const gb = s.generalBranchId;
    for (const m of [6, 12]) {
      const d = day(rng, Y, m, 16, 26);
      add({
        orgId: gb,
        type: 'ideology_meeting',
        date: d,
        host: s.secretaryId,
        recorder: null,
        topic: topic('ideology_meeting'),
        attendees: roll(membersAt(gb, d), 0),
      });
    }
    for (const m of [3, 10]) {
      const d = day(rng, Y, m, 5, 25);
      add({
        orgId: gb,
        type: 'theory_study',
        date: d,
        host: s.secretaryId,
        recorder: null,
        topic: topic('theory_study'),
        extra: { form: '集中学习' },
        attendees: roll(membersAt(gb, d), 0),
      });
    }
  }
  // The committee: the 18 March lecture, rotation trainings, integrity meetings, its own study.
  const c = world.committeeId;
  const secretaries = world.publicSecretaryIds;
  const lectureAudience = [
    ...membersAt(c, DEMO_LECTURE.date),
    ...world.branches.flatMap((b) => [b.secretaryId, ...membersAt(b.id, DEMO_LECTURE.date).filter(() => rng.chance(0.3))]),
    ...world.schools.map((s) => s.secretaryId),
  ];
  add({
    orgId: c,
    type: 'special_lecture',
    date: DEMO_LECTURE.date,
    startTime: '14:30',
    place: '区教育局报告厅',
    host: world.committeeSecretaryId,
    recorder: world.committeeStaffIds[3] ?? null,
    speaker: DEMO_LECTURE.speaker,
    topic: DEMO_LECTURE.title,
    extra: { speaker: DEMO_LECTURE.speaker, title: DEMO_LECTURE.title },
    attendees: [...new Set(lectureAudience)]
      .filter((id) => (joinOf.get(id) ?? '9999') <= DEMO_LECTURE.date)
      .map((personId) => ({ personId, status: 'present', reason: null })),
  });
  // Rotation training twice; four of the 31 public-school secretaries miss at least one of them.
  const shuffled = rng.shuffle([...secretaries]);
  const missFirst = new Set(shuffled.slice(0, 2));
  const missSecond = new Set(shuffled.slice(2, 4));
  const privateSecretaries = world.schools.filter((s) => !s.isPublic).map((s) => s.secretaryId);
  for (const [date, miss, title] of [
    ['2022-04-21', missFirst, '2022年度党组织书记“双带头人”第一期轮训'],
    ['2022-10-20', missSecond, '2022年度党组织书记“双带头人”第二期轮训'],
  ] as const) {
    add({
      orgId: c,
      type: 'rotation_training',
      date,
      startTime: '09:00',
      place: '区委党校',
      host: world.committeeSecretaryId,
      recorder: world.committeeStaffIds[3] ?? null,
      topic: title,
      extra: { course: title },
      attendees: [
        ...secretaries.map(
          (personId): Att => (miss.has(personId) ? { personId, status: 'excused', reason: '教学任务冲突' } : { personId, status: 'present', reason: null }),
        ),
        ...privateSecretaries.filter((id) => !secretaries.includes(id)).map((personId): Att => ({ personId, status: 'present', reason: null })),
      ],
    });
  }
  for (const d of ['2022-03-09', '2022-09-07']) {
    add({
      orgId: c,
      type: 'integrity_meeting',
      date: d,
      host: world.committeeSecretaryId,
      recorder: null,
      topic: '书记廉洁从教会议',
      attendees: [...new Set(world.schools.map((s) => s.secretaryId))].map((personId) => ({ personId, status: 'present', reason: null })),
    });
  }
  for (const m of [1, 4, 7, 11]) {
    const d = day(rng, Y, m, 5, 25);
    add({
      orgId: c,
      type: 'theory_study',
      date: d,
      host: world.committeeSecretaryId,
      recorder: null,
      topic: topic('theory_study'),
      extra: { form: '集中学习' },
      attendees: roll(membersAt(c, d), 0),
    });
  }

  // Every 2022 member attends at least one study activity after joining: fill gaps on the latest study of their org.
  const STUDY = new Set(['theory_study', 'special_lecture', 'party_lecture', 'online_study']);
  const covered = new Set<number>();
  for (const a of acts) {
    if (!STUDY.has(a.type) || !a.date.startsWith('2022')) continue;
    for (const at of a.attendees) if (at.status === 'present' && (joinOf.get(at.personId) ?? '9999') <= a.date) covered.add(at.personId);
  }
  for (const p of world.people) {
    if (!p.joinDate || p.joinDate > '2022-12-31' || covered.has(p.id) || p.partyOrgId === null) continue;
    const candidates = acts.filter((a) => STUDY.has(a.type) && a.orgId === p.partyOrgId && a.date.startsWith('2022') && a.date >= (p.joinDate as string));
    const target = candidates.at(-1);
    if (!target) throw new Error(`demo: no study activity for member ${p.code}`);
    const existing = target.attendees.find((x) => x.personId === p.id);
    if (existing) {
      existing.status = 'present';
      existing.reason = null;
    } else target.attendees.push({ personId: p.id, status: 'present', reason: null });
    covered.add(p.id);
  }

  // ---------------- study materials: 1,844 copies in 2022 ----------------
  const TITLES = [
    '《习近平谈治国理政》第四卷',
    '《中国共产党章程》',
    '《党的二十大报告辅导读本》',
    '《中国共产党简史》',
    '《习近平新时代中国特色社会主义思想学习纲要》',
  ];
  const materials: { org_id: number; title: string; order_date: string; copies: number }[] = [];
  for (const b of world.branches) {
    for (const title of rng.shuffle([...TITLES]).slice(0, 2))
      materials.push({ org_id: b.id, title, order_date: day(rng, Y, rng.int(2, 11)), copies: rng.int(10, 25) });
  }
  const sum = materials.reduce((n, m) => n + m.copies, 0);
  materials.push({ org_id: c, title: '《党的二十大报告辅导读本》（机关）', order_date: '2022-11-08', copies: DEMO_MATERIAL_COPIES_2022 - sum });

  // ---------------- 2023 – today: lighter, the same branches still behind ----------------
  const lastYear = Math.min(Number(today.slice(0, 4)), 2026);
  for (let year = 2023; year <= lastYear; year++) {
    const current = year === lastYear;
    for (const [bi, b] of world.branches.entries()) {
      const behind = BEHIND.includes(bi);
      const base = { orgId: b.id, host: b.secretaryId, recorder: b.recorderId };
      for (const q of [1, 2, 3, 4]) {
        const gm = day(rng, year, q * 3 - 1, 5, 25);
        add({ ...base, type: 'branch_general_meeting', date: gm, topic: topic('branch_general_meeting'), attendees: roll(membersAt(b.id, gm)) });
        const pl = day(rng, year, q * 3, 5, 20);
        add({ ...base, type: 'party_lecture', date: pl, topic: topic('party_lecture'), attendees: roll(membersAt(b.id, pl)) });
      }
      const ol = day(rng, year, 1, 15, 25);
      add({ ...base, type: 'org_life_meeting', date: ol, topic: topic('org_life_meeting'), attendees: roll(membersAt(b.id, ol), 0.02) });
      if (!current) continue;
      // The current year month by month, so the calendar has something to show (and red where a branch is behind).
      for (let m = 1; m <= 12; m++) {
        if (!(behind && BEHIND_MISSING_COMMITTEE.includes(m))) {
          const d = day(rng, year, m, 3, 12);
          add({
            ...base,
            type: 'branch_committee_meeting',
            date: d,
            topic: topic('branch_committee_meeting'),
            attendees: roll(
              [b.secretaryId, b.recorderId].filter((id) => membersAt(b.id, d).includes(id)),
              0,
            ),
          });
        }
        if (!(behind && BEHIND_MISSING_THEME_DAY.includes(m))) {
          const d = day(rng, year, m, 14, 24);
          add({ ...base, type: 'theme_party_day', date: d, topic: topic('theme_party_day'), attendees: roll(membersAt(b.id, d)) });
        }
      }
    }
    for (const [i, date] of [`${year}-04-20`, `${year}-10-19`].entries()) {
      add({
        orgId: c,
        type: 'rotation_training',
        date,
        startTime: '09:00',
        place: '区委党校',
        host: world.committeeSecretaryId,
        recorder: null,
        topic: `${year}年度党组织书记轮训第${i + 1}期`,
        attendees: secretaries.map((personId) => ({ personId, status: rng.chance(0.9) ? 'present' : 'excused', reason: null })),
      });
    }
  }
  // Only the past is recorded; the last weeks' records are still being reviewed, a few are drafts.
  const kept = acts.filter((a) => a.date <= today);
  const recent = addDays(today, -30);
  for (const a of kept) {
    if (a.date <= recent) continue;
    a.status = rng.chance(0.2) ? 'draft' : 'submitted';
  }

  // ---------------- write: activities in batches, then attendance ----------------
  const ids = new Map<string, number>();
  for (let i = 0; i < kept.length; i += 200) {
    const rows = await trx
      .insertInto('activities')
      .values(
        kept.slice(i, i + 200).map((a) => {
          const present = a.attendees.filter((x) => x.status === 'present').length;
          return {
            code: a.code,
            org_id: a.orgId,
            type_id: types.get(a.type) as number,
            date: a.date,
            start_time: a.startTime,
            place: a.place,
            host_person_id: a.host,
            speaker: a.speaker,
            recorder_person_id: a.recorder,
            topic: a.topic,
            minutes_html: a.minutes,
            guests: null,
            participant_count: a.participantCount ?? present,
            extra_json: JSON.stringify(a.extra),
            status: a.status,
            backfill: 0,
            imported: 0,
            import_batch: null,
            locked: a.status === 'approved' ? 1 : 0,
            reviewed_by: null,
            reviewed_at: a.status === 'approved' ? `${addDays(a.date, 3)}T02:00:00.000Z` : null,
            review_comment: a.status === 'approved' ? '同意' : null,
            submitted_at: a.status === 'draft' ? null : `${addDays(a.date, 1)}T02:00:00.000Z`,
            is_demo: 1,
            created_by: null,
            created_at: `${addDays(a.date, 1)}T01:00:00.000Z` < nowIso ? `${addDays(a.date, 1)}T01:00:00.000Z` : nowIso,
            updated_at: nowIso,
            version: 1,
          };
        }),
      )
      .returning(['id', 'code'])
      .execute();
    for (const r of rows) ids.set(r.code, r.id);
  }
  const attendance = kept.flatMap((a) => {
    const activityId = ids.get(a.code) as number;
    const seen = new Set<number>();
    return a.attendees
      .filter((x) => !seen.has(x.personId) && seen.add(x.personId))
      .map((x) => ({ activity_id: activityId, person_id: x.personId, status: x.status, reason: x.reason }));
  });
  for (let i = 0; i < attendance.length; i += 500)
    await trx
      .insertInto('activity_attendance')
      .values(attendance.slice(i, i + 500))
      .execute();

  for (let year = 2023; year <= lastYear; year++) {
    for (const b of world.branches) {
      const d = day(rng, year, rng.int(2, 11));
      if (d <= today) materials.push({ org_id: b.id, title: rng.pick(TITLES), order_date: d, copies: rng.int(8, 20) });
    }
  }
  for (let i = 0; i < materials.length; i += 300) {
    await trx
      .insertInto('study_materials')
      .values(
        materials
          .slice(i, i + 300)
          .map((m) => ({ ...m, is_demo: 1, import_batch: null, created_by: null, created_at: nowIso, updated_at: nowIso, version: 1 })),
      )
      .execute();
  }
}

export const ledgerDemo: DemoSeeder = {
  name: 'ledger',
  seed: seedLedger,
  async remove(trx) {
    const demoActs = trx.selectFrom('activities').select('id').where('is_demo', '=', 1);
    await trx.deleteFrom('activity_amendments').where('activity_id', 'in', demoActs).execute();
    await trx.deleteFrom('activity_attendance').where('activity_id', 'in', demoActs).execute();
    await trx.deleteFrom('activities').where('is_demo', '=', 1).execute();
    await trx.deleteFrom('study_materials').where('is_demo', '=', 1).execute();
  },
};
