// Duty evaluation at province scale (issue C): a generated province tree (bench/generator, one year of records,
// ≈ 20,000 org units), a published duty list of 30 items with automatic measures of every kind, then
//   1. publish = instantiate every duty + evaluate it (the service, in one transaction),
//   2. full evaluation of every duty from the freshly instantiated state (goal ≤ 60 s),
//   3. one new ledger record through the ledger service (create draft + submit, as POST /activities + /submit do):
//      the time of that call, and how many duties it re-evaluated (must be the few it can affect).
// Re-evaluated duties are counted from the database: before the record every duty's next_json is set to a
// sentinel that no evaluation produces, so every duty the evaluation touches is rewritten.
// PostgreSQL only: BENCH_DATABASE_URL (an admin URL; a database is created in it), else a throwaway cluster
// (scripts/pg-cluster.mjs) on BENCH_PG_PORT (default 55471). BENCH_ORGS (default 20000) sizes the tree;
// BENCH_KEEP_DB=1 leaves the database (and cluster) running for a closer look.
import { performance } from 'node:perf_hooks';
import { DEFAULT_DUTY_ITEMS, type DutyItemBody, Measure } from '@taizhang/shared/schemas/duties';
import { type Kysely, sql } from 'kysely';
import { loadConfig } from '../apps/server/src/config.ts';
import type { Database } from '../apps/server/src/db/types.ts';
import { reevaluateForRecord } from '../apps/server/src/modules/duties/evaluate.ts';
import { evaluateList } from '../apps/server/src/modules/duties/evaluate.ts';
import { addItem, createList, publishList } from '../apps/server/src/modules/duties/service.ts';
import { createActivity, submitActivity } from '../apps/server/src/modules/ledger/service.ts';
import type { Actor } from '../apps/server/src/platform/access/actor.ts';
import { openContext } from '../apps/server/src/platform/bootstrap.ts';
import { FakeClock } from '../apps/server/src/platform/clock.ts';
import type { AppContext } from '../apps/server/src/platform/context.ts';
import { extraRecords, generateSlice } from './generator/province-slice.ts';
import { writeResults } from './lib.ts';
import { scratchPgDatabase } from './sql-lib.ts';

const ORGS = Number(process.env.BENCH_ORGS ?? 20_000);
const PORT = Number(process.env.BENCH_PG_PORT ?? 55471);
const YEAR = 2022;
const SEED = 1;
const GOAL_S = 60;

const log = (s: string) => process.stdout.write(`${s}\n`);
const secs = (ms: number) => Math.round(ms / 100) / 10;

