import { GENDERS, PARTY_POSTS, POLITICAL_STATUSES, coversDate } from '@taizhang/shared';
import type { Executor } from '../../db/database.ts';
import { orgIdsInScope } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { sealValue } from '../../platform/crypto-fields.ts';
import { masterKey } from '../../platform/keys.ts';
import { insertBatches } from '../../platform/xlsx/batch.ts';
import { type ImportKind, type ParsedRow, type RowProblem, problem } from '../../platform/xlsx/kind.ts';
import { maskPhone } from './presenter.ts';
import { openPhones } from './repository.ts';
import { personProblems, pinyinKeys } from './service.ts';

const PARTY_KINDS = ['committee', 'general_branch', 'branch', 'party_group'];
const FIELD_TO_KEY: Record<string, string> = { partyOrgId: 'partyOrg', joinDate: 'joinDate', conversionDate: 'conversionDate', birthDate: 'birthDate' };

const str = (r: ParsedRow, k: string) => (r.values[k] == null ? null : String(r.values[k]));

async function orgsByCode(exec: Executor, codes: string[]) {
  const out = new Map<string, { id: number; kind: string }>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const o of await exec
      .selectFrom('org_units')
      .select(['id', 'code', 'kind'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute())
      out.set(o.code, o);
  }
  return out;
}

async function peopleByCode(exec: Executor, codes: string[]) {
  const out = new Map<string, { id: number; unit_id: number | null; party_org_id: number | null; political_status: string; version: number }>();
  for (let i = 0; i < codes.length; i += 500) {
    for (const p of await exec
      .selectFrom('people')
      .select(['id', 'code', 'unit_id', 'party_org_id', 'political_status', 'version'])
      .where('code', 'in', codes.slice(i, i + 500))
      .execute())
      out.set(p.code, p);
  }
  return out;
}

