import { SCREENING_STATUSES, SCREENING_STATUS_LABELS } from '@taizhang/shared/schemas/safety';
import type { Executor } from '../../db/database.ts';
import { orgIdsInScope, scopeSubquery } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { type ImportContext, type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { SCHOOL_KINDS, screeningProblems } from './service.ts';

type Status = (typeof SCREENING_STATUSES)[number];

const str = (r: ParsedRow, k: string) => (r.values[k] == null || r.values[k] === '' ? null : String(r.values[k]));
const int = (r: ParsedRow, k: string) => (typeof r.values[k] === 'number' ? (r.values[k] as number) : 0);
const STATUS_BY_LABEL = new Map(SCREENING_STATUSES.map((s) => [SCREENING_STATUS_LABELS[s], s] as const));
const FIELD_TO_KEY: Record<string, string> = {
  endDate: 'endDate',
  studentsScreened: 'studentsScreened',
  issuesResolved: 'issuesFound',
};

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

type Existing = { id: number; org_id: number; issues_resolved: number; version: number };
type Plan = { row: ParsedRow; orgId: number; status: Status; existing: Existing | null };

async function plan(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const plans: Plan[] = [];
  const orgs = await orgsByCode(
    exec,
    rows.map((r) => str(r, 'orgCode') as string),
  );
  const codes = [...new Set(rows.map((r) => str(r, 'code') as string))];
  const existing = new Map<string, Existing>();
  for (let i = 0; i < codes.length; i += 500) {
    const found = await exec
      .selectFrom('screenings')
      .select(['id', 'code', 'org_id', 'issues_resolved', 'version'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const s of found) existing.set(s.code, s);
  }
  const allowed = await orgIdsInScope(exec, ctx.scope, [...[...orgs.values()].map((o) => o.id), ...[...existing.values()].map((s) => s.org_id)]);
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const code = str(r, 'code') as string;
    const first = seen.get(code);
    if (first !== undefined) problems.push(problem(kind, r, 'code', `与第 ${first} 行排查编号重复 / duplicates row ${first}`));
    else seen.set(code, r.rowNumber);
    const prev = existing.get(code) ?? null;
    if (prev && !allowed.has(prev.org_id))
      problems.push(problem(kind, r, 'code', '该排查编号已被您管理范围之外的单位使用 / this code belongs to a unit outside your reach'));
    const orgCode = str(r, 'orgCode') as string;
    const org = orgs.get(orgCode);
    if (!org) problems.push(problem(kind, r, 'orgCode', `单位编码 ${orgCode} 不存在 / no unit with this code`));
    else if (!allowed.has(org.id)) problems.push(problem(kind, r, 'orgCode', '不在您的管理范围内 / outside your reach'));
    else if (!SCHOOL_KINDS.includes(org.kind)) problems.push(problem(kind, r, 'orgCode', '须为学校或幼儿园 / must be a school or kindergarten'));
    const status = STATUS_BY_LABEL.get(str(r, 'status') ?? SCREENING_STATUS_LABELS.in_progress) as Status;
    for (const p of screeningProblems({
      startDate: str(r, 'startDate') as string,
      endDate: str(r, 'endDate'),
      status,
      studentsExpected: int(r, 'studentsExpected'),
      studentsScreened: int(r, 'studentsScreened'),
      issuesFound: int(r, 'issuesFound'),
      // Re-importing keeps the resolved count recorded since; it cannot exceed what was found.
      issuesResolved: prev?.issues_resolved ?? 0,
    }))
      problems.push(problem(kind, r, FIELD_TO_KEY[p.field.replace(/^body\./, '')] ?? 'code', p.message));
    if (problems.length === before && org) plans.push({ row: r, orgId: org.id, status, existing: prev });
  }
  return { problems, plans };
}

export const screeningsKind: ImportKind = {
  kind: 'screenings',
  title: '网络安全排查',
  columns: [
    { header: '排查编号', key: 'code', type: 'text', required: true, maxLength: 50, help: '排查的唯一编号；再次导入同一编号即更新', example: 'PC-2022-S01' },
    { header: '单位编码', key: 'orgCode', type: 'text', required: true, maxLength: 64, help: '开展排查的学校或幼儿园的组织编码', example: 'S01' },
    { header: '开始日期', key: 'startDate', type: 'date', required: true, help: '排查开始的日期', example: '2022-03-01' },
    { header: '完成日期', key: 'endDate', type: 'date', help: '排查完成的日期；已完成的排查必填，不早于开始日期', example: '2022-03-18' },
    { header: '应排查学生数', key: 'studentsExpected', type: 'int', required: true, min: 0, max: 1000000, help: '应排查的学生人数', example: '1200' },
    {
      header: '实际排查学生数',
      key: 'studentsScreened',
      type: 'int',
      required: true,
      min: 0,
      max: 1000000,
      help: '实际完成排查的学生人数，不超过应排查学生数',
      example: '1180',
    },
    { header: '发现问题数', key: 'issuesFound', type: 'int', min: 0, max: 1000000, help: '排查发现的问题数，空为 0', example: '3' },
    {
      header: '状态',
      key: 'status',
      type: 'enum',
      values: SCREENING_STATUSES.map((s) => SCREENING_STATUS_LABELS[s]),
      help: '进行中/已完成；空为进行中',
      example: '已完成',
    },
  ],

  async validate(rows, exec, ctx) {
    return (await plan(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, plans } = await plan(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    const now = iso(ctx.app.clock.now());
    let updated = 0;
    const fresh = [];
    for (const p of plans) {
      const values = {
        org_id: p.orgId,
        start_date: str(p.row, 'startDate') as string,
        end_date: str(p.row, 'endDate'),
        students_expected: int(p.row, 'studentsExpected'),
        students_screened: int(p.row, 'studentsScreened'),
        issues_found: int(p.row, 'issuesFound'),
        status: p.status,
      };
      if (p.existing) {
        await exec
          .updateTable('screenings')
          .set({ ...values, import_batch: ctx.batchId, updated_at: now, version: p.existing.version + 1 })
          .where('id', '=', p.existing.id)
          .execute();
        updated++;
      } else
        fresh.push({
          code: str(p.row, 'code') as string,
          campaign_id: null,
          ...values,
          issues_resolved: 0,
          is_demo: 0,
          import_batch: ctx.batchId,
          created_at: now,
          updated_at: now,
          version: 1,
        });
    }
    for (let i = 0; i < fresh.length; i += 200)
      await exec
        .insertInto('screenings')
        .values(fresh.slice(i, i + 200))
        .execute();
    return { inserted: fresh.length, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('screenings as s')
      .innerJoin('org_units as o', 'o.id', 's.org_id')
      .select(['s.code', 'o.code as org_code', 's.start_date', 's.end_date', 's.students_expected', 's.students_screened', 's.issues_found', 's.status']);
    if (!filter.scope.all) q = q.where('s.org_id', 'in', scopeSubquery(exec, filter.scope));
    if (filter.orgId !== undefined) {
      const orgId = filter.orgId;
      q = q.where('s.org_id', 'in', exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
    }
    const rows = await q.orderBy('s.code').execute();
    return rows.map((r) => ({
      code: r.code,
      orgCode: r.org_code,
      startDate: r.start_date,
      endDate: r.end_date,
      studentsExpected: Number(r.students_expected),
      studentsScreened: Number(r.students_screened),
      issuesFound: Number(r.issues_found),
      status: SCREENING_STATUS_LABELS[r.status as Status] ?? r.status,
    }));
  },
};

export const safetyImportKinds: ImportKind[] = [screeningsKind];