/** 18 items on top of the 12 defaults: 30, covering every measure source and every role but every_teacher. */
const EXTRA_ITEMS: DutyItemBody[] = [
  ...(
    [
      ['first_responsible', ['branch', 'general_branch'], '主持召开党员大会', 'branch_general_meeting', 'host', 1, 'quarter'],
      ['first_responsible', ['branch', 'general_branch'], '每年为党员讲党课', 'party_lecture', 'host', 1, 'year'],
      ['first_responsible', ['branch', 'general_branch'], '开展谈心谈话', 'heart_talk', 'host', 4, 'year'],
      ['first_responsible', ['branch', 'general_branch'], '召开专题组织生活会', 'org_life_meeting', 'org', 1, 'year'],
      ['first_responsible', ['branch', 'general_branch'], '开展民主评议党员', 'member_appraisal', 'org', 1, 'year'],
      ['direct_responsible', ['branch'], '按期召开党员大会', 'branch_general_meeting', 'org', 1, 'quarter'],
      ['direct_responsible', ['branch'], '按期上党课', 'party_lecture', 'org', 1, 'quarter'],
      ['direct_responsible', ['branch'], '组织师德师风专题学习', 'ethics_study', 'org', 1, 'month'],
      ['direct_responsible', ['branch'], '组织党小组会', 'party_group_meeting', 'org', 2, 'month'],
      ['dual_duty', ['branch', 'general_branch'], '参加师德师风专题学习', 'ethics_study', 'attendee', 6, 'year'],
      ['dual_duty', ['branch', 'general_branch'], '参加主题党日活动', 'theme_party_day', 'attendee', 10, 'year'],
      ['every_member', ['branch', 'general_branch', 'committee'], '参加主题党日活动', 'theme_party_day', 'attendee', 10, 'year'],
    ] as const
  ).map(
    ([binds, kinds, text, type, who, min, per]): DutyItemBody => ({
      listKind: 'responsibilities',
      binds,
      appliesToKinds: [...kinds],
      text,
      target: `${per === 'year' ? '每年' : per === 'quarter' ? '每季度' : '每月'}不少于${min}次`,
      measure: { kind: 'auto', source: 'ledger', type_code: type, who, min, per },
      weight: 2,
    }),
  ),
  {
    listKind: 'rights',
    binds: 'first_responsible',
    appliesToKinds: ['committee', 'general_branch'],
    text: '对下级党组织意识形态工作有考核评价权',
    target: '明确到人',
    measure: { kind: 'none', source: 'none' },
    weight: 0,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['branch', 'general_branch'],
    text: '年度述职中专题报告意识形态工作',
    target: '提交佐证材料并经上级认定',
    measure: { kind: 'manual', source: 'evidence' },
    weight: 5,
  },
  {
    listKind: 'responsibilities',
    binds: 'direct_responsible',
    appliesToKinds: ['branch'],
    text: '建立宣传思想阵地管理台账',
    target: '提交佐证材料并经上级认定',
    measure: { kind: 'manual', source: 'evidence' },
    weight: 5,
  },
  {
    listKind: 'responsibilities',
    binds: 'first_responsible',
    appliesToKinds: ['committee'],
    text: '主持工委意识形态领域风险研判会',
    target: '每年不少于4次',
    measure: { kind: 'auto', source: 'risk_reviews_signed', min: 4 },
    weight: 5,
  },
  {
    listKind: 'negative',
    binds: 'direct_responsible',
    appliesToKinds: ['branch'],
    text: '发生负面舆情事件',
    target: '不超过1起',
    measure: { kind: 'auto', source: 'incidents', max: 1 },
    weight: 5,
  },
  {
    listKind: 'negative',
    binds: 'dual_duty',
    appliesToKinds: ['branch', 'general_branch'],
    text: '分管领域发生教师师德失范行为',
    target: '0起',
    measure: { kind: 'auto', source: 'ethics_cases', max: 0 },
    weight: 5,
  },
];

function actorAt(orgId: number): Actor {
  return {
    userId: 0,
    username: 'bench',
    displayName: 'bench',
    personId: null,
    grants: [{ id: 0, role: 'committee_admin', orgId }],
    sessionId: 'bench',
    csrfToken: 'bench',
    mustChangePassword: false,
    mfaPending: false,
    mfaSetupRequired: false,
    mfaEnabled: false,
    reauthAt: null,
  };
}

/**
 * The duties a ledger record can change, computed independently of the engine: ledger-measured duties whose
 * type matches, at the record's org (or a party org a school's record serves) for `org` measures, or owned —
 * now or by handover — by a host/attendee for `host`/`attendee` measures.
 */
async function affectedByRecord(db: Kysely<Database>, activityId: number): Promise<number> {
  const a = await db
    .selectFrom('activities as a')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .select(['a.org_id', 'a.host_person_id', 't.code', 't.is_study', 'a.date'])
    .where('a.id', '=', activityId)
    .executeTakeFirstOrThrow();
  const present = (
    await db.selectFrom('activity_attendance').select('person_id').where('activity_id', '=', activityId).where('status', '=', 'present').execute()
  ).map((r) => r.person_id);
  const served = (
    await db
      .selectFrom('org_units as o')
      .innerJoin('org_units as p', 'p.id', 'o.parent_id')
      .select('o.id')
      .where('o.parent_id', '=', a.org_id)
      .where('p.kind', 'in', ['school', 'kindergarten'])
      .execute()
  ).map((r) => r.id);
  const orgs = new Set([a.org_id, ...served]);
  const persons = new Set([...present, ...(a.host_person_id === null ? [] : [a.host_person_id])]);
  const rows = await db
    .selectFrom('duties as d')
    .innerJoin('duty_items as i', 'i.id', 'd.item_id')
    .select(['d.id', 'd.org_id', 'd.person_id', 'i.measure_json'])
    .where('d.year', '=', Number(a.date.slice(0, 4)))
    .where((eb) => eb.or([eb('d.org_id', 'in', [...orgs]), eb('d.person_id', 'in', persons.size ? [...persons] : [-1])]))
    .execute();
  let n = 0;
  for (const d of rows) {
    const m = Measure.parse(JSON.parse(d.measure_json));
    if (m.source !== 'ledger') continue;
    const codes = m.type_code === undefined ? [] : Array.isArray(m.type_code) ? m.type_code : [m.type_code];
    if (!codes.includes(a.code) && !(m.study === true && a.is_study === 1)) continue;
    if (m.who === 'org' ? orgs.has(d.org_id) : d.person_id !== null && persons.has(d.person_id)) {
      // An attendee duty counts only attendance, a host duty only hosting.
      if (m.who === 'host' && d.person_id !== a.host_person_id) continue;
      if (m.who === 'attendee' && !present.includes(d.person_id as number)) continue;
      n++;
    }
  }
  return n;
}

