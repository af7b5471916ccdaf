import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { type Actor, scopeOf } from '../../platform/access/actor.ts';
import { assertCan, scopeSubquery } from '../../platform/access/scope.ts';
import { chinaDate } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { like } from '../../platform/sql.ts';
import type { SafetyFollowupsTable, ScreeningsTable, SpotChecksTable } from './tables.ts';

export type FollowupRow = Selectable<SafetyFollowupsTable>;
export type ScreeningRow = Selectable<ScreeningsTable>;
export type SpotCheckRow = Selectable<SpotChecksTable>;

export const SCHOOL_KINDS = ['school', 'kindergarten'];

export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

export async function orgNames(exec: Executor, ids: readonly number[]): Promise<Map<number, string>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('org_units').select(['id', 'name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** The org must exist (validation error naming the field otherwise). */
export async function requireOrg(exec: Executor, id: number, field = 'body.orgId') {
  const org = await exec.selectFrom('org_units').select(['id', 'name', 'kind', 'parent_id']).where('id', '=', id).executeTakeFirst();
  if (!org) throw validation([{ field, message: '组织不存在 / no such org unit' }]);
  return org;
}

export async function requireSchool(exec: Executor, id: number, field = 'body.orgId') {
  const org = await requireOrg(exec, id, field);
  if (!SCHOOL_KINDS.includes(org.kind)) throw validation([{ field, message: '须为学校或幼儿园 / must be a school or kindergarten' }]);
  return org;
}

/** For query filters: an org that does not exist is 404, one outside reach is 404, one in reach without the ability 403. */
export async function checkOrgQuery(exec: Executor, actor: Actor, orgId: number, ability: 'safety.read' | 'safety.manage' | 'safety.case') {
  if (!(await exec.selectFrom('org_units').select('id').where('id', '=', orgId).executeTakeFirst())) throw new AppError('not_found');
  await assertCan(exec, actor, ability, orgId);
}

export function subtreeOf(exec: Executor, orgId: number) {
  return exec.selectFrom('org_closure').select('descendant_id').where('ancestor_id', '=', orgId);
}

// ---------------------------------------------------------------- rules

export function screeningProblems(s: {
  startDate: string;
  endDate: string | null;
  status: string;
  studentsExpected: number;
  studentsScreened: number;
  issuesFound: number;
  issuesResolved: number;
}): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (s.endDate && s.endDate < s.startDate) out.push({ field: 'body.endDate', message: '完成日期早于开始日期 / ends before it starts' });
  if (s.status === 'completed' && !s.endDate)
    out.push({ field: 'body.endDate', message: '已完成的排查须填写完成日期 / a completed screening needs an end date' });
  if (s.studentsScreened > s.studentsExpected)
    out.push({ field: 'body.studentsScreened', message: '实际排查学生数超过应排查学生数 / more screened than expected' });
  if (s.issuesResolved > s.issuesFound) out.push({ field: 'body.issuesResolved', message: '已解决问题数超过发现问题数 / more resolved than found' });
  return out;
}

export function resultProblems(r: { students: number; screened: number; followUpsOpened: number; followUpsClosed: number }, prefix: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (r.screened > r.students) out.push({ field: `${prefix}.screened`, message: '排查人数超过班级人数 / more screened than students' });
  if (r.followUpsClosed > r.followUpsOpened) out.push({ field: `${prefix}.followUpsClosed`, message: '结案数超过立案数 / more closed than opened' });
  return out;
}

export function custodyProblems(c: { students: number; phonesHeld: number; phonesReturned: number }): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (c.phonesHeld > c.students) out.push({ field: 'body.phonesHeld', message: '代管手机数超过学生数 / more phones than students' });
  if (c.phonesReturned > c.phonesHeld) out.push({ field: 'body.phonesReturned', message: '归还数超过代管数 / more returned than held' });
  return out;
}

// ---------------------------------------------------------------- follow-ups (restricted)

/**
 * Follow-ups the actor may see: those naming them head teacher or officer, and those in the reach of their
 * safety.case grants. Nobody else (committee administrators included) sees any.
 */
export function visibleFollowups(exec: Executor, actor: Actor) {
  const scope = scopeOf(actor, 'safety.case');
  const q = exec.selectFrom('safety_followups as f').where('f.deleted_at', 'is', null);
  if (scope.all) return q;
  return q.where((eb) =>
    eb.or([eb('f.org_id', 'in', scopeSubquery(exec, scope)), eb('f.head_teacher_user_id', '=', actor.userId), eb('f.officer_user_id', '=', actor.userId)]),
  );
}

