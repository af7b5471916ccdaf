import { DISCLOSURE_CATEGORIES, RISK_STATUSES, RISK_STATUS_MOVES, type RiskStatus } from '@taizhang/shared/schemas/risks';
import type { Executor } from '../../db/database.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { orgIdsInScope, scopeSubquery } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { type ImportContext, type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { cleanText } from '../../platform/xlsx/normalize.ts';
import { type By, parseJsonArray } from './common.ts';
import { createDisclosure } from './disclosures.ts';
import { activeCategories, createRisk, loadMatrix, rateRisk, updateRisk } from './risks.ts';

/** Chinese labels of the risk statuses, as the template offers them. */
export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  identified: '已识别',
  treating: '处置中',
  monitoring: '监测中',
  closed: '已关闭',
};
const STATUS_BY_LABEL = new Map(RISK_STATUSES.map((s) => [RISK_STATUS_LABELS[s], s] as const));

const str = (r: ParsedRow, k: string) => (r.values[k] == null || r.values[k] === '' ? null : String(r.values[k]));
const int = (r: ParsedRow, k: string) => Number(r.values[k]);
const under = (exec: Executor, orgId: number) => exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
const byImport = (ctx: ImportContext): By => ({ userId: ctx.actorId, name: ctx.actorName, personId: null });