async function run(ctx: AppContext, db: Kysely<Database>) {
  const now = new Date(`${YEAR + 1}-01-10T02:00:00.000Z`);
  log(`generating ≈${ORGS} org units (province plan, seed ${SEED}, records of ${YEAR})…`);
  const tGen = performance.now();
  const st = await generateSlice(db, ORGS, YEAR, SEED, now);
  const rootId = st.orgIds.get(`G${SEED}`) as number;
  await extraRecords(db, rootId, YEAR, now.toISOString());
  await sql`analyze`.execute(db);
  log(`generated in ${secs(performance.now() - tGen)} s`);
  const orgCount = Number(
    (
      await db
        .selectFrom('org_units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

  // The list: 12 defaults + 18 more, through the duty service.
  const list = await db.transaction().execute(async (trx) => {
    const l = await createList(ctx, trx, null, { year: YEAR, orgId: rootId, withDefaults: true });
    for (const it of EXTRA_ITEMS) await addItem(ctx, trx, l, it);
    return l;
  });
  const items = (await db.selectFrom('duty_items').select('id').where('list_id', '=', list.id).execute()).length;
  if (items !== DEFAULT_DUTY_ITEMS.length + EXTRA_ITEMS.length) throw new Error(`expected 30 items, got ${items}`);

  // 1. Publish: instantiate + evaluate, one transaction as the route runs it.
  let t0 = performance.now();
  const pub = await db.transaction().execute((trx) => publishList(ctx, trx, list, { version: list.version, date: `${YEAR}-01-01` }));
  const publishMs = performance.now() - t0;
  log(`publish: ${pub.created} duties created, ${pub.evaluated} evaluated, ${pub.changed} changed in ${secs(publishMs)} s`);

  // 2. Full evaluation of every duty from the instantiated state (every duty's values written again).
  await sql`update duties set status = case when owner_state = 'vacant' then 'vacant' else 'pending' end,
      actual_value = null, target_value = null, source_ids = '[]', next_json = null, evaluated_at = null`.execute(db);
  await sql`vacuum analyze duties`.execute(db);
  t0 = performance.now();
  const full = await db.transaction().execute((trx) => evaluateList(ctx, trx, list.id));
  const fullMs = performance.now() - t0;
  log(`full evaluation: ${full.evaluated} evaluated, ${full.changed} written in ${secs(fullMs)} s`);
  t0 = performance.now();
  const again = await db.transaction().execute((trx) => evaluateList(ctx, trx, list.id));
  const againMs = performance.now() - t0;
  log(`re-run with nothing new: ${again.evaluated} evaluated, ${again.changed} written in ${secs(againMs)} s`);

  // 3. One new record through the ledger service: a theme party day of a branch, its members present.
  const sentinel = '"bench-stale"';
  await sql`update duties set next_json = ${sentinel}`.execute(db);
  await sql`vacuum analyze duties`.execute(db);
  const branch = await db
    .selectFrom('org_units as o')
    .innerJoin('person_posts as pp', (j) => j.onRef('pp.org_id', '=', 'o.id').on('pp.post', '=', '党支部书记'))
    .select(['o.id', 'pp.person_id'])
    .where('o.kind', '=', 'branch')
    .orderBy('o.id', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const actor = actorAt(rootId);
  t0 = performance.now();
  const draft = await db.transaction().execute((trx) =>
    createActivity(ctx, trx, actor, {
      orgId: branch.id,
      typeCode: 'theme_party_day',
      date: `${YEAR}-12-28`,
      topic: '基准测试主题党日',
      hostPersonId: branch.person_id,
      submit: false,
    }),
  );
  const createMs = performance.now() - t0;
  t0 = performance.now();
  await db.transaction().execute((trx) => submitActivity(ctx, trx, actor, draft.id, draft.version));
  const submitMs = performance.now() - t0;
  const reevaluated = Number(
    (
      await db
        .selectFrom('duties')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('next_json', 'is distinct from', sentinel)
        .executeTakeFirstOrThrow()
    ).n,
  );
  const attendees = (await db.selectFrom('activity_attendance').select('person_id').where('activity_id', '=', draft.id).execute()).length;
  const affected = await affectedByRecord(db, draft.id);
  log(
    `new record (${attendees} attendees): create ${Math.round(createMs)} ms, submit ${Math.round(submitMs)} ms; ${reevaluated} duties re-evaluated, ${affected} it can affect`,
  );
  // The engine's own answer for the same record (direct call, not counted above).
  t0 = performance.now();
  const direct = await db
    .transaction()
    .execute((trx) => reevaluateForRecord(ctx, trx, { source: 'ledger', orgIds: [branch.id], date: `${YEAR}-12-28`, personIds: [] }));
  log(`reevaluateForRecord(org only): ${direct.evaluated} evaluated in ${Math.round(performance.now() - t0)} ms`);

  const total = pub.created;
  return { orgCount, items, total, publishMs, fullMs, againMs, createMs, submitMs, reevaluated, affected, attendees, full, again };
}

const scratch = await scratchPgDatabase('tz_duties', PORT);
const clock = new FakeClock(`${YEAR + 1}-01-10T02:00:00.000Z`);
const ctx = await openContext(loadConfig(process.env, { LOG_LEVEL: 'silent', DATABASE_URL: scratch.url }), clock);
try {
  const r = await run(ctx, ctx.db);
  const incrementalMs = Math.round(r.submitMs);
  const fullS = secs(r.fullMs);
  const incremental = r.reevaluated <= Math.max(r.affected, 1) * 2 && r.reevaluated < r.total / 100;
  const ok = fullS <= GOAL_S && incremental;
  const table = [
    '| scale | orgs | duties | publish (instantiate + evaluate) s | full evaluation s | goal | re-run, nothing new s | incremental ms (submit) | duties re-evaluated | duties it can affect | ok |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |',
    `| province plan, ${r.items} items, ${YEAR} | ${r.orgCount} | ${r.total} | ${secs(r.publishMs)} | ${fullS} | ≤ ${GOAL_S} s, incremental | ${secs(r.againMs)} | ${incrementalMs} | ${r.reevaluated} | ${r.affected} | ${ok ? 'yes' : 'NO'} |`,
    '',
    `PostgreSQL ${scratch.throwaway ? 'throwaway cluster (fsync off)' : 'at BENCH_DATABASE_URL'}; bench/generator province plan (seed ${SEED}) cut at ${ORGS} org units, records of ${YEAR} only;`,
    `extra: branch committee posts, risk reviews, incidents, ethics cases, 6 tasks × every party org. Evaluated as of ${YEAR}-12-31.`,
    `"full evaluation" = evaluateList over every duty of the list after resetting them to the instantiated state (${r.full.changed} rows written);`,
    `"incremental" = submitActivity of one theme party day (${r.attendees} attendees) through the ledger service, the duties listener included;`,
    `"re-evaluated" counts the duties the evaluation rewrote (a sentinel in next_json beforehand); "it can affect" is counted by the bench independently.`,
    'ok = full evaluation ≤ 60 s and re-evaluated ≤ 2 × affected (and < 1 % of all duties).',
  ].join('\n');
  writeResults('duties', [{ ...r, ok }], table);
} finally {
  await ctx.handle.close();
  await scratch.dispose();
}
