import { DEVELOPMENT_STAGES, DEVELOPMENT_STAGE_LABELS, type DevelopmentRule, type DevelopmentStage } from '@taizhang/shared/schemas/development';
import type { Executor } from '../../db/database.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { type ImportContext, type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { cleanText } from '../../platform/xlsx/normalize.ts';
import { createHonour, honourProblems, honoursQuery, targetKey } from './honours.ts';
import { type PastStep, RULE_NAMES, stageIndex, stepViolations } from './rules.ts';
import { defaultOrgFor, stepsOf, toPast } from './service.ts';

type Rule = DevelopmentRule;

const str = (r: ParsedRow, k: string) => (r.values[k] == null || r.values[k] === '' ? null : String(r.values[k]));

/**
 * Rules an imported history row is checked against. The file carries person, stage, date and a note
 * only, so the rules about liaison persons, introducers, training and public notices (data the file
 * does not describe) are not checked; ordering is checked below (an imported step may fill history in
 * before later steps already recorded, as long as the dates stay in order).
 */
const IMPORT_RULES = new Set<Rule>(['future_date', 'applicant_age', 'activist_one_year', 'probation_one_year', 'record_conflict']);

const STAGE_BY_LABEL = new Map(DEVELOPMENT_STAGES.map((s) => [DEVELOPMENT_STAGE_LABELS[s], s] as const));

type PersonRow = {
  id: number;
  code: string;
  unit_id: number | null;
  party_org_id: number | null;
  birth_date: string | null;
  join_date: string | null;
  conversion_date: string | null;
  political_status: string;
  version: number;
};

async function peopleByCode(exec: Executor, codes: string[]): Promise<Map<string, PersonRow>> {
  const out = new Map<string, PersonRow>();
  const list = [...new Set(codes)];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await exec
      .selectFrom('people')
      .select(['id', 'code', 'unit_id', 'party_org_id', 'birth_date', 'join_date', 'conversion_date', 'political_status', 'version'])
      .where('code', 'in', list.slice(i, i + 500))
      .execute();
    for (const p of rows) out.set(p.code, p);
  }
  return out;
}

async function orgsByCode(exec: Executor, codes: string[]): Promise<Map<string, { id: number; code: string; kind: string }>> {
  const out = new Map<string, { id: number; code: string; kind: string }>();
  const list = [...new Set(codes)];
  for (let i = 0; i < list.length; i += 500) {
    const rows = await exec
      .selectFrom('org_units')
      .select(['id', 'code', 'kind'])
      .where('code', 'in', list.slice(i, i + 500))
      .execute();
    for (const o of rows) out.set(o.code, o);
  }
  return out;
}

/** The people among `people` that the scope reaches through their unit or their party org. */
async function peopleInScope(exec: Executor, scope: Scope, people: Iterable<PersonRow>): Promise<Set<number>> {
  const list = [...people];
  if (scope.all) return new Set(list.map((p) => p.id));
  const allowed = await orgIdsInScope(
    exec,
    scope,
    list.flatMap((p) => [p.unit_id, p.party_org_id]).filter((x): x is number => x !== null),
  );
  return new Set(list.filter((p) => [p.unit_id, p.party_org_id].some((o) => o !== null && allowed.has(o))).map((p) => p.id));
}

function ruleMessage(rule: Rule, zh: string, en: string): string {
  return `${RULE_NAMES[rule]}: ${zh} / ${en}`;
}

// ---------------------------------------------------------------- development

type Known = { date: string; source: 'db' | 'record' | 'file'; past: PastStep };
type StepAction = { kind: 'insert'; row: ParsedRow; person: PersonRow; stage: DevelopmentStage } | { kind: 'same'; row: ParsedRow; stepId: number };

