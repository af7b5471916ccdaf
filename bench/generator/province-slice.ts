// A province-scale slice for the PostgreSQL benchmarks (duties, province): the bench/generator province plan cut
// at about `orgs` org units, with the records of one year only, plus the posts and records the generator does not
// write (branch committee posts, risk reviews, incidents, ethics cases, tasks).
import { performance } from 'node:perf_hooks';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../apps/server/src/db/types.ts';
import { type BulkState, startBulk, writeChunk } from './bulk.ts';
import { type Chunk, planChunks } from './plan.ts';

const log = (s: string) => process.stdout.write(`${s}\n`);
const secs = (ms: number) => Math.round(ms / 100) / 10;

/** Writes the generated province (the records of `year` only) until about `orgs` org units exist. */
export async function generateSlice(db: Kysely<Database>, orgs: number, year: number, seed: number, now: Date): Promise<BulkState> {
  const st = await startBulk(db, now, `province-slice-${seed}`);
  let buffer: Chunk[] = [];
  const t0 = performance.now();
  const flush = async () => {
    const chunks = buffer;
    buffer = [];
    await db.transaction().execute(async (trx) => {
      for (const c of chunks) await writeChunk(trx, st, c);
    });
    log(`  ${JSON.stringify(st.counts)} ${secs(performance.now() - t0)} s`);
  };
  let planned = 0;
  for (const chunk of planChunks('province', seed)) {
    if (planned >= orgs) break;
    planned += chunk.orgs.length;
    // Measured per year: keep the records of that year (the plan spans five).
    buffer.push({ ...chunk, activities: chunk.activities.filter((a) => a.date.startsWith(`${year}-`)) });
    if (buffer.length >= 100) await flush();
  }
  if (buffer.length) await flush();
  return st;
}

/** Posts and records the generator does not write: branch committee posts, risk reviews, incidents, tasks, ethics cases. */
export async function extraRecords(db: Kysely<Database>, rootId: number, year: number, now: string) {
  // Second and third member of each branch: 宣传委员 (direct responsible) and 组织委员 (dual duty);
  // a general branch's secretary: the secretary of its first branch.
  await sql`insert into person_posts (person_id, org_id, post, start_date, end_date, created_at)
    select id, party_org_id, case rn when 2 then '宣传委员' else '组织委员' end, '2019-09-01', null, ${now}
    from (select id, party_org_id, row_number() over (partition by party_org_id order by id) as rn
          from people where party_org_id is not null) m
    where rn in (2, 3)`.execute(db);
  await sql`insert into person_posts (person_id, org_id, post, start_date, end_date, created_at)
    select distinct on (b.parent_id) pp.person_id, b.parent_id, '党总支书记', '2019-09-01', null, ${now}
    from org_units b
    join org_units g on g.id = b.parent_id and g.kind = 'general_branch'
    join person_posts pp on pp.org_id = b.id and pp.post = '党支部书记'
    order by b.parent_id, b.id`.execute(db);
  // The committee's secretary: some person of the first school.
  await sql`insert into person_posts (person_id, org_id, post, start_date, end_date, created_at)
    select min(id), ${rootId}, '党委书记', '2019-09-01', null, ${now} from people`.execute(db);
  // Risk reviews: two a year per branch, signed by its secretary (one in ten only once); four for the committee.
  await sql`insert into risk_reviews (org_id, date, title, agenda, conclusions, signed, signed_off_by_person_id,
      signed_off_by_user_id, signed_off_at, created_by_user_id, created_at, updated_at, version, is_demo)
    select pp.org_id, d.date, '意识形态风险研判', '研判', '无重大风险', 1, pp.person_id, null, ${now}, null, ${now}, ${now}, 1, 0
    from person_posts pp
    cross join (values (${`${year}-03-15`}), (${`${year}-09-15`})) as d(date)
    where pp.post in ('党支部书记', '党委书记') and (d.date = ${`${year}-03-15`} or pp.org_id % 10 <> 0)`.execute(db);
  // Incidents: one in 150 schools (a third of them 重大); ethics cases: one in 120 schools.
  await sql`insert into incidents (org_id, occurred_at, source, summary, level, reported_at, reported_by_user_id,
      reported_to_committee_at, escalation_due_at, status, personally_handled, closed_at, lessons, created_at, updated_at, version, is_demo)
    select id, ${`${year}-06-10T02:00:00.000Z`}, '网络', '负面舆情', case when id % 3 = 0 then '重大' else '一般' end,
      ${`${year}-06-10T03:00:00.000Z`}, null, null, null, 'closed', 1, null, null, ${now}, ${now}, 1, 0
    from org_units where kind in ('school', 'kindergarten') and id % 150 = 7`.execute(db);
  await sql`insert into ethics_cases (org_id, person_id, code_id, summary, stage, clue_on, verification_on, decision_on,
      closed_on, handler_person_ids, handler_user_ids, outcome, is_demo, created_at, updated_at, version)
    select o.id, (select min(p.id) from people p where p.unit_id = o.id), (select min(id) from ethics_codes), '师德失范', 'decided',
      ${`${year}-04-01`}, ${`${year}-04-10`}, ${`${year}-05-01`}, null, '[]', '[]', '通报批评', 0, ${now}, ${now}, 1
    from org_units o where o.kind in ('school', 'kindergarten') and o.id % 120 = 11`.execute(db);
  // Tasks: six issued by the committee to every branch and general branch, most submitted on time.
  for (let m = 1; m <= 6; m++) {
    const deadline = `${year}-${String(m * 2).padStart(2, '0')}-20`;
    const task = await db
      .insertInto('tasks')
      .values({
        title: `意识形态工作任务${m}`,
        requirements_html: '<p>按要求报送</p>',
        issuing_org_id: rootId,
        deadline,
        form_json: '[]',
        evidence_required: 0,
        attachments_json: '[]',
        targets_json: '{}',
        period_start: `${year}-01-01`,
        period_end: `${year}-12-31`,
        recurring_template_id: null,
        period_key: null,
        status: 'issued',
        is_demo: 0,
        created_by: null,
        created_at: now,
        updated_at: now,
        version: 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into assignments (task_id, org_id, status, submitted_at, first_submitted_at, submitted_by, answers_json,
        evidence_json, figures_json, reviewed_by, reviewed_at, return_reason, accepted_at, reminded_at, is_demo, created_at, updated_at, version)
      select ${task.id}, id, 'accepted', s.at, s.at, null, '{}', '[]', null, null, null, null, null, null, 0, ${now}, ${now}, 1
      from (select id, case when (id + ${m}) % 9 = 0 then ${`${deadline.slice(0, 8)}28T02:00:00.000Z`} else ${`${deadline.slice(0, 8)}15T02:00:00.000Z`} end as at
            from org_units where kind in ('branch', 'general_branch')) s`.execute(db);
  }
}