export async function loadFollowupFor(exec: Executor, actor: Actor, id: number): Promise<FollowupRow> {
  const row = await visibleFollowups(exec, actor).selectAll('f').where('f.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function checkUsers(exec: Executor, ids: { field: string; id: number | null | undefined }[]) {
  for (const { field, id } of ids) {
    if (id == null) continue;
    const u = await exec.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
    if (!u) throw validation([{ field, message: '用户不存在 / no such user' }]);
  }
}

/**
 * Accounts that can be named head teacher or officer on a follow-up of a school: active accounts holding a grant in
 * the school's subtree, or linked to a person who works or is a member there. Names only, at most 50.
 */
export async function followupStaff(exec: Executor, orgId: number, q: string | undefined) {
  let query = exec
    .selectFrom('users as u')
    .select(['u.id', 'u.username', 'u.display_name'])
    .where('u.disabled', '=', 0)
    .where((eb) =>
      eb.or([
        eb('u.id', 'in', exec.selectFrom('grants').select('user_id').where('org_id', 'in', subtreeOf(exec, orgId))),
        eb(
          'u.person_id',
          'in',
          exec
            .selectFrom('people')
            .select('id')
            .where((p) => p.or([p('unit_id', 'in', subtreeOf(exec, orgId)), p('party_org_id', 'in', subtreeOf(exec, orgId))])),
        ),
      ]),
    );
  if (q) query = query.where((eb) => eb.or([like('u.display_name', q), like('u.username', q)]));
  const rows = await query.orderBy('u.display_name').orderBy('u.id').limit(50).execute();
  return rows.map((r) => ({ id: r.id, username: r.username, displayName: r.display_name }));
}

/** What the audit trail keeps of a follow-up: never the student's name, class or details. */
export function followupAuditView(row: FollowupRow) {
  return {
    id: row.id,
    orgId: row.org_id,
    headTeacherUserId: row.head_teacher_user_id,
    officerUserId: row.officer_user_id,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    retentionUntil: row.retention_until,
    version: row.version,
  };
}

/**
 * Retention purge: hard-deletes every closed follow-up whose retention_until is before `now`'s China date (a record
 * is kept through its retention day), blanking the personal fields first, and records each deletion in the audit
 * trail without personal data. Idempotent; the jobs scheduler and `taizhang safety purge` call it.
 */
export async function purgeExpiredFollowups(ctx: AppContext, now: Date, actorName = 'system:retention'): Promise<{ deleted: number; ids: number[] }> {
  const today = chinaDate(now);
  return ctx.db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('safety_followups')
      .select(['id', 'org_id', 'opened_on', 'closed_on', 'retention_until'])
      .where('closed_on', 'is not', null)
      .where('retention_until', 'is not', null)
      .where('retention_until', '<', today)
      .orderBy('id')
      .execute();
    if (due.length === 0) return { deleted: 0, ids: [] };
    const ids = due.map((d) => d.id);
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx.updateTable('safety_followups').set({ student_name: '', details: '', class_name: '' }).where('id', 'in', chunk).execute();
      await trx.deleteFrom('safety_followups').where('id', 'in', chunk).execute();
    }
    for (const d of due) {
      await ctx.audit.write(trx, {
        at: now.toISOString(),
        actorId: null,
        actorName,
        action: 'safety_followup.purge',
        entityType: 'safety_followup',
        entityId: d.id,
        orgId: d.org_id,
        result: 'ok',
        after: { openedOn: d.opened_on, closedOn: d.closed_on, retentionUntil: d.retention_until, purgedOn: today },
      });
    }
    return { deleted: due.length, ids };
  });
}

// ---------------------------------------------------------------- coverage

export interface CoverageFiguresT {
  schools: number;
  schoolsScreened: number;
  studentsExpected: number;
  studentsScreened: number;
  issuesFound: number;
  issuesResolved: number;
}

const zero = (): CoverageFiguresT => ({ schools: 0, schoolsScreened: 0, studentsExpected: 0, studentsScreened: 0, issuesFound: 0, issuesResolved: 0 });

/**
 * Screening coverage of a unit's subtree in a year, in total and per direct child (each child's whole subtree):
 * schools and kindergartens (active), those with a completed screening ending in the year, students expected and
 * screened, issues found and resolved (sums over those completed screenings).
 */
