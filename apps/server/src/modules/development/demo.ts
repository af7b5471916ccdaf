import { memberStateAt } from '@taizhang/shared';
import { type DevelopmentStage, HONOUR_CATEGORY_CODES } from '@taizhang/shared/schemas/development';
import type { Insertable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import type { DemoSeeder } from '../demo/registry.ts';
import type { DemoPerson, DemoWorld } from '../demo/world.ts';
import { type MembershipFacts, type PastStep, type StepCandidate, addDays, addYears, earliestApplication, probationEnd, stepViolations } from './rules.ts';
import type { DevelopmentStepsTable, HonoursTable, TrainingHoursTable } from './tables.ts';

/** The seed's 2022 figures this seeder produces. */
export const DEMO_DEVELOPMENT_2022 = {
  newActivists: 70,
  honouredMembers: 48,
  honouredPartyWorkers: 15,
  honouredOrgs: 5,
  ethicsTeachers: 148,
} as const;

const COMMITTEE_BODY = '中共XX区教育工作委员会';
const BUREAU_BODY = 'XX区教育局';

async function insertBatches<T>(rows: T[], size: number, write: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

export const developmentDemo: DemoSeeder = {
  name: 'development',
  async seed(ctx: AppContext, trx: Executor, world: DemoWorld) {
    const rng = world.rng;
    const now = iso(ctx.clock.now());
    const today = chinaDate(ctx.clock.now());
    const people = new Map(world.people.map((p) => [p.id, p]));
    const facts = new Map<number, MembershipFacts>(world.people.map((p) => [p.id, { joinDate: p.joinDate, conversionDate: p.conversionDate }]));
    const schoolIds = new Set(world.schools.map((s) => s.id));
    const branchesOfSchool = new Map<number, DemoWorld['branches']>();
    for (const b of world.branches) branchesOfSchool.set(b.schoolId, [...(branchesOfSchool.get(b.schoolId) ?? []), b]);
    const branchById = new Map(world.branches.map((b) => [b.id, b]));

    const fullMembersOf = (branchId: number, date: string, exclude: number) =>
      (branchById.get(branchId)?.memberIds ?? []).filter(
        (id) => id !== exclude && memberStateAt(facts.get(id) ?? { joinDate: null, conversionDate: null }, date) === 'full',
      );
    const pickTwo = (ids: number[]) => {
      const copy = [...ids];
      rng.shuffle(copy);
      return copy.slice(0, 2);
    };

    const rows: Insertable<DevelopmentStepsTable>[] = [];
    /** Checks each step against the rules as the API would, then queues it. */
    function add(p: DemoPerson, past: PastStep[], orgId: number, c: StepCandidate & { decisionBody: string }, overrideReason?: string) {
      if (c.date > today) return false;
      const violations = stepViolations(c, {
        today,
        person: { id: p.id, birthDate: p.birthDate, joinDate: p.joinDate, conversionDate: p.conversionDate, politicalStatus: p.status },
        steps: past,
        helpers: facts,
      });
      if (violations.length && !overrideReason) throw new Error(`demo development step for ${p.code} breaks ${violations.map((v) => v.message).join('; ')}`);
      past.push({ stage: c.stage, date: c.date, trainingDays: c.trainingDays, trainingHours: c.trainingHours, introducerPersonIds: c.introducerPersonIds });
      rows.push({
        person_id: p.id,
        org_id: orgId,
        stage: c.stage,
        date: c.date,
        decision_body: c.decisionBody,
        notes: null,
        documents_json: '[]',
        liaison_person_ids: JSON.stringify(c.liaisonPersonIds ?? []),
        introducer_person_ids: JSON.stringify(c.introducerPersonIds ?? []),
        training_days: c.trainingDays ?? null,
        training_hours: c.trainingHours ?? null,
        notice_start: c.noticeStart ?? null,
        notice_end: c.noticeEnd ?? null,
        extension_months: null,
        extension_date: null,
        override_reason: violations.length ? (overrideReason ?? null) : null,
        override_by: null,
        overridden_rules: JSON.stringify([...new Set(violations.map((v) => v.rule))]),
        is_demo: 1,
        import_batch: null,
        created_at: now,
      });
      return true;
    }
    const body: Record<DevelopmentStage, string> = {
      applicant: '党支部',
      activist: '党支部委员会',
      candidate: '党支部委员会',
      probationary: '支部党员大会',
      full: '支部党员大会',
    };

    // --- 70 people who became activists in 2022: staff of schools, not members, aged 18+ when they applied ---
    const pool = world.people.filter(
      (p) =>
        (p.status === '群众' || p.status === '共青团员') && p.joinDate === null && schoolIds.has(p.unitId) && (branchesOfSchool.get(p.unitId)?.length ?? 0) > 0,
    );
    rng.shuffle(pool);
    const activists: number[] = [];
    for (const p of pool) {
      if (activists.length === DEMO_DEVELOPMENT_2022.newActivists) break;
      const activist = rng.date('2022-01-10', '2022-12-20');
      const earliest = earliestApplication(p.birthDate);
      let applicant = addDays(activist, -rng.int(30, 400));
      if (applicant < earliest) applicant = earliest;
      if (applicant > addDays(activist, -30)) continue;
      const branch = rng.pick(branchesOfSchool.get(p.unitId) ?? []);
      const liaisons = pickTwo(fullMembersOf(branch.id, activist, p.id));
      const past: PastStep[] = [];
      add(p, past, branch.id, { stage: 'applicant', date: applicant, decisionBody: body.applicant });
      add(p, past, branch.id, { stage: 'activist', date: activist, liaisonPersonIds: liaisons, decisionBody: body.activist });
      activists.push(p.id);
    }
    if (activists.length !== DEMO_DEVELOPMENT_2022.newActivists) throw new Error('demo: not enough non-members for 70 activists');

    // --- everybody who joined in 2022 or later: a whole, consistent history ending on their join/conversion dates ---
    for (const p of world.people.filter((x) => x.joinDate !== null && x.joinDate >= '2022-01-01' && x.partyOrgId !== null)) {
      const branchId = p.partyOrgId as number;
      const prob = p.joinDate as string;
      const candidate = addDays(prob, -rng.int(40, 90));
      let activist = addDays(addYears(candidate, -1), -rng.int(0, 180));
      // Nobody but the seed's 70 became an activist in 2022.
      if (activist.startsWith('2022')) activist = rng.date('2021-06-01', '2021-12-31');
      let applicant = addDays(activist, -rng.int(30, 300));
      if (applicant < earliestApplication(p.birthDate)) applicant = earliestApplication(p.birthDate);
      const introducers = pickTwo(fullMembersOf(branchId, candidate, p.id));
      const past: PastStep[] = [];
      add(p, past, branchId, { stage: 'applicant', date: applicant, decisionBody: body.applicant });
      add(p, past, branchId, {
        stage: 'activist',
        date: activist,
        liaisonPersonIds: pickTwo(fullMembersOf(branchId, activist, p.id)),
        decisionBody: body.activist,
      });
      const training = rng.chance(0.5) ? { trainingDays: 3 } : { trainingHours: rng.int(24, 32) };
      add(p, past, branchId, { stage: 'candidate', date: candidate, introducerPersonIds: introducers, decisionBody: body.candidate, ...training });
      const noticeEnd = addDays(prob, -rng.int(1, 5));
      if (
        !add(p, past, branchId, {
          stage: 'probationary',
          date: prob,
          introducerPersonIds: introducers,
          noticeStart: addDays(noticeEnd, -6),
          noticeEnd,
          decisionBody: body.probationary,
        })
      )
        continue;
      if (p.conversionDate) {
        const convEnd = addDays(p.conversionDate, -rng.int(1, 5));
        // The people seeder dates conversions 365 days after joining: a day early across a 29 February.
        const early = p.conversionDate < probationEnd(prob);
        add(
          p,
          past,
          branchId,
          { stage: 'full', date: p.conversionDate, noticeStart: addDays(convEnd, -6), noticeEnd: convEnd, decisionBody: body.full },
          early ? '人员档案记载的转正日期（入党后365日，跨2月29日） / conversion date as kept in the personnel record' : undefined,
        );
      }
    }
    await insertBatches(rows, 200, (batch) => trx.insertInto('development_steps').values(batch).execute());

    // --- 双培养 flags: some of the new activists are key teachers; some members are being developed as key teachers ---
    const flagRows = [
      ...activists.slice(0, 12).map((id) => ({ person_id: id, kind: 'teacher_to_member', since: '2022-03-01' })),
      ...world.people
        .filter((p) => p.joinDate?.startsWith('2022'))
        .slice(0, 6)
        .map((p) => ({ person_id: p.id, kind: 'member_to_teacher', since: '2022-09-01' })),
    ].map((f) => ({ ...f, until: null, notes: null, is_demo: 1, created_at: now }));
    if (flagRows.length) await trx.insertInto('development_dual_flags').values(flagRows).execute();

    // --- honours in 2022 ---
    const honours: Insertable<HonoursTable>[] = [];
    const honour = (category: string, target: 'person' | 'org', id: number, awardedOn: string, awardingBody: string, citation: string | null) =>
      honours.push({
        year: 2022,
        category_code: category,
        target_type: target,
        person_id: target === 'person' ? id : null,
        org_id: target === 'org' ? id : null,
        target_key: `${target === 'person' ? 'p' : 'o'}:${id}`,
        awarded_on: awardedOn,
        awarding_body: awardingBody,
        citation,
        is_demo: 1,
        import_batch: null,
        created_at: now,
        updated_at: now,
        version: 1,
      });
    const julyFirst = '2022-06-28';
    const recorders = [...new Set(world.branches.map((b) => b.recorderId))];
    rng.shuffle(recorders);
    const workers = recorders.slice(0, DEMO_DEVELOPMENT_2022.honouredPartyWorkers);
    const taken = new Set(workers);
    const members = world.people.filter(
      (p) => !taken.has(p.id) && memberStateAt({ joinDate: p.joinDate, conversionDate: p.conversionDate }, julyFirst) !== null && schoolIds.has(p.unitId),
    );
    rng.shuffle(members);
    for (const p of members.slice(0, DEMO_DEVELOPMENT_2022.honouredMembers))
      honour(HONOUR_CATEGORY_CODES.excellentMember, 'person', p.id, julyFirst, COMMITTEE_BODY, null);
    for (const id of workers) honour(HONOUR_CATEGORY_CODES.excellentPartyWorker, 'person', id, julyFirst, COMMITTEE_BODY, null);
    const branches = [...world.branches];
    rng.shuffle(branches);
    for (const b of branches.slice(0, DEMO_DEVELOPMENT_2022.honouredOrgs))
      honour(HONOUR_CATEGORY_CODES.advancedPartyOrg, 'org', b.id, julyFirst, COMMITTEE_BODY, null);
    const teachers = [...new Set(world.schools.flatMap((s) => s.teacherIds))];
    rng.shuffle(teachers);
    for (const id of teachers.slice(0, DEMO_DEVELOPMENT_2022.ethicsTeachers))
      honour(HONOUR_CATEGORY_CODES.ethicsModelTeacher, 'person', id, '2022-09-09', BUREAU_BODY, '2022年度师德师风优秀教师');
    await insertBatches(honours, 200, (batch) => trx.insertInto('honours').values(batch).execute());

    // --- a yearly members' training programme with hours for most members ---
    const prog = await trx
      .insertInto('training_programmes')
      .values({
        name: '2022年度党员集中培训',
        organiser_org_id: world.committeeId,
        hours: 32,
        year: 2022,
        is_demo: 1,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const hourRows: Insertable<TrainingHoursTable>[] = world.people
      .filter((p) => memberStateAt({ joinDate: p.joinDate, conversionDate: p.conversionDate }, '2022-11-30') !== null && rng.chance(0.93))
      .map((p) => ({ person_id: p.id, programme_id: prog.id, activity_id: null, hours: 32, date: '2022-11-30', is_demo: 1, created_at: now }));
    await insertBatches(hourRows, 250, (batch) => trx.insertInto('training_hours').values(batch).execute());
    void people;
  },

  async remove(trx: Executor) {
    const demoPeople = trx.selectFrom('people').select('id').where('is_demo', '=', 1);
    const demoOrgs = trx.selectFrom('org_units').select('id').where('is_demo', '=', 1);
    await trx
      .deleteFrom('training_hours')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('person_id', 'in', demoPeople)]))
      .execute();
    await trx
      .deleteFrom('training_programmes')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('organiser_org_id', 'in', demoOrgs)]))
      .execute();
    await trx
      .deleteFrom('honours')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('person_id', 'in', demoPeople), eb('org_id', 'in', demoOrgs)]))
      .execute();
    await trx
      .deleteFrom('development_dual_flags')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('person_id', 'in', demoPeople)]))
      .execute();
    await trx
      .deleteFrom('development_steps')
      .where((eb) => eb.or([eb('is_demo', '=', 1), eb('person_id', 'in', demoPeople), eb('org_id', 'in', demoOrgs)]))
      .execute();
  },
};
