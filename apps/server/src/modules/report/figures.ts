import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { dutyRolesAt } from '../people/duty-roles.ts';

/** One figure of the situation report, with the ids of the records it was computed from. */
export interface Figure<V = number> {
  value: V;
  label: string;
  definition: string;
  sources: { kind: string; ids: (number | string)[] };
}

export interface FigureContext {
  exec: Executor;
  orgId: number;
  year: number;
  /** 1 Jan, 31 Dec of the year. */
  from: string;
  to: string;
}

export interface FigureDef {
  key: string;
  label: string;
  definition: string;
  compute(c: FigureContext): Promise<Figure<unknown>>;
}

const COUNTED = ['submitted', 'approved'];
const STUDY_TYPES = ['theory_study', 'special_lecture', 'party_lecture', 'online_study'];

function subtree(c: FigureContext) {
  return c.exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', c.orgId);
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Activities of some types under O in the year that count (submitted or approved). */
function activitiesIn(c: FigureContext, typeCodes: string[]) {
  return c.exec
    .selectFrom('activities as a')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .where('t.code', 'in', typeCodes)
    .where('a.status', 'in', COUNTED)
    .where('a.date', '>=', c.from)
    .where('a.date', '<=', c.to)
    .where('a.org_id', 'in', subtree(c));
}

/** People under O: their unit or their party org is in O's subtree. */
function peopleUnder(c: FigureContext) {
  return c.exec.selectFrom('people as p').where((eb) => eb.or([eb('p.unit_id', 'in', subtree(c)), eb('p.party_org_id', 'in', subtree(c))]));
}

function memberAt(date: string) {
  return sql<boolean>`p.join_date is not null and p.join_date <= ${date} and (p.left_date is null or p.left_date > ${date})`;
}

function activeAt(alias: string, date: string) {
  return sql<boolean>`${sql.ref(`${alias}.active_from`)} <= ${date} and (${sql.ref(`${alias}.active_to`)} is null or ${sql.ref(`${alias}.active_to`)} > ${date})`;
}

/** Honours in the year whose category has one of these names. */
function honoursIn(c: FigureContext, categoryNames: string[], target: 'person' | 'org') {
  return c.exec
    .selectFrom('honours as h')
    .innerJoin('honour_categories as hc', 'hc.code', 'h.category_code')
    .where('hc.name', 'in', categoryNames)
    .where('h.target_type', '=', target)
    .where('h.year', '=', c.year);
}

export const FIGURES: FigureDef[] = [
  {
    key: 'branches',
    label: '下辖党支部',
    definition: 'party org units of kind branch under O at year end',
    async compute(c) {
      const rows = await c.exec
        .selectFrom('org_units as o')
        .select('o.id')
        .where('o.kind', '=', 'branch')
        .where('o.id', 'in', subtree(c))
        .where(activeAt('o', c.to))
        .execute();
      return fig(
        this,
        rows.length,
        'org_unit',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'party_members',
    label: '党员',
    definition: 'people under O who are full or probationary members at year end',
    async compute(c) {
      const rows = await peopleUnder(c).select('p.id').where(memberAt(c.to)).execute();
      return fig(
        this,
        rows.length,
        'person',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'study_participants',
    label: '参加学习的党员',
    definition: 'distinct party members (at the activity date) recorded present at ≥ 1 study activity (理论学习, 专题辅导报告, 党课, 线上学习) under O in Y',
    async compute(c) {
      // People with a qualifying attendance (a semi-join), not DISTINCT over every attendance: at province scale the
      // DISTINCT's hash aggregate over ≈ 800k rows spilled into ≈ 200k batches on PostgreSQL (100 s instead of 1 s).
      const rows = await c.exec
        .selectFrom('people as p')
        .select('p.id')
        .where('p.join_date', 'is not', null)
        .where((eb) =>
          eb.exists(
            activitiesIn(c, STUDY_TYPES)
              .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
              .select(sql<number>`1`.as('one'))
              .where('aa.person_id', '=', sql.ref<number>('p.id'))
              .where('aa.status', '=', 'present')
              .where(sql<boolean>`p.join_date <= a.date and (p.left_date is null or p.left_date > a.date)`),
          ),
        )
        .execute();
      return fig(
        this,
        rows.length,
        'person',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'lectures',
    label: '专题辅导报告',
    definition: 'lecture activities under O in Y, each {date, speaker, title}',
    async compute(c) {
      const rows = await activitiesIn(c, ['special_lecture']).select(['a.id', 'a.date', 'a.speaker', 'a.topic']).orderBy('a.date').execute();
      return {
        value: rows.map((r) => ({ date: r.date, speaker: r.speaker ?? '', title: r.topic ?? '' })),
        label: this.label,
        definition: this.definition,
        sources: { kind: 'activity', ids: rows.map((r) => r.id) },
      };
    },
  },
  {
    key: 'materials_copies',
    label: '征订学习资料(册)',
    definition: 'copies of study materials ordered under O in Y',
    async compute(c) {
      const rows = await c.exec
        .selectFrom('study_materials')
        .select(['id', 'copies'])
        .where('org_id', 'in', subtree(c))
        .where('order_date', '>=', c.from)
        .where('order_date', '<=', c.to)
        .execute();
      return fig(
        this,
        rows.reduce((n, r) => n + Number(r.copies), 0),
        'study_material',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'dual_role_schools',
    label: '书记、校长"一肩挑"',
    definition:
      'schools/kindergartens under O whose party secretary (of the branch or general branch under the school) is also its principal/director at year end',
    async compute(c) {
      const orgs = await c.exec
        .selectFrom('org_units as o')
        .select('o.id')
        .where('o.kind', 'in', ['branch', 'general_branch'])
        .where('o.id', 'in', subtree(c))
        .where(activeAt('o', c.to))
        .execute();
      const roles = await dutyRolesAt(
        c.exec,
        orgs.map((o) => o.id),
        c.to,
      );
      const schools = unique(roles.filter((r) => r.dualRole && r.schoolId !== null).map((r) => r.schoolId as number));
      return fig(this, schools.length, 'org_unit', schools);
    },
  },
  {
    key: 'trained_secretaries',
    label: '书记轮训(≥2次)',
    definition:
      'people holding a 党支部书记 or 党总支书记 post of an org under a public school or kindergarten under O at year end, with ≥ 2 attendances at 轮训 activities in Y',
    async compute(c) {
      const publicSchools = c.exec
        .selectFrom('org_closure as sc')
        .innerJoin('org_units as s', 's.id', 'sc.ancestor_id')
        .select('sc.descendant_id')
        .where('s.kind', 'in', ['school', 'kindergarten'])
        .where('s.ownership', '=', '公办');
      const secretaries = await c.exec
        .selectFrom('person_posts as pp')
        .select('pp.person_id')
        .distinct()
        .where('pp.post', 'in', ['党支部书记', '党总支书记'])
        .where('pp.org_id', 'in', subtree(c))
        .where('pp.org_id', 'in', publicSchools)
        .where(sql<boolean>`(pp.start_date is null or pp.start_date <= ${c.to}) and (pp.end_date is null or pp.end_date >= ${c.to})`)
        .execute();
      const ids = secretaries.map((s) => s.person_id);
      if (ids.length === 0) return fig(this, 0, 'person', []);
      const counts = await c.exec
        .selectFrom('activities as a')
        .innerJoin('activity_types as t', 't.id', 'a.type_id')
        .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
        .select(['aa.person_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('t.code', '=', 'rotation_training')
        .where('a.status', 'in', COUNTED)
        .where('a.date', '>=', c.from)
        .where('a.date', '<=', c.to)
        .where('aa.status', '=', 'present')
        .where('aa.person_id', 'in', ids)
        .groupBy('aa.person_id')
        .execute();
      const trained = counts.filter((r) => Number(r.n) >= 2).map((r) => r.person_id);
      return fig(this, trained.length, 'person', trained);
    },
  },
  {
    key: 'new_activists',
    label: '入党积极分子',
    definition: 'people under O who became activists in Y',
    async compute(c) {
      const rows = await peopleUnder(c)
        .innerJoin('development_steps as d', 'd.person_id', 'p.id')
        .select('p.id')
        .distinct()
        .where('d.stage', '=', 'activist')
        .where('d.date', '>=', c.from)
        .where('d.date', '<=', c.to)
        .execute();
      return fig(
        this,
        rows.length,
        'person',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'new_probationary',
    label: '预备党员',
    definition: 'people under O admitted as probationary members in Y (入党日期 in Y, or a 预备党员 development step in Y)',
    async compute(c) {
      const byJoin = await peopleUnder(c).select('p.id').where('p.join_date', '>=', c.from).where('p.join_date', '<=', c.to).execute();
      const bySteps = await peopleUnder(c)
        .innerJoin('development_steps as d', 'd.person_id', 'p.id')
        .select('p.id')
        .where('d.stage', '=', 'probationary')
        .where('d.date', '>=', c.from)
        .where('d.date', '<=', c.to)
        .execute();
      const ids = unique([...byJoin, ...bySteps].map((r) => r.id));
      return fig(this, ids.length, 'person', ids);
    },
  },
  {
    key: 'honoured_people',
    label: '优秀共产党员、优秀党务工作者',
    definition: 'individual honours of those two categories in Y to people under O',
    async compute(c) {
      const rows = await honoursIn(c, ['优秀共产党员', '优秀党务工作者'], 'person')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .where((eb) => eb.or([eb('p.unit_id', 'in', subtree(c)), eb('p.party_org_id', 'in', subtree(c))]))
        .select('h.id')
        .execute();
      return fig(
        this,
        rows.length,
        'honour',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'honoured_orgs',
    label: '先进基层党组织',
    definition: 'org honours of that category in Y to org units under O',
    async compute(c) {
      const rows = await honoursIn(c, ['先进基层党组织'], 'org').where('h.org_id', 'in', subtree(c)).select('h.id').execute();
      return fig(
        this,
        rows.length,
        'honour',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'ethics_mechanism_schools',
    label: '建立师德师风学习机制的学校',
    definition: 'schools under O with an ethics-study mechanism recorded as in force in Y',
    async compute(c) {
      const rows = await c.exec
        .selectFrom('ethics_mechanisms as m')
        .innerJoin('org_closure as sc', 'sc.descendant_id', 'm.org_id')
        .innerJoin('org_units as s', 's.id', 'sc.ancestor_id')
        .select('s.id')
        .distinct()
        .where('s.kind', 'in', ['school', 'kindergarten'])
        .where('s.id', 'in', subtree(c))
        .where('m.effective_from', '<=', c.to)
        .where((eb) => eb.or([eb('m.effective_to', 'is', null), eb('m.effective_to', '>=', c.from)]))
        .execute();
      return fig(
        this,
        rows.length,
        'org_unit',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'ethics_commended_teachers',
    label: '师德师风优秀教师',
    definition: 'distinct teachers under O with an ethics commendation in Y',
    async compute(c) {
      const rows = await honoursIn(c, ['师德师风优秀教师'], 'person')
        .innerJoin('people as p', 'p.id', 'h.person_id')
        .where((eb) => eb.or([eb('p.unit_id', 'in', subtree(c)), eb('p.party_org_id', 'in', subtree(c))]))
        .select('p.id')
        .distinct()
        .execute();
      return fig(
        this,
        rows.length,
        'person',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'screened_schools',
    label: '开展防沉迷全面排查的学校',
    definition: 'schools under O with a completed online-safety screening in Y',
    async compute(c) {
      const rows = await completedScreenings(c).select('s.org_id').distinct().execute();
      return fig(
        this,
        rows.length,
        'org_unit',
        rows.map((r) => r.org_id),
      );
    },
  },
  {
    key: 'screened_students',
    label: '排查覆盖学生',
    definition: 'students covered by those screenings',
    async compute(c) {
      const rows = await completedScreenings(c).select(['s.id', 's.students_screened']).execute();
      return fig(
        this,
        rows.reduce((n, r) => n + Number(r.students_screened ?? 0), 0),
        'screening',
        rows.map((r) => r.id),
      );
    },
  },
  {
    key: 'red_site_visits',
    label: '红色教育基地打卡',
    definition: 'visits to red-education sites recorded under O in Y',
    async compute(c) {
      const rows = await activitiesIn(c, ['red_site_visit']).select('a.id').execute();
      return fig(
        this,
        rows.length,
        'activity',
        rows.map((r) => r.id),
      );
    },
  },
];

function completedScreenings(c: FigureContext) {
  return c.exec
    .selectFrom('screenings as s')
    .where('s.status', '=', 'completed')
    .where('s.end_date', '>=', c.from)
    .where('s.end_date', '<=', c.to)
    .where('s.org_id', 'in', subtree(c));
}

/** A counted figure; its source ids in ascending order, so the same records always give the same document. */
function fig(def: { label: string; definition: string }, value: number, kind: string, ids: (number | string)[]): Figure<number> {
  const sorted = [...ids].sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
  return { value, label: def.label, definition: def.definition, sources: { kind, ids: sorted } };
}

export async function computeFigures(exec: Executor, orgId: number, year: number): Promise<Record<string, Figure<unknown>>> {
  const c: FigureContext = { exec, orgId, year, from: `${year}-01-01`, to: `${year}-12-31` };
  const out: Record<string, Figure<unknown>> = {};
  for (const f of FIGURES) out[f.key] = await f.compute(c);
  return out;
}