export async function coverage(exec: Executor, orgId: number, year: number) {
  const { from, to } = yearRange(year);
  const children = await exec.selectFrom('org_units').select(['id', 'name']).where('parent_id', '=', orgId).where('active', '=', 1).orderBy('code').execute();
  // descendant → the child of orgId whose subtree holds it (orgId itself maps to none)
  const owner = new Map<number, number>();
  if (children.length) {
    const links = await exec
      .selectFrom('org_closure')
      .select(['ancestor_id', 'descendant_id'])
      .where(
        'ancestor_id',
        'in',
        children.map((c) => c.id),
      )
      .execute();
    for (const l of links) owner.set(l.descendant_id, l.ancestor_id);
  }
  const schools = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select('o.id')
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', SCHOOL_KINDS)
    .where('o.active', '=', 1)
    .execute();
  const screenings = await exec
    .selectFrom('screenings as s')
    .select(['s.org_id', 's.students_expected', 's.students_screened', 's.issues_found', 's.issues_resolved'])
    .where('s.status', '=', 'completed')
    .where('s.end_date', '>=', from)
    .where('s.end_date', '<=', to)
    .where('s.org_id', 'in', subtreeOf(exec, orgId))
    .execute();
  const totals = zero();
  const perChild = new Map(children.map((c) => [c.id, zero()]));
  const screenedSchools = { all: new Set<number>(), byChild: new Map<number, Set<number>>() };
  for (const s of schools) {
    totals.schools++;
    const ch = owner.get(s.id);
    if (ch !== undefined) (perChild.get(ch) as CoverageFiguresT).schools++;
  }
  for (const s of screenings) {
    const targets = [totals];
    const ch = owner.get(s.org_id);
    if (ch !== undefined) targets.push(perChild.get(ch) as CoverageFiguresT);
    for (const t of targets) {
      t.studentsExpected += Number(s.students_expected);
      t.studentsScreened += Number(s.students_screened);
      t.issuesFound += Number(s.issues_found);
      t.issuesResolved += Number(s.issues_resolved);
    }
    screenedSchools.all.add(s.org_id);
    if (ch !== undefined) {
      const set = screenedSchools.byChild.get(ch) ?? new Set<number>();
      set.add(s.org_id);
      screenedSchools.byChild.set(ch, set);
    }
  }
  totals.schoolsScreened = screenedSchools.all.size;
  for (const [ch, set] of screenedSchools.byChild) (perChild.get(ch) as CoverageFiguresT).schoolsScreened = set.size;
  return {
    totals,
    children: children.map((c) => ({ orgId: c.id, orgName: c.name, ...(perChild.get(c.id) as CoverageFiguresT) })),
  };
}

// ---------------------------------------------------------------- spot checks

export interface LevelSummaryT {
  checks: number;
  withFindings: number;
  rectified: number;
  open: number;
  overdue: number;
}

/** School-level and bureau-level checks side by side for each school under a unit. */
export async function spotCheckSummary(exec: Executor, orgId: number, year: number | undefined, today: string) {
  const schools = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.descendant_id')
    .select(['o.id', 'o.name'])
    .where('c.ancestor_id', '=', orgId)
    .where('o.kind', 'in', SCHOOL_KINDS)
    .orderBy('o.code')
    .execute();
  let q = exec.selectFrom('spot_checks').selectAll().where('org_id', 'in', subtreeOf(exec, orgId));
  if (year !== undefined) {
    const { from, to } = yearRange(year);
    q = q.where('checked_on', '>=', from).where('checked_on', '<=', to);
  }
  const checks = await q.execute();
  const mk = (): LevelSummaryT => ({ checks: 0, withFindings: 0, rectified: 0, open: 0, overdue: 0 });
  const by = new Map(schools.map((s) => [s.id, { school: mk(), bureau: mk() }]));
  for (const c of checks) {
    const entry = by.get(c.org_id);
    if (!entry) continue;
    const s = c.level === 'bureau' ? entry.bureau : entry.school;
    s.checks++;
    if (c.findings.trim()) s.withFindings++;
    if (c.rectified_on) s.rectified++;
    else if (c.rectify_by) {
      s.open++;
      if (c.rectify_by < today) s.overdue++;
    }
  }
  return schools.map((s) => ({ orgId: s.id, orgName: s.name, ...(by.get(s.id) as { school: LevelSummaryT; bureau: LevelSummaryT }) }));
}