export const peopleKind: ImportKind = {
  kind: 'people',
  title: '人员名册',
  columns: [
    { header: '人员编码', key: 'code', type: 'text', required: true, maxLength: 64, help: '人员唯一编码（如工号）；再次导入同一编码即更新', example: 'P00001' },
    { header: '姓名', key: 'name', type: 'text', required: true, maxLength: 50, help: '姓名', example: '刘莹' },
    { header: '性别', key: 'gender', type: 'enum', values: GENDERS, help: '男/女', example: '女' },
    { header: '出生日期', key: 'birthDate', type: 'date', help: '如 1980-05-16', example: '1980-05-16' },
    { header: '所在单位编码', key: 'unit', type: 'text', help: '工作单位（学校、幼儿园或机关）的组织编码', example: 'S01' },
    { header: '所在党组织编码', key: 'partyOrg', type: 'text', help: '党员所在党支部（党总支、党委）的编码；非党员留空', example: 'S01-B1' },
    {
      header: '政治面貌',
      key: 'status',
      type: 'enum',
      required: true,
      values: POLITICAL_STATUSES,
      help: '中共党员/中共预备党员/共青团员/群众/民主党派',
      example: '中共党员',
    },
    { header: '入党日期', key: 'joinDate', type: 'date', help: '成为预备党员的日期', example: '2010-07-01' },
    { header: '转正日期', key: 'conversionDate', type: 'date', help: '成为正式党员的日期', example: '2011-07-01' },
    { header: '职务', key: 'posts', type: 'list', help: '可填多个，用顿号、逗号或空格分隔，如 党支部书记、校长', example: '党支部书记、校长' },
    { header: '手机号', key: 'phone', type: 'phone', help: '11 位手机号', example: '13800000000' },
  ],

  async validate(rows, exec, ctx) {
    const problems: RowProblem[] = [];
    const seen = new Map<string, number>();
    const orgCodes = [...new Set(rows.flatMap((r) => [str(r, 'unit'), str(r, 'partyOrg')]).filter((x): x is string => !!x))];
    const orgs = await orgsByCode(exec, orgCodes);
    const allowed = ctx.scope.all
      ? null
      : await orgIdsInScope(
          exec,
          ctx.scope,
          [...orgs.values()].map((o) => o.id),
        );
    const existing = await peopleByCode(
      exec,
      rows.map((r) => str(r, 'code') as string),
    );
    const existingAllowed = ctx.scope.all
      ? null
      : await orgIdsInScope(
          exec,
          ctx.scope,
          [...existing.values()].flatMap((p) => [p.unit_id, p.party_org_id]).filter((x): x is number => x !== null),
        );
    const today = chinaDate(ctx.app.clock.now());
    for (const r of rows) {
      const code = str(r, 'code') as string;
      if (seen.has(code)) problems.push(problem(this, r, 'code', `与第 ${seen.get(code)} 行人员编码重复 / duplicates row ${seen.get(code)}`));
      else seen.set(code, r.rowNumber);
      const unit = str(r, 'unit');
      const party = str(r, 'partyOrg');
      if (!unit && !party) problems.push(problem(this, r, 'unit', '所在单位编码和所在党组织编码至少填一项 / unit or party org required'));
      for (const [key, c] of [
        ['unit', unit],
        ['partyOrg', party],
      ] as const) {
        if (!c) continue;
        const o = orgs.get(c);
        if (!o) problems.push(problem(this, r, key, `组织编码 ${c} 不存在 / no unit with this code`));
        else if (allowed && !allowed.has(o.id)) problems.push(problem(this, r, key, '不在您的管理范围内 / outside your reach'));
        else if (key === 'partyOrg' && !PARTY_KINDS.includes(o.kind))
          problems.push(problem(this, r, key, '所在党组织须为党委、党总支、党支部或党小组 / must be a party org'));
      }
      const prev = existing.get(code);
      if (prev && existingAllowed && ![prev.unit_id, prev.party_org_id].some((id) => id !== null && existingAllowed.has(id))) {
        problems.push(problem(this, r, 'code', '该人员不在您的管理范围内 / this person is outside your reach'));
      }
      const rules = personProblems(
        {
          politicalStatus: str(r, 'status') as string,
          joinDate: str(r, 'joinDate'),
          conversionDate: str(r, 'conversionDate'),
          partyOrgId: party ? 1 : null,
          birthDate: str(r, 'birthDate'),
        },
        '',
      );
      for (const p of rules) problems.push(problem(this, r, FIELD_TO_KEY[p.field] ?? 'status', p.message));
      for (const k of ['joinDate', 'conversionDate']) {
        const d = str(r, k);
        if (d && d > today) problems.push(problem(this, r, k, '日期晚于今天 / date is in the future'));
      }
    }
    return problems;
  },

  async write(rows, exec, ctx) {
    const now = iso(ctx.app.clock.now());
    const today = chinaDate(ctx.app.clock.now());
    const orgs = await orgsByCode(exec, [...new Set(rows.flatMap((r) => [str(r, 'unit'), str(r, 'partyOrg')]).filter((x): x is string => !!x))]);
    const existing = await peopleByCode(
      exec,
      rows.map((r) => str(r, 'code') as string),
    );
    const orgId = (c: string | null) => (c ? (orgs.get(c)?.id ?? null) : null);
    // Once per import, not per row: the key (possibly read from a file) and the pinyin of names that repeat.
    const profile = ctx.app.config.CRYPTO_PROFILE;
    const master = masterKey(ctx.app.config);
    const pinyinOf = new Map<string, { initials: string; full: string }>();
    const fields = (r: ParsedRow) => {
      const name = str(r, 'name') as string;
      let keys = pinyinOf.get(name);
      if (!keys) {
        keys = pinyinKeys(name);
        pinyinOf.set(name, keys);
      }
      return {
        name: str(r, 'name') as string,
        gender: str(r, 'gender'),
        birth_date: str(r, 'birthDate'),
        unit_id: orgId(str(r, 'unit')),
        party_org_id: orgId(str(r, 'partyOrg')),
        political_status: str(r, 'status') as string,
        join_date: str(r, 'joinDate'),
        conversion_date: str(r, 'conversionDate'),
        phone: sealValue(profile, master, str(r, 'phone')),
        pinyin_initials: keys.initials,
        pinyin_full: keys.full,
      };
    };
    const fresh = rows.filter((r) => !existing.has(str(r, 'code') as string));
    const ids = new Map<string, number>();
    const freshValues = fresh.map((r) => ({
      code: str(r, 'code') as string,
      ...fields(r),
      active: 1,
      left_date: null,
      is_demo: 0,
      import_batch: ctx.batchId,
      created_at: now,
      updated_at: now,
      version: 1,
    }));
    for (const batch of insertBatches(freshValues)) {
      const inserted = await exec.insertInto('people').values(batch).returning(['id', 'code']).execute();
      for (const p of inserted) ids.set(p.code, p.id);
    }
    // The new people's first status, copied in the database from the rows just written: until the updates below
    // run, the rows carrying this batch id are exactly the new people.
    if (fresh.length)
      await exec
        .insertInto('person_status_history')
        .columns(['person_id', 'status', 'effective_date', 'recorded_at', 'source'])
        .expression((eb) =>
          eb
            .selectFrom('people')
            .select((s) => [
              'id',
              'political_status',
              s.fn.coalesce('conversion_date', 'join_date').as('effective_date'),
              s.cast<string>(s.val(now), 'text').as('recorded_at'),
              s.cast<string>(s.val('import'), 'text').as('source'),
            ])
            .where('import_batch', '=', ctx.batchId)
            .orderBy('id'),
        )
        .execute();
    const history: { person_id: number; status: string; effective_date: string | null; recorded_at: string; source: string }[] = [];
    let updated = 0;
    for (const r of rows) {
      const prev = existing.get(str(r, 'code') as string);
      if (!prev) continue;
      const f = fields(r);
      await exec
        .updateTable('people')
        .set({ ...f, import_batch: ctx.batchId, updated_at: now, version: prev.version + 1 })
        .where('id', '=', prev.id)
        .execute();
      ids.set(str(r, 'code') as string, prev.id);
      if (prev.political_status !== f.political_status)
        history.push({
          person_id: prev.id,
          status: f.political_status,
          effective_date: f.conversion_date ?? f.join_date ?? today,
          recorded_at: now,
          source: 'import',
        });
      updated++;
    }
    for (const batch of insertBatches(history)) await exec.insertInto('person_status_history').values(batch).execute();

    // Posts: the file lists what each person holds now. New posts start today (or are "held since before
    // records began" for a person seen for the first time); posts no longer listed end yesterday.
    const personIds = [...ids.values()];
    const openPosts = new Map<number, { id: number; org_id: number; post: string }[]>();
    for (let i = 0; i < personIds.length; i += 500) {
      const rowsP = await exec
        .selectFrom('person_posts')
        .select(['id', 'person_id', 'org_id', 'post', 'start_date', 'end_date'])
        .where('person_id', 'in', personIds.slice(i, i + 500))
        .execute();
      for (const p of rowsP) {
        if (!coversDate(p.start_date, p.end_date, today) && !(p.start_date && p.start_date > today)) continue;
        const list = openPosts.get(p.person_id) ?? [];
        list.push(p);
        openPosts.set(p.person_id, list);
      }
    }
    const yesterday = chinaDate(new Date(ctx.app.clock.now().getTime() - 86400000));
    const newPosts: { person_id: number; org_id: number; post: string; start_date: string | null; end_date: null; created_at: string }[] = [];
    for (const r of rows) {
      const code = str(r, 'code') as string;
      const id = ids.get(code) as number;
      const isNew = !existing.has(code);
      const unit = orgId(str(r, 'unit'));
      const party = orgId(str(r, 'partyOrg'));
      const wanted = ((r.values.posts as string[] | null) ?? [])
        .map((post) => ({ post, org: PARTY_POSTS.includes(post) ? (party ?? unit) : (unit ?? party) }))
        .filter((w): w is { post: string; org: number } => w.org !== null);
      const have = openPosts.get(id) ?? [];
      for (const w of wanted) {
        if (!have.some((h) => h.post === w.post && h.org_id === w.org))
          newPosts.push({ person_id: id, org_id: w.org, post: w.post, start_date: isNew ? null : today, end_date: null, created_at: now });
      }
      for (const h of have) {
        if (!wanted.some((w) => w.post === h.post && w.org === h.org_id))
          await exec.updateTable('person_posts').set({ end_date: yesterday }).where('id', '=', h.id).execute();
      }
    }
    for (const batch of insertBatches(newPosts)) await exec.insertInto('person_posts').values(batch).execute();
    return { inserted: fresh.length, updated };
  },

  async exportRows(exec, filter) {
    let q = exec
      .selectFrom('people as p')
      .leftJoin('org_units as u', 'u.id', 'p.unit_id')
      .leftJoin('org_units as g', 'g.id', 'p.party_org_id')
      .select([
        'p.id',
        'p.code',
        'p.name',
        'p.gender',
        'p.birth_date',
        'u.code as unit',
        'g.code as party',
        'p.political_status',
        'p.join_date',
        'p.conversion_date',
        'p.phone',
      ])
      .where('p.active', '=', 1);
    const roots = filter.scope.roots.length ? filter.scope.roots : [-1];
    if (!filter.scope.all) {
      q = q.where((eb) =>
        eb.or([
          eb('p.unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
          eb('p.party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', 'in', roots)),
        ]),
      );
    }
    if (filter.orgId) {
      const id = filter.orgId;
      q = q.where((eb) =>
        eb.or([
          eb('p.unit_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', id)),
          eb('p.party_org_id', 'in', eb.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', id)),
        ]),
      );
    }
    const people = await q.orderBy('p.code').execute();
    const today = new Date().toISOString().slice(0, 10);
    const posts = new Map<number, string[]>();
    const ids = people.map((p) => p.id);
    for (let i = 0; i < ids.length; i += 500) {
      for (const pp of await exec
        .selectFrom('person_posts')
        .select(['person_id', 'post', 'start_date', 'end_date'])
        .where('person_id', 'in', ids.slice(i, i + 500))
        .orderBy('id')
        .execute()) {
        if (!coversDate(pp.start_date, pp.end_date, today)) continue;
        posts.set(pp.person_id, [...(posts.get(pp.person_id) ?? []), pp.post]);
      }
    }
    const opened = filter.app ? openPhones(filter.app, people) : people;
    return opened.map((p) => ({
      code: p.code,
      name: p.name,
      gender: p.gender,
      birthDate: p.birth_date,
      unit: p.unit,
      partyOrg: p.party,
      status: p.political_status,
      joinDate: p.join_date,
      conversionDate: p.conversion_date,
      posts: posts.get(p.id) ?? [],
      phone: filter.fullPersonal ? p.phone : maskPhone(p.phone),
    }));
  },
};