/** Checks every row against the people, scope, recorded steps and rules; what to write when there are no problems. */
async function planSteps(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const actions: StepAction[] = [];
  const people = await peopleByCode(
    exec,
    rows.map((r) => str(r, 'personCode') as string),
  );
  const reachable = await peopleInScope(exec, ctx.scope, people.values());
  const today = chinaDate(ctx.app.clock.now());
  const byPerson = new Map<number, { person: PersonRow; rows: { row: ParsedRow; stage: DevelopmentStage; date: string }[] }>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const code = str(r, 'personCode') as string;
    const stage = STAGE_BY_LABEL.get(str(r, 'stage') as string) as DevelopmentStage;
    const p = people.get(code);
    if (!p) {
      problems.push(problem(kind, r, 'personCode', `人员编码 ${code} 不存在 / no person with this code`));
      continue;
    }
    if (!reachable.has(p.id)) {
      problems.push(problem(kind, r, 'personCode', '该人员不在您的管理范围内 / this person is outside your reach'));
      continue;
    }
    const key = `${p.id}:${stage}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(problem(kind, r, 'stage', `与第 ${first} 行重复（同一人员同一阶段） / duplicates row ${first}`));
      continue;
    }
    seen.set(key, r.rowNumber);
    const entry = byPerson.get(p.id) ?? { person: p, rows: [] };
    entry.rows.push({ row: r, stage, date: str(r, 'date') as string });
    byPerson.set(p.id, entry);
  }
  const steps = await stepsOf(exec, [...byPerson.keys()]);
  for (const { person, rows: mine } of byPerson.values()) {
    const known = new Map<DevelopmentStage, Known>();
    const dbSteps = new Map<DevelopmentStage, { id: number; date: string }>();
    for (const s of steps.filter((x) => x.person_id === person.id)) {
      const past = toPast(s);
      known.set(past.stage, { date: s.date, source: 'db', past });
      dbSteps.set(past.stage, { id: s.id, date: s.date });
    }
    // What the person's record already says: admitted on join_date, converted on conversion_date.
    if (!known.has('probationary') && person.join_date)
      known.set('probationary', { date: person.join_date, source: 'record', past: { stage: 'probationary', date: person.join_date } });
    if (!known.has('full') && person.conversion_date)
      known.set('full', { date: person.conversion_date, source: 'record', past: { stage: 'full', date: person.conversion_date } });
    mine.sort((a, b) => stageIndex(a.stage) - stageIndex(b.stage));
    for (const { row, stage, date } of mine) {
      const label = DEVELOPMENT_STAGE_LABELS[stage];
      const db = dbSteps.get(stage);
      if (db) {
        if (db.date === date) actions.push({ kind: 'same', row, stepId: db.id });
        else
          problems.push(
            problem(kind, row, 'date', ruleMessage('stage_once', `已记录“${label}”阶段，日期为 ${db.date}`, `the stage is already recorded on ${db.date}`)),
          );
        continue;
      }
      const before = problems.length;
      const idx = stageIndex(stage);
      // The person's record already holds this stage: the row agrees with it (or contradicts it, a
      // record_conflict below) and needs no earlier stage recorded.
      const attested = known.get(stage)?.source === 'record';
      const prevStage = idx > 0 ? DEVELOPMENT_STAGES[idx - 1] : null;
      if (prevStage && !known.has(prevStage) && !attested)
        problems.push(
          problem(
            kind,
            row,
            'stage',
            ruleMessage(
              'stage_order',
              `须先记录“${DEVELOPMENT_STAGE_LABELS[prevStage]}”阶段（可在同一文件中）`,
              `the previous stage (${prevStage}) must be recorded first`,
            ),
          ),
        );
      const earlier = DEVELOPMENT_STAGES.slice(0, idx)
        .map((s) => [s, known.get(s)] as const)
        .filter((x): x is readonly [DevelopmentStage, Known] => x[1] !== undefined);
      const latestEarlier = earlier.reduce<readonly [DevelopmentStage, Known] | null>((m, x) => (!m || x[1].date > m[1].date ? x : m), null);
      if (latestEarlier && date < latestEarlier[1].date)
        problems.push(
          problem(
            kind,
            row,
            'date',
            ruleMessage(
              'stage_order',
              `日期早于“${DEVELOPMENT_STAGE_LABELS[latestEarlier[0]]}”阶段（${latestEarlier[1].date}）`,
              `the date is before the earlier stage (${latestEarlier[1].date})`,
            ),
          ),
        );
      const laterDb = DEVELOPMENT_STAGES.slice(idx + 1)
        .map((s) => [s, known.get(s)] as const)
        .find(([, k]) => k?.source === 'db' && k.date < date);
      if (laterDb)
        problems.push(
          problem(
            kind,
            row,
            'date',
            ruleMessage(
              'stage_order',
              `日期晚于已记录的“${DEVELOPMENT_STAGE_LABELS[laterDb[0]]}”阶段（${laterDb[1]?.date}）`,
              `the date is after the later stage already recorded (${laterDb[1]?.date})`,
            ),
          ),
        );
      const violations = stepViolations(
        { stage, date },
        {
          today,
          person: {
            id: person.id,
            birthDate: person.birth_date,
            joinDate: person.join_date,
            conversionDate: person.conversion_date,
            politicalStatus: person.political_status,
          },
          steps: earlier.map(([, k]) => k.past),
          helpers: new Map(),
        },
      ).filter((v) => IMPORT_RULES.has(v.rule));
      for (const v of violations) problems.push(problem(kind, row, v.field === 'body.stage' ? 'stage' : 'date', v.message));
      // Later rows of the person are checked against this one even when it has problems (no cascade of errors).
      known.set(stage, { date, source: 'file', past: { stage, date } });
      if (problems.length === before) actions.push({ kind: 'insert', row, person, stage });
    }
  }
  return { problems, actions };
}

/** Admission and conversion carry into the person's record, as recording the step does in the service. */
async function applyMembership(exec: Executor, ctx: ImportContext, personId: number, stage: 'probationary' | 'full', date: string, orgId: number | null) {
  const now = iso(ctx.app.clock.now());
  const person = await exec
    .selectFrom('people')
    .select(['id', 'join_date', 'conversion_date', 'political_status', 'party_org_id', 'version'])
    .where('id', '=', personId)
    .executeTakeFirstOrThrow();
  if (stage === 'probationary') {
    if (person.join_date === date && (person.political_status === '中共预备党员' || person.political_status === '中共党员')) return;
    let partyOrg = person.party_org_id;
    if (partyOrg === null && orgId !== null) {
      const org = await exec.selectFrom('org_units').select('kind').where('id', '=', orgId).executeTakeFirst();
      if (org && ['committee', 'general_branch', 'branch', 'party_group'].includes(org.kind)) partyOrg = orgId;
    }
    const status = person.conversion_date && person.conversion_date >= date ? '中共党员' : '中共预备党员';
    await exec
      .updateTable('people')
      .set({ political_status: status, join_date: date, party_org_id: partyOrg, updated_at: now, version: person.version + 1 })
      .where('id', '=', person.id)
      .execute();
    if (status !== person.political_status)
      await exec
        .insertInto('person_status_history')
        .values({ person_id: person.id, status, effective_date: date, recorded_at: now, source: 'import' })
        .execute();
    return;
  }
  if (person.conversion_date === date && person.political_status === '中共党员') return;
  await exec
    .updateTable('people')
    .set({ political_status: '中共党员', conversion_date: date, updated_at: now, version: person.version + 1 })
    .where('id', '=', person.id)
    .execute();
  await exec
    .insertInto('person_status_history')
    .values({ person_id: person.id, status: '中共党员', effective_date: date, recorded_at: now, source: 'import' })
    .execute();
}

export const developmentKind: ImportKind = {
  kind: 'development',
  title: '党员发展',
  columns: [
    { header: '人员编码', key: 'personCode', type: 'text', required: true, maxLength: 64, help: '人员名册中的人员编码', example: 'P00001' },
    {
      header: '阶段',
      key: 'stage',
      type: 'enum',
      required: true,
      values: DEVELOPMENT_STAGES.map((s) => DEVELOPMENT_STAGE_LABELS[s]),
      help: '申请入党/入党积极分子/发展对象/预备党员/正式党员；同一人员的各阶段可写在同一文件中，日期须依次不早于上一阶段',
      example: '入党积极分子',
    },
    {
      header: '日期',
      key: 'date',
      type: 'date',
      required: true,
      help: '递交申请、确定为积极分子或发展对象、支部大会接收为预备党员或同意转正的日期',
      example: '2021-03-18',
    },
    { header: '说明', key: 'notes', type: 'text', maxLength: 2000, help: '备注，如决定机关、会议', example: '支部党员大会通过' },
  ],

  async validate(rows, exec, ctx) {
    return (await planSteps(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, actions } = await planSteps(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    const now = iso(ctx.app.clock.now());
    let inserted = 0;
    let updated = 0;
    // planSteps lists each person's steps in stage order, so admission is applied before conversion.
    for (const a of actions) {
      const notes = str(a.row, 'notes');
      if (a.kind === 'same') {
        if (notes !== null) await exec.updateTable('development_steps').set({ notes }).where('id', '=', a.stepId).execute();
        updated++;
        continue;
      }
      const orgId = await defaultOrgFor(exec, a.person);
      const date = str(a.row, 'date') as string;
      await exec
        .insertInto('development_steps')
        .values({
          person_id: a.person.id,
          org_id: orgId,
          stage: a.stage,
          date,
          decision_body: null,
          notes,
          documents_json: '[]',
          liaison_person_ids: '[]',
          introducer_person_ids: '[]',
          training_days: null,
          training_hours: null,
          notice_start: null,
          notice_end: null,
          extension_months: null,
          extension_date: null,
          override_reason: null,
          override_by: null,
          overridden_rules: '[]',
          is_demo: 0,
          import_batch: ctx.batchId,
          created_at: now,
        })
        .execute();
      if (a.stage === 'probationary' || a.stage === 'full') await applyMembership(exec, ctx, a.person.id, a.stage, date, orgId);
      inserted++;
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    let q = exec.selectFrom('development_steps as s').innerJoin('people as p', 'p.id', 's.person_id').select(['p.code', 's.stage', 's.date', 's.notes']);
    const under = (roots: number[]) =>
      exec
        .selectFrom('org_closure')
        .select('descendant_id')
        .where('ancestor_id', 'in', roots.length ? roots : [-1]);
    if (!filter.scope.all) {
      const sub = under(filter.scope.roots);
      q = q.where((eb) => eb.or([eb('p.unit_id', 'in', sub), eb('p.party_org_id', 'in', sub)]));
    }
    if (filter.orgId !== undefined) {
      const sub = under([filter.orgId]);
      q = q.where((eb) => eb.or([eb('p.unit_id', 'in', sub), eb('p.party_org_id', 'in', sub), eb('s.org_id', 'in', sub)]));
    }
    const rows = await q.orderBy('p.code').orderBy('s.date').orderBy('s.id').execute();
    rows.sort((a, b) => a.code.localeCompare(b.code) || stageIndex(a.stage as DevelopmentStage) - stageIndex(b.stage as DevelopmentStage));
    return rows.map((r) => ({
      personCode: r.code,
      stage: DEVELOPMENT_STAGE_LABELS[r.stage as DevelopmentStage] ?? r.stage,
      date: r.date,
      notes: r.notes,
    }));
  },
};

// ---------------------------------------------------------------- honours

const TARGET_TYPES = { 个人: 'person', 组织: 'org' } as const;
const TARGET_LABELS = { person: '个人', org: '组织' } as const;
const HONOUR_FIELD_TO_KEY: Record<string, string> = {
  categoryCode: 'category',
  targetType: 'targetType',
  personId: 'targetCode',
  orgId: 'targetCode',
  awardedOn: 'awardedOn',
};

type HonourPlan = {
  row: ParsedRow;
  year: number;
  categoryCode: string;
  targetType: 'person' | 'org';
  personId: number | null;
  orgId: number | null;
  existingId: number | null;
  existingVersion: number;
};

async function planHonours(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const plans: HonourPlan[] = [];
  const categories = await exec.selectFrom('honour_categories').selectAll().execute();
  const catOf = (v: string) => categories.find((c) => c.name === v || c.code === v || cleanText(c.name) === v);
  const personCodes = rows.filter((r) => str(r, 'targetType') === '个人').map((r) => str(r, 'targetCode') as string);
  const orgCodes = rows.filter((r) => str(r, 'targetType') === '组织').map((r) => str(r, 'targetCode') as string);
  const people = await peopleByCode(exec, personCodes);
  const orgs = await orgsByCode(exec, orgCodes);
  const reachablePeople = await peopleInScope(exec, ctx.scope, people.values());
  const reachableOrgs = await orgIdsInScope(
    exec,
    ctx.scope,
    [...orgs.values()].map((o) => o.id),
  );
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const year = Number(r.values.year);
    const cat = catOf(str(r, 'category') as string);
    if (!cat) problems.push(problem(kind, r, 'category', `表彰类别不存在，可选：${categories.map((c) => c.name).join('、')} / unknown category`));
    const targetType = TARGET_TYPES[str(r, 'targetType') as keyof typeof TARGET_TYPES];
    const code = str(r, 'targetCode') as string;
    let personId: number | null = null;
    let orgId: number | null = null;
    if (targetType === 'person') {
      const p = people.get(code);
      if (!p) problems.push(problem(kind, r, 'targetCode', `人员编码 ${code} 不存在 / no person with this code`));
      else if (!reachablePeople.has(p.id)) problems.push(problem(kind, r, 'targetCode', '该人员不在您的管理范围内 / this person is outside your reach'));
      else personId = p.id;
    } else {
      const o = orgs.get(code);
      if (!o) problems.push(problem(kind, r, 'targetCode', `组织编码 ${code} 不存在 / no unit with this code`));
      else if (!reachableOrgs.has(o.id)) problems.push(problem(kind, r, 'targetCode', '不在您的管理范围内 / outside your reach'));
      else orgId = o.id;
    }
    if (problems.length > before || !cat) continue;
    const input = { year, categoryCode: cat.code, targetType, personId, orgId, awardedOn: str(r, 'awardedOn') };
    for (const p of await honourProblems(exec, input, '')) problems.push(problem(kind, r, HONOUR_FIELD_TO_KEY[p.field] ?? 'category', p.message));
    const key = `${year}|${cat.code}|${targetKey(input)}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(problem(kind, r, 'targetCode', `与第 ${first} 行重复（年度、表彰类别、对象相同） / duplicates row ${first}`));
      continue;
    }
    seen.set(key, r.rowNumber);
    if (problems.length > before) continue;
    const existing = await exec
      .selectFrom('honours')
      .select(['id', 'version'])
      .where('year', '=', year)
      .where('category_code', '=', cat.code)
      .where('target_key', '=', targetKey(input))
      .executeTakeFirst();
    plans.push({
      row: r,
      year,
      categoryCode: cat.code,
      targetType,
      personId,
      orgId,
      existingId: existing?.id ?? null,
      existingVersion: existing?.version ?? 0,
    });
  }
  return { problems, plans };
}

