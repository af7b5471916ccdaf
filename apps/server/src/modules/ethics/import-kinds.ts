import type { Executor } from '../../db/database.ts';
import { orgIdsInScope, scopeSubquery } from '../../platform/access/scope.ts';
import { iso } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import { type ImportContext, type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { cleanText } from '../../platform/xlsx/normalize.ts';
import { mechanismProblems } from './service.ts';

const str = (r: ParsedRow, k: string) => (r.values[k] == null || r.values[k] === '' ? null : String(r.values[k]));

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

type Plan = { row: ParsedRow; orgId: number; existing: { id: number; version: number } | null };

/** Natural key: unit + mechanism name (compared as the reader cleans text, so UI-entered names match). */
async function plan(kind: ImportKind, rows: ParsedRow[], exec: Executor, ctx: ImportContext) {
  const problems: RowProblem[] = [];
  const plans: Plan[] = [];
  const orgs = await orgsByCode(
    exec,
    rows.map((r) => str(r, 'orgCode') as string),
  );
  const allowed = await orgIdsInScope(
    exec,
    ctx.scope,
    [...orgs.values()].map((o) => o.id),
  );
  const orgIds = [...orgs.values()].map((o) => o.id);
  const existing = new Map<string, { id: number; version: number }>();
  for (let i = 0; i < orgIds.length; i += 500) {
    const found = await exec
      .selectFrom('ethics_mechanisms')
      .select(['id', 'org_id', 'name', 'version'])
      .where('org_id', 'in', orgIds.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const m of found) {
      const key = `${m.org_id}|${cleanText(m.name)}`;
      if (!existing.has(key)) existing.set(key, { id: m.id, version: m.version });
    }
  }
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const code = str(r, 'orgCode') as string;
    const org = orgs.get(code);
    if (!org) problems.push(problem(kind, r, 'orgCode', `单位编码 ${code} 不存在 / no unit with this code`));
    else if (!allowed.has(org.id)) problems.push(problem(kind, r, 'orgCode', '不在您的管理范围内 / outside your reach'));
    const name = str(r, 'name') as string;
    if ([...name].length < 2) problems.push(problem(kind, r, 'name', '制度名称至少 2 个字 / at least 2 characters'));
    for (const p of mechanismProblems({ effectiveFrom: str(r, 'effectiveFrom') as string, effectiveTo: str(r, 'effectiveTo') }, ''))
      problems.push(problem(kind, r, p.field, p.message));
    if (!org) continue;
    const key = `${org.id}|${name}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(problem(kind, r, 'name', `与第 ${first} 行重复（同一单位同一制度） / duplicates row ${first}`));
      continue;
    }
    seen.set(key, r.rowNumber);
    if (problems.length === before) plans.push({ row: r, orgId: org.id, existing: existing.get(key) ?? null });
  }
  return { problems, plans };
}

export const ethicsMechanismsKind: ImportKind = {
  kind: 'ethics-mechanisms',
  title: '师德师风学习制度',
  columns: [
    { header: '单位编码', key: 'orgCode', type: 'text', required: true, maxLength: 64, help: '建立制度的学校、幼儿园或党组织的组织编码', example: 'S01' },
    {
      header: '制度名称',
      key: 'name',
      type: 'text',
      required: true,
      maxLength: 200,
      help: '制度全称；同一单位再次导入同名制度即更新',
      example: '师德师风学习制度',
    },
    { header: '生效日期', key: 'effectiveFrom', type: 'date', required: true, help: '制度开始执行的日期', example: '2021-09-01' },
    { header: '失效日期', key: 'effectiveTo', type: 'date', help: '制度废止的日期；仍在执行的留空', example: '' },
  ],

  async validate(rows, exec, ctx) {
    return (await plan(this, rows, exec, ctx)).problems;
  },

  async write(rows, exec, ctx) {
    const { problems, plans } = await plan(this, rows, exec, ctx);
    if (problems.length) throw new AppError('validation_failed', { problems });
    const now = iso(ctx.app.clock.now());
    let inserted = 0;
    let updated = 0;
    const fresh = [];
    for (const p of plans) {
      const values = { effective_from: str(p.row, 'effectiveFrom') as string, effective_to: str(p.row, 'effectiveTo') };
      if (p.existing) {
        await exec
          .updateTable('ethics_mechanisms')
          .set({ ...values, import_batch: ctx.batchId, updated_at: now, version: p.existing.version + 1 })
          .where('id', '=', p.existing.id)
          .execute();
        updated++;
      } else
        fresh.push({
          org_id: p.orgId,
          name: str(p.row, 'name') as string,
          content: '',
          ...values,
          is_demo: 0,
          import_batch: ctx.batchId,
          created_at: now,
          updated_at: now,
          version: 1,
        });
    }
    for (let i = 0; i < fresh.length; i += 200) {
      await exec
        .insertInto('ethics_mechanisms')
        .values(fresh.slice(i, i + 200))
        .execute();
      inserted += fresh.slice(i, i + 200).length;
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('ethics_mechanisms as m')
      .innerJoin('org_units as o', 'o.id', 'm.org_id')
      .select(['o.code', 'm.name', 'm.effective_from', 'm.effective_to']);
    if (!filter.scope.all) q = q.where('m.org_id', 'in', scopeSubquery(exec, filter.scope));
    if (filter.orgId !== undefined) {
      const orgId = filter.orgId;
      q = q.where('m.org_id', 'in', exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
    }
    const rows = await q.orderBy('o.code').orderBy('m.effective_from').orderBy('m.id').execute();
    return rows.map((r) => ({ orgCode: r.code, name: r.name, effectiveFrom: r.effective_from, effectiveTo: r.effective_to }));
  },
};

export const ethicsImportKinds: ImportKind[] = [ethicsMechanismsKind];