/** Measures in one cell: one per line or separated by semicolons. */
export function splitMeasures(text: string | null): string[] {
  if (!text) return [];
  return text
    .split(/[\n;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

async function byCode<T extends { code: string }>(codes: string[], load: (chunk: string[]) => Promise<T[]>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const list = [...new Set(codes)];
  for (let i = 0; i < list.length; i += 500) for (const x of await load(list.slice(i, i + 500))) out.set(x.code, x);
  return out;
}

const orgsByCode = (exec: Executor, codes: string[]) =>
  byCode(codes, (chunk) => exec.selectFrom('org_units').select(['id', 'code', 'kind']).where('code', 'in', chunk).execute());

async function peopleInScope(exec: Executor, scope: Scope, people: { id: number; unit_id: number | null; party_org_id: number | null }[]) {
  if (scope.all) return new Set(people.map((p) => p.id));
  const allowed = await orgIdsInScope(
    exec,
    scope,
    people.flatMap((p) => [p.unit_id, p.party_org_id]).filter((x): x is number => x !== null),
  );
  return new Set(people.filter((p) => [p.unit_id, p.party_org_id].some((o) => o !== null && allowed.has(o))).map((p) => p.id));
}

// ---------------------------------------------------------------- risks

type RiskExisting = { id: number; code: string; org_id: number; description: string; status: string };
type RiskPlan = { row: ParsedRow; orgId: number; ownerId: number | null; status: RiskStatus; existingId: number | null };

async function planRisks(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const plans: RiskPlan[] = [];
  const orgs = await orgsByCode(
    exec,
    rows.map((r) => str(r, 'orgCode') as string),
  );
  const owners = await byCode(
    rows.map((r) => str(r, 'ownerCode')).filter((x): x is string => !!x),
    (chunk) => exec.selectFrom('people').select(['id', 'code', 'unit_id', 'party_org_id']).where('code', 'in', chunk).execute(),
  );
  const reachableOwners = await peopleInScope(exec, ctx.scope, [...owners.values()]);
  const existingByCode = await byCode(
    rows.map((r) => str(r, 'code')).filter((x): x is string => !!x),
    (chunk) => exec.selectFrom('risks').select(['id', 'code', 'org_id', 'description', 'status']).where('code', 'in', chunk).execute(),
  );
  // Rows without a code match an existing risk of the unit with the same description.
  const uncodedOrgs = [...new Set(rows.filter((r) => !str(r, 'code')).map((r) => orgs.get(str(r, 'orgCode') as string)?.id))].filter(
    (x): x is number => x !== undefined,
  );
  const byDescription = new Map<string, RiskExisting>();
  if (uncodedOrgs.length)
    for (const r of await exec
      .selectFrom('risks')
      .select(['id', 'code', 'org_id', 'description', 'status'])
      .where('org_id', 'in', uncodedOrgs)
      .orderBy('id')
      .execute()) {
      const key = `${r.org_id}|${cleanText(r.description)}`;
      if (!byDescription.has(key)) byDescription.set(key, r);
    }
  const allowed = await orgIdsInScope(exec, ctx.scope, [...[...orgs.values()].map((o) => o.id), ...[...existingByCode.values()].map((r) => r.org_id)]);
  const categories = await activeCategories(exec);
  const matrix = await loadMatrix(exec);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const code = str(r, 'code');
    const orgCode = str(r, 'orgCode') as string;
    const org = orgs.get(orgCode);
    if (!org) problems.push(problem(kind, r, 'orgCode', `单位编码 ${orgCode} 不存在 / no unit with this code`));
    else if (!allowed.has(org.id)) problems.push(problem(kind, r, 'orgCode', '不在您的管理范围内 / outside your reach'));
    const key = code ? `c|${code}` : `d|${org?.id}|${str(r, 'description')}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push(
        problem(kind, r, code ? 'code' : 'description', `与第 ${first} 行重复（${code ? '风险编号' : '单位与描述'}相同） / duplicates row ${first}`),
      );
    else seen.set(key, r.rowNumber);
    const prev = code ? (existingByCode.get(code) ?? null) : org ? (byDescription.get(`${org.id}|${str(r, 'description')}`) ?? null) : null;
    if (prev && !allowed.has(prev.org_id))
      problems.push(problem(kind, r, 'code', '该风险编号已被您管理范围之外的单位使用 / this code belongs to a unit outside your reach'));
    else if (prev && org && prev.org_id !== org.id)
      problems.push(problem(kind, r, 'orgCode', '该风险已登记在另一单位，不能通过导入改变单位 / the risk is registered to another unit'));
    if (!categories.includes(str(r, 'category') as string))
      problems.push(problem(kind, r, 'category', `风险类别须为：${categories.join('、')} / unknown category`));
    if (!matrix.get(`${int(r, 'likelihood')}:${int(r, 'impact')}`))
      problems.push(problem(kind, r, 'likelihood', `评级矩阵中没有 ${int(r, 'likelihood')}×${int(r, 'impact')} / the matrix has no such cell`));
    const ownerCode = str(r, 'ownerCode');
    const owner = ownerCode ? owners.get(ownerCode) : undefined;
    if (ownerCode && !owner) problems.push(problem(kind, r, 'ownerCode', `人员编码 ${ownerCode} 不存在 / no person with this code`));
    else if (owner && !reachableOwners.has(owner.id))
      problems.push(problem(kind, r, 'ownerCode', '该人员不在您的管理范围内 / this person is outside your reach'));
    const measures = splitMeasures(str(r, 'measures'));
    if (measures.length > 50) problems.push(problem(kind, r, 'measures', '措施最多 50 条 / at most 50 measures'));
    if (measures.some((m) => [...m].length > 500)) problems.push(problem(kind, r, 'measures', '每条措施不超过 500 字 / a measure is at most 500 characters'));
    const status = STATUS_BY_LABEL.get(str(r, 'status') ?? RISK_STATUS_LABELS.identified) as RiskStatus;
    if (prev && prev.status !== status && !(RISK_STATUS_MOVES[prev.status as RiskStatus] ?? []).includes(status))
      problems.push(
        problem(
          kind,
          r,
          'status',
          `状态不能从“${RISK_STATUS_LABELS[prev.status as RiskStatus] ?? prev.status}”改为“${RISK_STATUS_LABELS[status]}” / status move not allowed`,
        ),
      );
    if (problems.length === before && org) plans.push({ row: r, orgId: org.id, ownerId: owner?.id ?? null, status, existingId: prev?.id ?? null });
  }
  return { problems, plans };
}

export const risksKind: ImportKind = {
  kind: 'risks',
  title: '意识形态风险台账',
  columns: [
    {
      header: '风险编号',
      key: 'code',
      type: 'text',
      maxLength: 40,
      help: '风险的唯一编号；再次导入同一编号即更新；留空则自动编号（同一单位同一描述不重复登记）',
      example: 'FX-S01-2022-001',
    },
    { header: '单位编码', key: 'orgCode', type: 'text', required: true, maxLength: 64, help: '风险所在单位的组织编码', example: 'S01' },
    {
      header: '类别',
      key: 'category',
      type: 'text',
      required: true,
      maxLength: 40,
      help: '风险类别，如 课堂教学、教材教辅、校园活动、网络与新媒体、讲座论坛、社团、其他',
      example: '课堂教学',
    },
    { header: '描述', key: 'description', type: 'text', required: true, maxLength: 2000, help: '风险点描述', example: '个别教师课堂言论不当' },
    { header: '可能性(1-5)', key: 'likelihood', type: 'int', required: true, min: 1, max: 5, help: '发生的可能性，1（极低）至 5（极高）', example: '3' },
    {
      header: '影响(1-5)',
      key: 'impact',
      type: 'int',
      required: true,
      min: 1,
      max: 5,
      help: '影响程度，1（轻微）至 5（严重）；风险等级按评级矩阵自动确定',
      example: '4',
    },
    { header: '责任人编码', key: 'ownerCode', type: 'text', maxLength: 64, help: '责任人的人员编码', example: 'P00001' },
    { header: '措施', key: 'measures', type: 'text', help: '防控措施；多条措施用分号或换行分隔', example: '开展课堂巡查；组织专题培训' },
    {
      header: '状态',
      key: 'status',
      type: 'enum',
      values: RISK_STATUSES.map((s) => RISK_STATUS_LABELS[s]),
      help: '已识别/处置中/监测中/已关闭；空为已识别',
      example: '处置中',
    },
    { header: '复核日期', key: 'reviewDate', type: 'date', help: '下次研判复核的日期', example: '2023-06-30' },
  ],

  async validate(rows, exec, ctx) {
    return (await planRisks(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, plans } = await planRisks(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    const by = byImport(ctx);
    let inserted = 0;
    let updated = 0;
    for (const p of plans) {
      const texts = splitMeasures(str(p.row, 'measures'));
      const likelihood = int(p.row, 'likelihood');
      const impact = int(p.row, 'impact');
      if (p.existingId === null) {
        await createRisk(ctx.app, exec, by, {
          code: str(p.row, 'code') ?? undefined,
          orgId: p.orgId,
          category: str(p.row, 'category') as string,
          description: str(p.row, 'description') as string,
          likelihood,
          impact,
          ownerPersonId: p.ownerId,
          treatment: 'mitigate',
          measures: texts.map((text) => ({ text })),
          reviewDate: str(p.row, 'reviewDate'),
          status: p.status,
          importBatch: ctx.batchId,
        });
        inserted++;
        continue;
      }
      let before = await exec.selectFrom('risks').selectAll().where('id', '=', p.existingId).executeTakeFirstOrThrow();
      // Measures keep their due dates and done marks when their text is unchanged.
      const old = parseJsonArray<{ text: string; dueDate?: string | null; done?: boolean }>(before.measures_json);
      before = await updateRisk(ctx.app, exec, before, {
        version: before.version,
        category: str(p.row, 'category') as string,
        description: str(p.row, 'description') as string,
        ownerPersonId: p.ownerId,
        measures: texts.map((text) => old.find((m) => cleanText(m.text) === text) ?? { text }),
        status: p.status,
        reviewDate: str(p.row, 'reviewDate'),
      });
      if (before.likelihood !== likelihood || before.impact !== impact)
        before = await rateRisk(ctx.app, exec, before, { likelihood, impact, reason: '导入 / import' }, 'import', by);
      await exec.updateTable('risks').set({ import_batch: ctx.batchId }).where('id', '=', before.id).execute();
      updated++;
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('risks as r')
      .innerJoin('org_units as o', 'o.id', 'r.org_id')
      .leftJoin('people as p', 'p.id', 'r.owner_person_id')
      .select([
        'r.code',
        'o.code as org_code',
        'r.category',
        'r.description',
        'r.likelihood',
        'r.impact',
        'p.code as owner_code',
        'r.measures_json',
        'r.status',
        'r.review_date',
      ]);
    if (!filter.scope.all) q = q.where('r.org_id', 'in', scopeSubquery(exec, filter.scope));
    if (filter.orgId !== undefined) q = q.where('r.org_id', 'in', under(exec, filter.orgId));
    const rows = await q.orderBy('r.code').execute();
    return rows.map((r) => ({
      code: r.code,
      orgCode: r.org_code,
      category: r.category,
      description: r.description,
      likelihood: Number(r.likelihood),
      impact: Number(r.impact),
      ownerCode: r.owner_code,
      measures: parseJsonArray<{ text: string }>(r.measures_json)
        .map((m) => m.text)
        .join('；'),
      status: RISK_STATUS_LABELS[r.status as RiskStatus] ?? r.status,
      reviewDate: r.review_date,
    }));
  },
};

// ---------------------------------------------------------------- disclosures

type DisclosurePlan = { row: ParsedRow; orgId: number; existing: { id: number; version: number } | null };

async function planDisclosures(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const plans: DisclosurePlan[] = [];
  const orgs = await orgsByCode(
    exec,
    rows.map((r) => str(r, 'orgCode') as string),
  );
  const orgIds = [...orgs.values()].map((o) => o.id);
  const allowed = await orgIdsInScope(exec, ctx.scope, orgIds);
  // Natural key: unit + title + date (titles compared as the reader cleans text).
  const existing = new Map<string, { id: number; version: number }>();
  for (let i = 0; i < orgIds.length; i += 500)
    for (const d of await exec
      .selectFrom('disclosures')
      .select(['id', 'org_id', 'title', 'disclosed_on', 'version'])
      .where('org_id', 'in', orgIds.slice(i, i + 500))
      .orderBy('id')
      .execute()) {
      const key = `${d.org_id}|${cleanText(d.title)}|${d.disclosed_on}`;
      if (!existing.has(key)) existing.set(key, { id: d.id, version: d.version });
    }
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const orgCode = str(r, 'orgCode') as string;
    const org = orgs.get(orgCode);
    if (!org) problems.push(problem(kind, r, 'orgCode', `单位编码 ${orgCode} 不存在 / no unit with this code`));
    else if (!allowed.has(org.id)) problems.push(problem(kind, r, 'orgCode', '不在您的管理范围内 / outside your reach'));
    if (!org) continue;
    const key = `${org.id}|${str(r, 'title')}|${str(r, 'disclosedOn')}`;
    const first = seen.get(key);
    if (first !== undefined) problems.push(problem(kind, r, 'title', `与第 ${first} 行重复（单位、标题、公开日期相同） / duplicates row ${first}`));
    else seen.set(key, r.rowNumber);
    if (problems.length === before) plans.push({ row: r, orgId: org.id, existing: existing.get(key) ?? null });
  }
  return { problems, plans };
}

export const disclosuresKind: ImportKind = {
  kind: 'disclosures',
  title: '党务公开',
  columns: [
    { header: '单位编码', key: 'orgCode', type: 'text', required: true, maxLength: 64, help: '公开单位的组织编码', example: 'S01' },
    {
      header: '类别',
      key: 'category',
      type: 'enum',
      required: true,
      values: DISCLOSURE_CATEGORIES,
      help: '重大决策/人事任免/财务预决算/其他',
      example: '重大决策',
    },
    { header: '标题', key: 'title', type: 'text', required: true, maxLength: 300, help: '公开事项的标题', example: '关于2022年度工作计划的公示' },
    { header: '公开日期', key: 'disclosedOn', type: 'date', required: true, help: '公开的日期', example: '2022-03-18' },
    { header: '公开渠道', key: 'channel', type: 'text', required: true, maxLength: 100, help: '如 校园公示栏、学校网站、微信公众号', example: '校园公示栏' },
  ],

  async validate(rows, exec, ctx) {
    return (await planDisclosures(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, plans } = await planDisclosures(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    const now = iso(ctx.app.clock.now());
    let inserted = 0;
    let updated = 0;
    for (const p of plans) {
      const category = str(p.row, 'category') as (typeof DISCLOSURE_CATEGORIES)[number];
      const channel = str(p.row, 'channel') as string;
      if (p.existing) {
        await exec
          .updateTable('disclosures')
          .set({ category, channel, import_batch: ctx.batchId, updated_at: now, version: p.existing.version + 1 })
          .where('id', '=', p.existing.id)
          .execute();
        updated++;
      } else {
        await createDisclosure(ctx.app, exec, {
          orgId: p.orgId,
          category,
          title: str(p.row, 'title') as string,
          disclosedOn: str(p.row, 'disclosedOn') as string,
          channel,
          importBatch: ctx.batchId,
        });
        inserted++;
      }
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('disclosures as d')
      .innerJoin('org_units as o', 'o.id', 'd.org_id')
      .select(['o.code', 'd.category', 'd.title', 'd.disclosed_on', 'd.channel']);
    if (!filter.scope.all) q = q.where('d.org_id', 'in', scopeSubquery(exec, filter.scope));
    if (filter.orgId !== undefined) q = q.where('d.org_id', 'in', under(exec, filter.orgId));
    const rows = await q.orderBy('o.code').orderBy('d.disclosed_on').orderBy('d.id').execute();
    return rows.map((r) => ({ orgCode: r.code, category: r.category, title: r.title, disclosedOn: r.disclosed_on, channel: r.channel }));
  },
};

export const risksImportKinds: ImportKind[] = [risksKind, disclosuresKind];