export const honoursKind: ImportKind = {
  kind: 'honours',
  title: '表彰情况',
  columns: [
    { header: '年度', key: 'year', type: 'int', required: true, min: 1921, max: 2100, help: '表彰所属年度', example: '2022' },
    {
      header: '表彰类别',
      key: 'category',
      type: 'text',
      required: true,
      maxLength: 50,
      help: '表彰类别名称，如 优秀共产党员、优秀党务工作者、先进基层党组织、师德师风优秀教师',
      example: '优秀共产党员',
    },
    { header: '对象类型', key: 'targetType', type: 'enum', required: true, values: ['个人', '组织'], help: '个人 或 组织', example: '个人' },
    { header: '对象编码', key: 'targetCode', type: 'text', required: true, maxLength: 64, help: '个人填人员编码，组织填组织编码', example: 'P00001' },
    { header: '授予日期', key: 'awardedOn', type: 'date', help: '须在表彰年度内', example: '2022-07-01' },
    { header: '授予单位', key: 'awardingBody', type: 'text', maxLength: 200, help: '作出表彰决定的单位', example: 'XX区教育工委' },
  ],

  async validate(rows, exec, ctx) {
    return (await planHonours(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, plans } = await planHonours(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    let inserted = 0;
    let updated = 0;
    const now = iso(ctx.app.clock.now());
    for (const p of plans) {
      const awardedOn = str(p.row, 'awardedOn');
      const awardingBody = str(p.row, 'awardingBody');
      if (p.existingId !== null) {
        await exec
          .updateTable('honours')
          .set({ awarded_on: awardedOn, awarding_body: awardingBody, import_batch: ctx.batchId, updated_at: now, version: p.existingVersion + 1 })
          .where('id', '=', p.existingId)
          .execute();
        updated++;
      } else {
        await createHonour(
          ctx.app,
          exec,
          null,
          { year: p.year, categoryCode: p.categoryCode, targetType: p.targetType, personId: p.personId, orgId: p.orgId, awardedOn, awardingBody },
          { importBatch: ctx.batchId },
        );
        inserted++;
      }
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    const rows = await honoursQuery(exec, filter.scope, { orgId: filter.orgId })
      .select(['h.year', 'c.name as category_name', 'h.target_type', 'p.code as person_code', 'o.code as org_code', 'h.awarded_on', 'h.awarding_body'])
      .orderBy('h.year')
      .orderBy('h.category_code')
      .orderBy('h.id')
      .execute();
    return rows.map((r) => ({
      year: r.year,
      category: r.category_name,
      targetType: TARGET_LABELS[r.target_type as 'person' | 'org'] ?? r.target_type,
      targetCode: r.target_type === 'org' ? r.org_code : r.person_code,
      awardedOn: r.awarded_on,
      awardingBody: r.awarding_body,
    }));
  },
};

export const developmentImportKinds: ImportKind[] = [developmentKind, honoursKind];
