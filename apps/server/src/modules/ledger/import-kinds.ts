import type { Executor } from '../../db/database.ts';
import type { Scope } from '../../platform/access/actor.ts';
import { orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { escapeHtmlText } from './import-text.ts';
import { type ImportContext, type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';

const str = (r: ParsedRow, k: string) => (r.values[k] == null ? null : String(r.values[k]));
const ATTENDANCE: Record<string, string> = { 出席: 'present', 缺席: 'absent', 请假: 'excused' };
const ATTENDANCE_LABEL: Record<string, string> = { present: '出席', absent: '缺席', excused: '请假' };

async function mapByCode(exec: Executor, table: 'org_units' | 'people', codes: string[]) {
  const out = new Map<string, number>();
  const list = [...new Set(codes)];
  for (let i = 0; i < list.length; i += 500) {
    for (const r of await exec
      .selectFrom(table)
      .select(['id', 'code'])
      .where('code', 'in', list.slice(i, i + 500))
      .execute())
      out.set(r.code, r.id);
  }
  return out;
}

async function scopeProblems(kind: ImportKind, rows: ParsedRow[], exec: Executor, scope: Scope, key: string, ids: Map<string, number>): Promise<RowProblem[]> {
  if (scope.all) return [];
  const allowed = await orgIdsInScope(exec, scope, [...ids.values()]);
  return rows.flatMap((r) => {
    const id = ids.get(str(r, key) ?? '');
    return id !== undefined && !allowed.has(id) ? [problem(kind, r, key, '不在您的管理范围内 / outside your reach')] : [];
  });
}

function subtreeFilter(scope: Scope, orgId: number | undefined) {
  return { roots: scope.all ? null : scope.roots.length ? scope.roots : [-1], orgId };
}

/** Imported history is history: stored as approved, marked imported, with the batch id. */
export const activitiesKind: ImportKind = {
  kind: 'activities',
  title: '活动台账',
  columns: [
    {
      header: '活动编号',
      key: 'code',
      type: 'text',
      required: true,
      maxLength: 64,
      help: '每条活动记录的唯一编号；再次导入同一编号即更新',
      example: 'HD-2022-001',
    },
    { header: '组织编码', key: 'org', type: 'text', required: true, help: '开展活动的党组织编码', example: 'S01-B' },
    {
      header: '活动类型',
      key: 'type',
      type: 'text',
      required: true,
      help: '与系统活动类型名称一致，如 支部党员大会、主题党日、专题辅导报告',
      example: '主题党日',
    },
    { header: '日期', key: 'date', type: 'date', required: true, help: '活动日期', example: '2022-03-18' },
    { header: '主题', key: 'topic', type: 'text', required: true, maxLength: 300, help: '活动主题或题目', example: '学习党的二十大精神' },
    { header: '主持人编码', key: 'host', type: 'text', help: '主持人的人员编码', example: 'P00001' },
    { header: '主讲人', key: 'speaker', type: 'text', maxLength: 100, help: '主讲人姓名', example: '刘莹' },
    { header: '地点', key: 'place', type: 'text', maxLength: 200, help: '活动地点', example: '党员活动室' },
    { header: '内容摘要', key: 'summary', type: 'text', maxLength: 20000, help: '会议记录或内容摘要', example: '' },
  ],
  async validate(rows, exec, ctx) {
    const problems: RowProblem[] = [];
    const orgs = await mapByCode(
      exec,
      'org_units',
      rows.map((r) => str(r, 'org') ?? ''),
    );
    const people = await mapByCode(exec, 'people', rows.map((r) => str(r, 'host') ?? '').filter(Boolean));
    const types = new Map((await exec.selectFrom('activity_types').select(['id', 'name']).execute()).map((t) => [t.name, t.id]));
    const seen = new Map<string, number>();
    const today = chinaDate(ctx.app.clock.now());
    for (const r of rows) {
      const code = str(r, 'code') as string;
      if (seen.has(code)) problems.push(problem(this, r, 'code', `与第 ${seen.get(code)} 行重复 / duplicates row ${seen.get(code)}`));
      else seen.set(code, r.rowNumber);
      if (!orgs.has(str(r, 'org') ?? '')) problems.push(problem(this, r, 'org', '组织编码不存在 / no unit with this code'));
      if (!types.has(str(r, 'type') ?? ''))
        problems.push(problem(this, r, 'type', `活动类型不存在，可选：${[...types.keys()].join('、')} / unknown activity type`));
      const host = str(r, 'host');
      if (host && !people.has(host)) problems.push(problem(this, r, 'host', '人员编码不存在 / no person with this code'));
      if ((str(r, 'date') ?? '') > today) problems.push(problem(this, r, 'date', '日期晚于今天 / date is in the future'));
    }
    problems.push(...(await scopeProblems(this, rows, exec, ctx.scope, 'org', orgs)));
    const existing = await exec
      .selectFrom('activities')
      .select(['code', 'org_id'])
      .where('code', 'in', [...seen.keys()].slice(0, 5000))
      .execute();
    if (!ctx.scope.all && existing.length) {
      const allowed = await orgIdsInScope(
        exec,
        ctx.scope,
        existing.map((e) => e.org_id),
      );
      for (const e of existing) {
        if (!allowed.has(e.org_id)) {
          const r = rows.find((x) => str(x, 'code') === e.code);
          if (r) problems.push(problem(this, r, 'code', '该活动属于您管理范围外的组织 / this record belongs to a unit outside your reach'));
        }
      }
    }
    return problems;
  },
  async write(rows, exec, ctx: ImportContext) {
    const now = iso(ctx.app.clock.now());
    const orgs = await mapByCode(
      exec,
      'org_units',
      rows.map((r) => str(r, 'org') ?? ''),
    );
    const people = await mapByCode(exec, 'people', rows.map((r) => str(r, 'host') ?? '').filter(Boolean));
    const types = new Map((await exec.selectFrom('activity_types').select(['id', 'name']).execute()).map((t) => [t.name, t.id]));
    const existing = new Map(
      (
        await exec
          .selectFrom('activities')
          .select(['id', 'code', 'version'])
          .where(
            'code',
            'in',
            rows.map((r) => str(r, 'code') as string),
          )
          .execute()
      ).map((e) => [e.code, e]),
    );
    let inserted = 0;
    let updated = 0;
    for (const r of rows) {
      const fields = {
        org_id: orgs.get(str(r, 'org') as string) as number,
        type_id: types.get(str(r, 'type') as string) as number,
        date: str(r, 'date') as string,
        topic: str(r, 'topic') as string,
        host_person_id: people.get(str(r, 'host') ?? '') ?? null,
        speaker: str(r, 'speaker'),
        place: str(r, 'place'),
        minutes_html: str(r, 'summary') ? `<p>${escapeHtmlText(str(r, 'summary') as string)}</p>` : null,
        import_batch: ctx.batchId,
        updated_at: now,
      };
      const e = existing.get(str(r, 'code') as string);
      if (e) {
        await exec
          .updateTable('activities')
          .set({ ...fields, version: e.version + 1 })
          .where('id', '=', e.id)
          .execute();
        updated++;
      } else {
        await exec
          .insertInto('activities')
          .values({
            ...fields,
            code: str(r, 'code') as string,
            start_time: null,
            recorder_person_id: null,
            guests: null,
            participant_count: null,
            extra_json: '{}',
            status: 'approved',
            backfill: 0,
            imported: 1,
            locked: 1,
            reviewed_by: ctx.actorId,
            reviewed_at: now,
            review_comment: null,
            submitted_at: now,
            is_demo: 0,
            created_by: ctx.actorId,
            created_at: now,
            version: 1,
          })
          .execute();
        inserted++;
      }
    }
    return { inserted, updated };
  },
  async exportRows(exec, filter) {
    const f = subtreeFilter(filter.scope, filter.orgId);
    let q = exec
      .selectFrom('activities as a')
      .innerJoin('org_units as o', 'o.id', 'a.org_id')
      .innerJoin('activity_types as t', 't.id', 'a.type_id')
      .leftJoin('people as h', 'h.id', 'a.host_person_id')
      .select(['a.code', 'o.code as org', 't.name as type', 'a.date', 'a.topic', 'h.code as host', 'a.speaker', 'a.place', 'a.minutes_html'])
      .where('a.status', 'in', ['submitted', 'approved']);
    if (f.roots)
      q = q.where('a.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', 'in', f.roots as number[]),
      );
    if (f.orgId)
      q = q.where('a.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', '=', f.orgId as number),
      );
    const rows = await q.orderBy('a.date').orderBy('a.code').execute();
    return rows.map((r) => ({
      code: r.code,
      org: r.org,
      type: r.type,
      date: r.date,
      topic: r.topic,
      host: r.host,
      speaker: r.speaker,
      place: r.place,
      summary: r.minutes_html
        ? r.minutes_html
            .replace(/<[^>]+>/g, '')
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&')
        : null,
    }));
  },
};

