import type { Executor } from '../../db/database.ts';
import { linkNew } from '../org-units/repository.ts';
import { pinyinKeys } from '../people/service.ts';
import { iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { Rng, chineseName, mobile } from './random.ts';
import type { DemoBranch, DemoPerson, DemoSchool, DemoWorld } from './world.ts';

/** Party members at the end of 2022 in the demo district (the seed's 465). */
export const DEMO_MEMBERS_2022 = 465;
const NEW_PROBATIONARY_2022 = 17;
const JOINED_AFTER_2022 = 14;

interface SchoolSpec {
  code: string;
  name: string;
  kind: 'school' | 'kindergarten';
  stage: string;
  isPublic: boolean;
  generalBranch?: boolean;
  /** Secretary is also principal (一肩挑). */
  dualRole: boolean;
  staff: number;
}

const SCHOOLS: SchoolSpec[] = [
  { code: 'S01', name: 'XX区第一中学', kind: 'school', stage: '完全中学', isPublic: true, generalBranch: true, dualRole: false, staff: 150 },
  { code: 'S02', name: 'XX区第二中学', kind: 'school', stage: '初中', isPublic: true, dualRole: true, staff: 95 },
  { code: 'S03', name: 'XX区第三中学', kind: 'school', stage: '完全中学', isPublic: true, generalBranch: true, dualRole: true, staff: 140 },
  { code: 'S04', name: 'XX区第四中学', kind: 'school', stage: '初中', isPublic: true, dualRole: true, staff: 90 },
  { code: 'S05', name: 'XX区第五中学', kind: 'school', stage: '初中', isPublic: true, dualRole: true, staff: 85 },
  { code: 'S06', name: 'XX区实验中学', kind: 'school', stage: '九年一贯制', isPublic: true, dualRole: true, staff: 100 },
  { code: 'S07', name: 'XX区职业中学', kind: 'school', stage: '职业学校', isPublic: true, dualRole: true, staff: 70 },
  { code: 'S08', name: 'XX区特殊教育学校', kind: 'school', stage: '特殊教育学校', isPublic: true, dualRole: true, staff: 40 },
  ...['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'].map((n, i) => ({
    code: `S${String(9 + i).padStart(2, '0')}`,
    name: `XX区第${n}小学`,
    kind: 'school' as const,
    stage: '小学',
    isPublic: true,
    dualRole: true,
    staff: 62 + ((i * 7) % 20),
  })),
  { code: 'S21', name: 'XX区实验小学', kind: 'school', stage: '小学', isPublic: true, dualRole: true, staff: 85 },
  { code: 'S22', name: 'XX区育才学校', kind: 'school', stage: '九年一贯制', isPublic: false, dualRole: false, staff: 70 },
  ...['中心', '第一', '第二', '第三', '实验', '机关'].map((n, i) => ({
    code: `K${String(i + 1).padStart(2, '0')}`,
    name: `XX区${n}幼儿园`,
    kind: 'kindergarten' as const,
    stage: '幼儿园',
    isPublic: true,
    dualRole: true,
    staff: 32 + ((i * 5) % 12),
  })),
];

function studentsFor(rng: Rng, s: SchoolSpec): number {
  if (s.kind === 'kindergarten') return rng.int(180, 360);
  if (s.stage === '特殊教育学校') return rng.int(90, 140);
  if (s.stage === '小学') return rng.int(700, 1300);
  return rng.int(900, 1800);
}

export async function seedOrgPeople(ctx: AppContext, trx: Executor): Promise<DemoWorld> {
  const rng = new Rng(20221031);
  const now = iso(ctx.clock.now());
  let personSeq = 0;
  const people: DemoPerson[] = [];
  const pendingPosts: { personIdx: number; orgId: number; post: string; start: string | null; end: string | null }[] = [];

  async function org(
    code: string,
    name: string,
    kind: string,
    parentId: number | null,
    extra: { stage?: string; ownership?: string; students?: number; boarders?: number } = {},
  ) {
    const row = await trx
      .insertInto('org_units')
      .values({
        code,
        name,
        kind,
        parent_id: parentId,
        active: 1,
        active_from: '2015-01-01',
        active_to: null,
        stage: extra.stage ?? null,
        ownership: extra.ownership ?? null,
        student_count: extra.students ?? null,
        boarder_count: extra.boarders ?? null,
        sort_order: 0,
        is_demo: 1,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await linkNew(trx, row.id, parentId);
    return row.id;
  }

  /** Queues a person; ids are assigned when the batch is written. */
  function person(p: Omit<DemoPerson, 'id' | 'code' | 'name' | 'gender' | 'birthDate'> & { name?: string; gender?: '男' | '女'; birthDate?: string }): number {
    personSeq++;
    const gender = p.gender ?? (rng.chance(0.68) ? '女' : '男');
    people.push({
      id: 0,
      code: `P${String(personSeq).padStart(5, '0')}`,
      name: p.name ?? chineseName(rng, gender),
      gender,
      birthDate: p.birthDate ?? rng.date('1965-01-01', '2001-12-31'),
      unitId: p.unitId,
      partyOrgId: p.partyOrgId,
      status: p.status,
      joinDate: p.joinDate,
      conversionDate: p.conversionDate,
    });
    return people.length - 1;
  }

  const fullMember = (unitId: number, partyOrgId: number, extra: { name?: string; gender?: '男' | '女'; birthDate?: string } = {}) => {
    const birth = extra.birthDate ?? rng.date('1965-01-01', '1992-12-31');
    const earliest = `${Number(birth.slice(0, 4)) + 20}-01-01`;
    const join = rng.date(earliest < '1990-01-01' ? '1990-01-01' : earliest, '2020-12-31');
    const conv = addDays(join, 365 + rng.int(0, 20));
    return person({ ...extra, birthDate: birth, unitId, partyOrgId, status: '中共党员', joinDate: join, conversionDate: conv });
  };

  // --- the committee ---
  const committeeId = await org('XQJYGW', 'XX区教育工委', 'committee', null);
  const liuYing = fullMember(committeeId, committeeId, { name: '刘莹', gender: '女', birthDate: '1972-05-16' });
  pendingPosts.push({ personIdx: liuYing, orgId: committeeId, post: '党委书记', start: '2019-03-01', end: null });
  const committeeStaff = [liuYing];
  for (let i = 0; i < 5; i++) {
    const idx = fullMember(committeeId, committeeId);
    committeeStaff.push(idx);
    pendingPosts.push({ personIdx: idx, orgId: committeeId, post: i === 0 ? '副书记' : i === 1 ? '宣传委员' : '党务工作者', start: null, end: null });
  }
  for (let i = 0; i < 6; i++) committeeStaff.push(person({ unitId: committeeId, partyOrgId: null, status: '群众', joinDate: null, conversionDate: null }));

  // --- schools, party orgs, leaders ---
  interface Slot {
    orgId: number;
    schoolIdx: number;
    unitId: number;
    branch: boolean;
  }
  const slots: Slot[] = [];
  const schoolRecs: (Omit<DemoSchool, 'principalId' | 'secretaryId' | 'teacherIds'> & {
    principalIdx: number;
    secretaryIdx: number;
    teacherIdx: number[];
    spec: SchoolSpec;
  })[] = [];
  const branchRecs: (Omit<DemoBranch, 'secretaryId' | 'recorderId' | 'memberIds'> & { secretaryIdx: number; recorderIdx: number; memberIdx: number[] })[] = [];
  const publicSecretaryIdx: number[] = [];

  for (const [si, s] of SCHOOLS.entries()) {
    const students = studentsFor(rng, s);
    const boarders = s.stage === '完全中学' || s.stage === '职业学校' ? Math.round(students * 0.3) : 0;
    const schoolId = await org(s.code, s.name, s.kind, committeeId, { stage: s.stage, ownership: s.isPublic ? '公办' : '民办', students, boarders });
    const head = s.kind === 'kindergarten' ? '园长' : '校长';
    const short = s.name.replace('XX区', '');
    const branchIds: number[] = [];
    let generalBranchId: number | null = null;
    let topParty: number;
    if (s.generalBranch) {
      generalBranchId = await org(`${s.code}-ZZ`, `${short}党总支`, 'general_branch', schoolId);
      topParty = generalBranchId;
      for (const n of ['第一', '第二']) {
        const id = await org(`${s.code}-B${n === '第一' ? 1 : 2}`, `${short}${n}党支部`, 'branch', generalBranchId);
        branchIds.push(id);
      }
    } else {
      const id = await org(`${s.code}-B`, `${short}党支部`, 'branch', schoolId);
      branchIds.push(id);
      topParty = id;
    }
    // Principal; the top party org's secretary is the principal when 一肩挑.
    const principal = fullMember(schoolId, branchIds[0], { birthDate: rng.date('1966-01-01', '1980-12-31') });
    pendingPosts.push({ personIdx: principal, orgId: schoolId, post: head, start: null, end: null });
    let secretary = principal;
    if (!s.dualRole)
      secretary = fullMember(schoolId, topParty === generalBranchId ? generalBranchId : branchIds[0], { birthDate: rng.date('1966-01-01', '1980-12-31') });
    pendingPosts.push({ personIdx: secretary, orgId: topParty, post: s.generalBranch ? '党总支书记' : '党支部书记', start: null, end: null });
    if (s.isPublic) publicSecretaryIdx.push(secretary);
    if (s.generalBranch && generalBranchId !== null) {
      const deputy = fullMember(schoolId, generalBranchId);
      pendingPosts.push({ personIdx: deputy, orgId: generalBranchId, post: '副书记', start: null, end: null });
      slots.push({ orgId: generalBranchId, schoolIdx: si, unitId: schoolId, branch: false });
    }
    const vice = fullMember(schoolId, branchIds[0]);
    pendingPosts.push({ personIdx: vice, orgId: schoolId, post: '副校长', start: null, end: null });

    for (const [bi, branchId] of branchIds.entries()) {
      let bSecretary = secretary;
      if (s.generalBranch) {
        bSecretary = fullMember(schoolId, branchId);
        // 一中第二党支部: the secretary left the post in July 2023 and it is still vacant (a gap today, held in 2022).
        const vacantNow = s.code === 'S01' && bi === 1;
        pendingPosts.push({ personIdx: bSecretary, orgId: branchId, post: '党支部书记', start: null, end: vacantNow ? '2023-07-31' : null });
        if (s.isPublic) publicSecretaryIdx.push(bSecretary);
      }
      const publicity = fullMember(schoolId, branchId);
      // 第十二小学党支部 has no committee member for publicity: its direct responsible person is missing.
      if (s.code !== 'S20') pendingPosts.push({ personIdx: publicity, orgId: branchId, post: '宣传委员', start: null, end: null });
      const organiser = fullMember(schoolId, branchId);
      pendingPosts.push({ personIdx: organiser, orgId: branchId, post: '组织委员', start: null, end: null });
      const recorder = fullMember(schoolId, branchId);
      pendingPosts.push({ personIdx: recorder, orgId: branchId, post: '党务工作者', start: null, end: null });
      branchRecs.push({ id: branchId, code: '', name: '', schoolId, generalBranchId, secretaryIdx: bSecretary, recorderIdx: recorder, memberIdx: [] });
      slots.push({ orgId: branchId, schoolIdx: si, unitId: schoolId, branch: true });
    }
    schoolRecs.push({
      id: schoolId,
      code: s.code,
      name: s.name,
      kind: s.kind,
      stage: s.stage,
      isPublic: s.isPublic,
      students,
      boarders,
      generalBranchId,
      branchIds,
      principalIdx: principal,
      secretaryIdx: secretary,
      teacherIdx: [],
      spec: s,
    });
  }

  // --- rank-and-file members up to 465 at the end of 2022 (17 of them joined in 2022) ---
  const branchSlots = slots.filter((x) => x.branch);
  const membersSoFar = () => people.filter((p) => p.joinDate !== null && p.joinDate <= '2022-12-31').length;
  let k = 0;
  while (membersSoFar() < DEMO_MEMBERS_2022 - NEW_PROBATIONARY_2022) {
    const slot = branchSlots[k++ % branchSlots.length];
    fullMember(slot.unitId, slot.orgId);
  }
  for (let i = 0; i < NEW_PROBATIONARY_2022; i++) {
    const slot = branchSlots[(i * 7) % branchSlots.length];
    const join = rng.date('2022-03-01', '2022-12-20');
    person({
      unitId: slot.unitId,
      partyOrgId: slot.orgId,
      birthDate: rng.date('1988-01-01', '1998-12-31'),
      status: '中共党员',
      joinDate: join,
      conversionDate: addYear(join),
    });
  }
  for (let i = 0; i < JOINED_AFTER_2022; i++) {
    const slot = branchSlots[(i * 11 + 3) % branchSlots.length];
    const join = rng.date('2023-03-01', '2026-06-30');
    const conv = addYear(join);
    const converted = conv <= '2026-11-01';
    person({
      unitId: slot.unitId,
      partyOrgId: slot.orgId,
      birthDate: rng.date('1990-01-01', '2000-12-31'),
      status: converted ? '中共党员' : '中共预备党员',
      joinDate: join,
      conversionDate: converted ? conv : null,
    });
  }

  // --- everybody else on the staff lists ---
  for (const [si, rec] of schoolRecs.entries()) {
    const staffNow = people.filter((p) => p.unitId === rec.id).length;
    for (let i = staffNow; i < rec.spec.staff; i++) {
      const young = rng.chance(0.3);
      const birth = young ? rng.date('1995-01-01', '2002-12-31') : rng.date('1964-01-01', '1994-12-31');
      const status = young && rng.chance(0.6) ? '共青团员' : rng.chance(0.03) ? '民主党派' : '群众';
      person({ unitId: rec.id, partyOrgId: null, birthDate: birth, status, joinDate: null, conversionDate: null });
    }
    const staff = people.map((p, idx) => ({ p, idx })).filter((x) => x.p.unitId === rec.id);
    const taken = new Set(pendingPosts.filter((pp) => people[pp.personIdx].unitId === rec.id).map((pp) => pp.personIdx));
    for (const { idx } of staff) {
      if (taken.has(idx)) continue;
      rec.teacherIdx.push(idx);
      pendingPosts.push({ personIdx: idx, orgId: rec.id, post: rng.chance(0.22) && rec.kind === 'school' ? '班主任' : '教师', start: null, end: null });
    }
    void si;
  }

  // --- write people and posts in batches ---
  const ids: number[] = [];
  for (let i = 0; i < people.length; i += 200) {
    const batch = people.slice(i, i + 200);
    const rows = await trx
      .insertInto('people')
      .values(
        batch.map((p) => {
          const keys = pinyinKeys(p.name);
          return {
            code: p.code,
            name: p.name,
            gender: p.gender,
            birth_date: p.birthDate,
            unit_id: p.unitId,
            party_org_id: p.partyOrgId,
            political_status: p.status,
            join_date: p.joinDate,
            conversion_date: p.conversionDate,
            phone: mobile(rng),
            pinyin_initials: keys.initials,
            pinyin_full: keys.full,
            active: 1,
            left_date: null,
            is_demo: 1,
            import_batch: null,
            created_at: now,
            updated_at: now,
            version: 1,
          };
        }),
      )
      .returning('id')
      .execute();
    for (const r of rows) ids.push(r.id);
  }
  people.forEach((p, i) => {
    p.id = ids[i];
  });
  for (let i = 0; i < pendingPosts.length; i += 300) {
    await trx
      .insertInto('person_posts')
      .values(
        pendingPosts
          .slice(i, i + 300)
          .map((pp) => ({ person_id: people[pp.personIdx].id, org_id: pp.orgId, post: pp.post, start_date: pp.start, end_date: pp.end, created_at: now })),
      )
      .execute();
  }
  for (let i = 0; i < people.length; i += 300) {
    await trx
      .insertInto('person_status_history')
      .values(
        people
          .slice(i, i + 300)
          .map((p) => ({ person_id: p.id, status: p.status, effective_date: p.conversionDate ?? p.joinDate, recorded_at: now, source: 'demo' })),
      )
      .execute();
  }

  const orgRows = await trx.selectFrom('org_units').select(['id', 'code', 'name']).where('is_demo', '=', 1).execute();
  const orgById = new Map(orgRows.map((o) => [o.id, o]));
  const branches: DemoBranch[] = branchRecs.map((b) => ({
    id: b.id,
    code: orgById.get(b.id)?.code ?? '',
    name: orgById.get(b.id)?.name ?? '',
    schoolId: b.schoolId,
    generalBranchId: b.generalBranchId,
    secretaryId: people[b.secretaryIdx].id,
    recorderId: people[b.recorderIdx].id,
    memberIds: people.filter((p) => p.partyOrgId === b.id).map((p) => p.id),
  }));
  const schools: DemoSchool[] = schoolRecs.map((s) => ({
    id: s.id,
    code: s.code,
    name: s.name,
    kind: s.kind,
    stage: s.stage,
    isPublic: s.isPublic,
    students: s.students,
    boarders: s.boarders,
    generalBranchId: s.generalBranchId,
    branchIds: s.branchIds,
    principalId: people[s.principalIdx].id,
    secretaryId: people[s.secretaryIdx].id,
    teacherIds: s.teacherIdx.map((i) => people[i].id),
  }));
  return {
    rng,
    committeeId,
    committeeCode: 'XQJYGW',
    committeeSecretaryId: people[liuYing].id,
    committeeStaffIds: committeeStaff.map((i) => people[i].id),
    schools,
    branches,
    people,
    publicSecretaryIds: [...new Set(publicSecretaryIdx.map((i) => people[i].id))],
  };
}

/** The same calendar day a year later (28 Feb when 29 Feb has no twin): probation lasts one calendar year. */
export function addYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const last = new Date(Date.UTC(y + 1, m, 0)).getUTCDate();
  return `${y + 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);
}

/** Removes demo org units and people (after every module removed its own demo rows). */
export async function removeOrgPeople(trx: Executor): Promise<void> {
  const demoOrgs = trx.selectFrom('org_units').select('id').where('is_demo', '=', 1);
  const demoPeople = trx.selectFrom('people').select('id').where('is_demo', '=', 1);
  await trx.deleteFrom('grants').where('org_id', 'in', demoOrgs).execute();
  await trx.updateTable('users').set({ person_id: null }).where('person_id', 'in', demoPeople).execute();
  await trx
    .deleteFrom('duty_role_overrides')
    .where((eb) => eb.or([eb('org_id', 'in', demoOrgs), eb('person_id', 'in', demoPeople)]))
    .execute();
  await trx
    .deleteFrom('person_posts')
    .where((eb) => eb.or([eb('org_id', 'in', demoOrgs), eb('person_id', 'in', demoPeople)]))
    .execute();
  await trx.deleteFrom('person_status_history').where('person_id', 'in', demoPeople).execute();
  await trx.deleteFrom('people').where('is_demo', '=', 1).execute();
  await trx
    .deleteFrom('org_closure')
    .where((eb) => eb.or([eb('ancestor_id', 'in', demoOrgs), eb('descendant_id', 'in', demoOrgs)]))
    .execute();
  // Children before parents: clear parent links first.
  await trx.updateTable('org_units').set({ parent_id: null }).where('is_demo', '=', 1).execute();
  await trx.deleteFrom('org_units').where('is_demo', '=', 1).execute();
}
