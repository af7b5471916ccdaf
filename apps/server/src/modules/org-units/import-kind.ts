import { type OrgKind, OWNERSHIPS, SCHOOL_STAGES } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import { orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { linkNew, relink } from './repository.ts';

const KIND_BY_LABEL: Record<string, OrgKind> = {
  教育工委: 'committee',
  党委: 'committee',
  党总支: 'general_branch',
  党支部: 'branch',
  党小组: 'party_group',
  学校: 'school',
  幼儿园: 'kindergarten',
  其他: 'other',
};
const LABEL_BY_KIND: Record<OrgKind, string> = {
  committee: '教育工委',
  general_branch: '党总支',
  branch: '党支部',
  party_group: '党小组',
  school: '学校',
  kindergarten: '幼儿园',
  other: '其他',
};

const str = (r: ParsedRow, k: string) => (r.values[k] == null ? null : String(r.values[k]));
const num = (r: ParsedRow, k: string) => (r.values[k] == null ? null : Number(r.values[k]));

async function existingByCode(exec: Executor, codes: string[]) {
  const out = new Map<string, { id: number; parent_id: number | null; version: number }>();
  for (let i = 0; i < codes.length; i += 500) {
    const rows = await exec
      .selectFrom('org_units')
      .select(['id', 'code', 'parent_id', 'version'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.code, r);
  }
  return out;
}

/** Parents before children, so every parent exists when its child is written. */
function parentFirst(rows: ParsedRow[]): ParsedRow[] {
  const byCode = new Map(rows.map((r) => [str(r, 'code') as string, r]));
  const done = new Set<string>();
  const out: ParsedRow[] = [];
  const visit = (r: ParsedRow, depth: number) => {
    const code = str(r, 'code') as string;
    if (done.has(code) || depth > rows.length) return;
    const parent = str(r, 'parent');
    const p = parent ? byCode.get(parent) : undefined;
    if (p) visit(p, depth + 1);
    done.add(code);
    out.push(r);
  };
  for (const r of rows) visit(r, 0);
  return out;
}

export const orgUnitsKind: ImportKind = {
  kind: 'org-units',
  title: '组织机构',
  columns: [
    { header: '编码', key: 'code', type: 'text', required: true, maxLength: 64, help: '组织的唯一编码；再次导入同一编码即更新', example: 'S01' },
    { header: '名称', key: 'name', type: 'text', required: true, maxLength: 200, help: '组织全称', example: 'XX区第一中学' },
    {
      header: '类型',
      key: 'kind',
      type: 'enum',
      required: true,
      values: Object.keys(KIND_BY_LABEL),
      help: '教育工委/党委/党总支/党支部/党小组/学校/幼儿园/其他',
      example: '学校',
    },
    {
      header: '上级编码',
      key: 'parent',
      type: 'text',
      help: '上级组织的编码；学校的党支部挂在学校下，党总支的支部挂在党总支下；顶级组织留空',
      example: 'XQJYGW',
    },
    { header: '学段', key: 'stage', type: 'enum', values: SCHOOL_STAGES, help: '学校、幼儿园填写', example: '初中' },
    { header: '办学性质', key: 'ownership', type: 'enum', values: OWNERSHIPS, help: '公办/民办，学校、幼儿园填写', example: '公办' },
    { header: '学生数', key: 'students', type: 'int', min: 0, max: 1000000, help: '在校学生数', example: '1200' },
    { header: '寄宿生数', key: 'boarders', type: 'int', min: 0, max: 1000000, help: '住校学生数', example: '300' },
  ],

  async validate(rows, exec, ctx) {
    const problems: RowProblem[] = [];
    const codes = rows.map((r) => str(r, 'code') as string);
    const seen = new Map<string, number>();
    for (const r of rows) {
      const code = str(r, 'code') as string;
      if (!/^[A-Za-z0-9_.-]+$/.test(code)) problems.push(problem(this, r, 'code', '编码只能包含字母、数字、下划线、点和连字符 / letters, digits, _ . - only'));
      if (seen.has(code)) problems.push(problem(this, r, 'code', `与第 ${seen.get(code)} 行编码重复 / duplicates row ${seen.get(code)}`));
      else seen.set(code, r.rowNumber);
      const students = num(r, 'students');
      const boarders = num(r, 'boarders');
      if (students !== null && boarders !== null && boarders > students)
        problems.push(problem(this, r, 'boarders', '寄宿生数大于学生数 / more boarders than students'));
      if (str(r, 'parent') === code) problems.push(problem(this, r, 'parent', '上级不能是自己 / a unit cannot be its own parent'));
    }
    const parentCodes = [...new Set(rows.map((r) => str(r, 'parent')).filter((x): x is string => !!x))];
    const existing = await existingByCode(exec, [...new Set([...codes, ...parentCodes])]);
    const inFile = new Set(codes);
    const parentOf = new Map(rows.map((r) => [str(r, 'code') as string, str(r, 'parent')]));
    for (const r of rows) {
      const parent = str(r, 'parent');
      if (parent && !inFile.has(parent) && !existing.has(parent))
        problems.push(problem(this, r, 'parent', `上级编码 ${parent} 不存在 / no unit with this code`));
      // Cycles through the file's own parent links.
      let cur = parent;
      const path = new Set([str(r, 'code') as string]);
      while (cur && parentOf.has(cur)) {
        if (path.has(cur)) {
          problems.push(problem(this, r, 'parent', '上级关系形成循环 / the parent links form a cycle'));
          break;
        }
        path.add(cur);
        cur = parentOf.get(cur) ?? null;
      }
      if (!parent && !ctx.scope.all)
        problems.push(problem(this, r, 'parent', '只有全局管理员可以导入顶级组织 / only whole-tree administrators import top-level units'));
    }
    if (!ctx.scope.all) {
      const ids = [...existing.values()].map((e) => e.id);
      const allowed = await orgIdsInScope(exec, ctx.scope, ids);
      for (const r of rows) {
        for (const key of ['code', 'parent']) {
          const c = str(r, key);
          const e = c ? existing.get(c) : undefined;
          if (e && !allowed.has(e.id)) problems.push(problem(this, r, key, '不在您的管理范围内 / outside your reach'));
        }
      }
    }
    return problems;
  },

  async write(rows, exec, ctx) {
    let inserted = 0;
    let updated = 0;
    const now = iso(ctx.app.clock.now());
    const existing = await existingByCode(
      exec,
      rows.map((r) => str(r, 'code') as string),
    );
    const ids = new Map<string, number>();
    for (const [code, e] of existing) ids.set(code, e.id);
    for (const r of parentFirst(rows)) {
      const code = str(r, 'code') as string;
      const parentCode = str(r, 'parent');
      let parentId: number | null = null;
      if (parentCode) {
        parentId = ids.get(parentCode) ?? (await exec.selectFrom('org_units').select('id').where('code', '=', parentCode).executeTakeFirstOrThrow()).id;
        ids.set(parentCode, parentId);
      }
      const fields = {
        name: str(r, 'name') as string,
        kind: KIND_BY_LABEL[str(r, 'kind') as string],
        stage: str(r, 'stage'),
        ownership: str(r, 'ownership'),
        student_count: num(r, 'students'),
        boarder_count: num(r, 'boarders'),
      };
      const e = existing.get(code);
      if (e) {
        if (e.parent_id !== parentId) {
          await relink(exec, e.id, parentId);
        }
        await exec
          .updateTable('org_units')
          .set({ ...fields, parent_id: parentId, updated_at: now, version: e.version + 1 })
          .where('id', '=', e.id)
          .execute();
        updated++;
      } else {
        const row = await exec
          .insertInto('org_units')
          .values({
            code,
            ...fields,
            parent_id: parentId,
            active: 1,
            active_from: chinaDate(ctx.app.clock.now()),
            active_to: null,
            sort_order: 0,
            is_demo: 0,
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await linkNew(exec, row.id, parentId);
        ids.set(code, row.id);
        inserted++;
      }
    }
    return { inserted, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('org_units as o')
      .leftJoin('org_units as p', 'p.id', 'o.parent_id')
      .select(['o.id', 'o.code', 'o.name', 'o.kind', 'p.code as parent', 'o.stage', 'o.ownership', 'o.student_count', 'o.boarder_count'])
      .where('o.active', '=', 1);
    if (!filter.scope.all)
      q = q.where('o.id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', 'in', filter.scope.roots.length ? filter.scope.roots : [-1]),
      );
    if (filter.orgId) {
      const orgId = filter.orgId;
      q = q.where('o.id', 'in', (eb) => eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId));
    }
    // Parents first, so the exported file re-imports in one pass.
    const rows = await q
      .innerJoin('org_closure as depth', (j) => j.onRef('depth.descendant_id', '=', 'o.id'))
      .select((eb) => eb.fn.max('depth.depth').as('d'))
      .groupBy(['o.id', 'o.code', 'o.name', 'o.kind', 'p.code', 'o.stage', 'o.ownership', 'o.student_count', 'o.boarder_count'])
      .execute();
    rows.sort((a, b) => Number(a.d) - Number(b.d) || a.code.localeCompare(b.code));
    return rows.map((r) => ({
      code: r.code,
      name: r.name,
      kind: LABEL_BY_KIND[r.kind as OrgKind] ?? '其他',
      parent: r.parent,
      stage: r.stage,
      ownership: r.ownership,
      students: r.student_count,
      boarders: r.boarder_count,
    }));
  },
};