export const attendanceKind: ImportKind = {
  kind: 'attendance',
  title: '出席情况',
  columns: [
    { header: '活动编号', key: 'activity', type: 'text', required: true, help: '活动台账中的活动编号', example: 'HD-2022-001' },
    { header: '人员编码', key: 'person', type: 'text', required: true, help: '参加人的人员编码', example: 'P00001' },
    { header: '出席情况', key: 'status', type: 'enum', required: true, values: Object.keys(ATTENDANCE), help: '出席/缺席/请假', example: '出席' },
    { header: '说明', key: 'reason', type: 'text', maxLength: 300, help: '缺席或请假的原因', example: '' },
  ],
  async validate(rows, exec, ctx) {
    const problems: RowProblem[] = [];
    const acts = new Map(
      (
        await exec
          .selectFrom('activities')
          .select(['id', 'code', 'org_id'])
          .where('code', 'in', [...new Set(rows.map((r) => str(r, 'activity') as string))])
          .execute()
      ).map((a) => [a.code, a]),
    );
    const people = await mapByCode(
      exec,
      'people',
      rows.map((r) => str(r, 'person') as string),
    );
    const seen = new Map<string, number>();
    for (const r of rows) {
      const key = `${str(r, 'activity')}|${str(r, 'person')}`;
      if (seen.has(key)) problems.push(problem(this, r, 'person', `与第 ${seen.get(key)} 行重复 / duplicates row ${seen.get(key)}`));
      else seen.set(key, r.rowNumber);
      if (!acts.has(str(r, 'activity') as string))
        problems.push(problem(this, r, 'activity', '活动编号不存在（请先导入活动台账）/ no activity with this code'));
      if (!people.has(str(r, 'person') as string)) problems.push(problem(this, r, 'person', '人员编码不存在 / no person with this code'));
    }
    if (!ctx.scope.all) {
      const allowed = await orgIdsInScope(
        exec,
        ctx.scope,
        [...acts.values()].map((a) => a.org_id),
      );
      for (const r of rows) {
        const a = acts.get(str(r, 'activity') as string);
        if (a && !allowed.has(a.org_id)) problems.push(problem(this, r, 'activity', '不在您的管理范围内 / outside your reach'));
      }
    }
    return problems;
  },
  async write(rows, exec) {
    const acts = new Map(
      (
        await exec
          .selectFrom('activities')
          .select(['id', 'code'])
          .where('code', 'in', [...new Set(rows.map((r) => str(r, 'activity') as string))])
          .execute()
      ).map((a) => [a.code, a.id]),
    );
    const people = await mapByCode(
      exec,
      'people',
      rows.map((r) => str(r, 'person') as string),
    );
    let inserted = 0;
    let updated = 0;
    for (const r of rows) {
      const activityId = acts.get(str(r, 'activity') as string) as number;
      const personId = people.get(str(r, 'person') as string) as number;
      const status = ATTENDANCE[str(r, 'status') as string];
      const e = await exec
        .selectFrom('activity_attendance')
        .select('id')
        .where('activity_id', '=', activityId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      if (e) {
        await exec
          .updateTable('activity_attendance')
          .set({ status, reason: str(r, 'reason') })
          .where('id', '=', e.id)
          .execute();
        updated++;
      } else {
        await exec
          .insertInto('activity_attendance')
          .values({ activity_id: activityId, person_id: personId, status, reason: str(r, 'reason') })
          .execute();
        inserted++;
      }
    }
    return { inserted, updated };
  },
  async exportRows(exec, filter) {
    const f = subtreeFilter(filter.scope, filter.orgId);
    let q = exec
      .selectFrom('activity_attendance as aa')
      .innerJoin('activities as a', 'a.id', 'aa.activity_id')
      .innerJoin('people as p', 'p.id', 'aa.person_id')
      .select(['a.code as activity', 'p.code as person', 'aa.status', 'aa.reason']);
    if (f.roots)
      q = q.where('a.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', 'in', f.roots as number[]),
      );
    if (f.orgId)
      q = q.where('a.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', '=', f.orgId as number),
      );
    const rows = await q.orderBy('a.code').orderBy('p.code').execute();
    return rows.map((r) => ({ activity: r.activity, person: r.person, status: ATTENDANCE_LABEL[r.status] ?? r.status, reason: r.reason }));
  },
};

export const materialsKind: ImportKind = {
  kind: 'materials',
  title: '学习资料征订',
  columns: [
    { header: '组织编码', key: 'org', type: 'text', required: true, help: '征订单位（党组织或学校）的编码', example: 'S01-B' },
    { header: '资料名称', key: 'title', type: 'text', required: true, maxLength: 200, help: '书名或资料名称', example: '《中国共产党简史》' },
    { header: '征订日期', key: 'date', type: 'date', required: true, help: '征订日期', example: '2022-04-01' },
    { header: '册数', key: 'copies', type: 'int', required: true, min: 1, max: 1000000, help: '征订册数', example: '50' },
  ],
  async validate(rows, exec, ctx) {
    const problems: RowProblem[] = [];
    const orgs = await mapByCode(
      exec,
      'org_units',
      rows.map((r) => str(r, 'org') ?? ''),
    );
    const seen = new Map<string, number>();
    for (const r of rows) {
      const key = `${str(r, 'org')}|${str(r, 'title')}|${str(r, 'date')}`;
      if (seen.has(key)) problems.push(problem(this, r, 'title', `与第 ${seen.get(key)} 行重复 / duplicates row ${seen.get(key)}`));
      else seen.set(key, r.rowNumber);
      if (!orgs.has(str(r, 'org') ?? '')) problems.push(problem(this, r, 'org', '组织编码不存在 / no unit with this code'));
    }
    problems.push(...(await scopeProblems(this, rows, exec, ctx.scope, 'org', orgs)));
    return problems;
  },
  async write(rows, exec, ctx) {
    const now = iso(ctx.app.clock.now());
    const orgs = await mapByCode(
      exec,
      'org_units',
      rows.map((r) => str(r, 'org') ?? ''),
    );
    let inserted = 0;
    let updated = 0;
    for (const r of rows) {
      const orgId = orgs.get(str(r, 'org') as string) as number;
      const e = await exec
        .selectFrom('study_materials')
        .select(['id', 'version'])
        .where('org_id', '=', orgId)
        .where('title', '=', str(r, 'title') as string)
        .where('order_date', '=', str(r, 'date') as string)
        .executeTakeFirst();
      if (e) {
        await exec
          .updateTable('study_materials')
          .set({ copies: Number(r.values.copies), import_batch: ctx.batchId, updated_at: now, version: e.version + 1 })
          .where('id', '=', e.id)
          .execute();
        updated++;
      } else {
        await exec
          .insertInto('study_materials')
          .values({
            org_id: orgId,
            title: str(r, 'title') as string,
            order_date: str(r, 'date') as string,
            copies: Number(r.values.copies),
            is_demo: 0,
            import_batch: ctx.batchId,
            created_by: ctx.actorId,
            created_at: now,
            updated_at: now,
            version: 1,
          })
          .execute();
        inserted++;
      }
    }
    return { inserted, updated };
  },
  async exportRows(exec, filter) {
    const f = subtreeFilter(filter.scope, filter.orgId);
    let q = exec
      .selectFrom('study_materials as m')
      .innerJoin('org_units as o', 'o.id', 'm.org_id')
      .select(['o.code as org', 'm.title', 'm.order_date', 'm.copies']);
    if (f.roots)
      q = q.where('m.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', 'in', f.roots as number[]),
      );
    if (f.orgId)
      q = q.where('m.org_id', 'in', (eb) =>
        eb
          .selectFrom('org_closure')
          .select('descendant_id')
          .where('ancestor_id', '=', f.orgId as number),
      );
    const rows = await q.orderBy('m.order_date').orderBy('o.code').execute();
    return rows.map((r) => ({ org: r.org, title: r.title, date: r.order_date, copies: r.copies }));
  },
};
