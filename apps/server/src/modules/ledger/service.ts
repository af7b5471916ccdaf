import { randomUUID } from 'node:crypto';
import type { Ability } from '@taizhang/shared';
import type { AmendBody, CreateActivityBody, ExtraField, ReviewBody, UpdateActivityBody } from '@taizhang/shared/schemas/ledger';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/database.ts';
import type { Actor } from '../../platform/access/actor.ts';
import { allowedOrgIds, assertCan } from '../../platform/access/scope.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import { recordChanged } from '../../platform/events.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError, type FieldProblem, validation } from '../../platform/errors.ts';
import { addDays } from './cadence.ts';
import { sanitizeHtml } from './sanitize.ts';
import type { ActivitiesTable, ActivityTypesTable } from './tables.ts';

export type ActivityRow = Selectable<ActivitiesTable>;
export type ActivityTypeRow = Selectable<ActivityTypesTable>;
type AttendeeIn = { personId: number; status: 'present' | 'absent' | 'excused'; reason?: string | null };

export const PARTY_KINDS = ['committee', 'general_branch', 'branch', 'party_group'];
export const SECRETARY_POSTS = ['党支部书记', '党总支书记', '党委书记'];

export function parseFields(json: string): ExtraField[] {
  try {
    return JSON.parse(json) as ExtraField[];
  } catch {
    return [];
  }
}
export function parseObject(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export async function typeByCode(exec: Executor, code: string, field = 'body.typeCode'): Promise<ActivityTypeRow> {
  const t = await exec.selectFrom('activity_types').selectAll().where('code', '=', code).executeTakeFirst();
  if (!t) throw validation([{ field, message: `活动类型 ${code} 不存在 / no such activity type` }]);
  return t;
}

/**
 * "The level above" that reviews a record: the nearest party org (committee, general branch, branch) strictly
 * above the record's org, skipping schools and kindergartens (a branch under a school is reviewed by the committee,
 * a branch under a general branch by the general branch). The top of the tree reviews its own records.
 */
export async function reviewOrgOf(exec: Executor, orgId: number): Promise<number> {
  const row = await exec
    .selectFrom('org_closure as c')
    .innerJoin('org_units as o', 'o.id', 'c.ancestor_id')
    .select('o.id')
    .where('c.descendant_id', '=', orgId)
    .where('c.depth', '>', 0)
    .where('o.kind', 'in', ['committee', 'general_branch', 'branch'])
    .orderBy('c.depth', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? orgId;
}

/** Members of a party org's roster at a date (people whose party org it is, joined on or before the date). */
export async function rosterAt(exec: Executor, orgId: number, date: string): Promise<number[]> {
  const rows = await exec
    .selectFrom('people')
    .select('id')
    .where('party_org_id', '=', orgId)
    .where('active', '=', 1)
    .where('join_date', 'is not', null)
    .where('join_date', '<=', date)
    .where((eb) => eb.or([eb('left_date', 'is', null), eb('left_date', '>', date)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** People must exist and (when an actor is given) be within the actor's people.read reach. */
async function checkPeople(exec: Executor, actor: Actor | null, ids: number[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = new Map<number, { unit_id: number | null; party_org_id: number | null }>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await exec
      .selectFrom('people')
      .select(['id', 'unit_id', 'party_org_id'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.id, r);
  }
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw validation([{ field, message: `人员不存在 / no such person: ${missing.slice(0, 5).join(',')}` }]);
  if (!actor) return;
  const orgs = [...found.values()].flatMap((p) => [p.unit_id, p.party_org_id]).filter((x): x is number => x !== null);
  const allowed = await allowedOrgIds(exec, actor, 'people.read', orgs);
  const outside = [...found.entries()].filter(
    ([, p]) => !(p.unit_id !== null && allowed.has(p.unit_id)) && !(p.party_org_id !== null && allowed.has(p.party_org_id)),
  );
  if (outside.length)
    throw validation([
      {
        field,
        message: `人员不存在 / no such person: ${outside
          .map(([id]) => id)
          .slice(0, 5)
          .join(',')}`,
      },
    ]);
}

/** Validates and normalises the type's extra fields; speaker/title/participant count mirror their columns. */
function normaliseExtra(
  type: ActivityTypeRow,
  input: { extra?: Record<string, string | number>; speaker?: string | null; topic?: string; participantCount?: number | null },
  prefix: string,
): { extra: Record<string, string | number>; speaker: string | null | undefined; participantCount: number | null | undefined } {
  const fields = parseFields(type.fields_json);
  const extra: Record<string, string | number> = {};
  const given = input.extra ?? {};
  let speaker = input.speaker;
  let participantCount = input.participantCount;
  const problems: FieldProblem[] = [];
  for (const f of fields) {
    let v: string | number | undefined = given[f.key];
    if (v === undefined && f.key === 'speaker' && speaker) v = speaker;
    if (v === undefined && f.key === 'title' && input.topic) v = input.topic;
    if (v === undefined && f.key === 'participantCount' && participantCount != null) v = participantCount;
    if (v === undefined || v === '') {
      if (f.required) problems.push({ field: `${prefix}extra.${f.key}`, message: `请填写${f.label} / ${f.key} is required` });
      continue;
    }
    if (f.type === 'number' && (typeof v !== 'number' || !Number.isFinite(v))) {
      const n = Number(v);
      if (!Number.isFinite(n)) {
        problems.push({ field: `${prefix}extra.${f.key}`, message: `${f.label}应为数字 / must be a number` });
        continue;
      }
      v = n;
    }
    if (f.type === 'select' && f.options && !f.options.includes(String(v))) {
      problems.push({ field: `${prefix}extra.${f.key}`, message: `${f.label}应为 ${f.options.join('/')} 之一 / not an allowed option` });
      continue;
    }
    extra[f.key] = v;
  }
  // Keep any other keys the client sent (forms may carry more than the type declares), as strings/numbers.
  for (const [k, v] of Object.entries(given)) if (!(k in extra) && /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/.test(k)) extra[k] = v;
  if (problems.length) throw validation(problems);
  if (typeof extra.speaker === 'string' && !speaker) speaker = extra.speaker;
  if (typeof extra.participantCount === 'number' && participantCount == null) participantCount = extra.participantCount;
  return { extra, speaker, participantCount };
}

export interface CreateOptions {
  isDemo?: boolean;
  imported?: boolean;
  importBatch?: string | null;
  code?: string;
}

export async function createActivity(
  ctx: AppContext,
  exec: Executor,
  actor: Actor | null,
  input: z.infer<typeof CreateActivityBody>,
  opts: CreateOptions = {},
): Promise<ActivityRow> {
  const org = await exec.selectFrom('org_units').select(['id', 'kind']).where('id', '=', input.orgId).executeTakeFirst();
  if (!org) throw validation([{ field: 'body.orgId', message: '组织不存在 / no such org unit' }]);
  if (actor) await assertCan(exec, actor, 'ledger.write', input.orgId);
  const type = await typeByCode(exec, input.typeCode);
  if (type.active !== 1) throw validation([{ field: 'body.typeCode', message: '该活动类型已停用 / activity type is disabled' }]);
  const { extra, speaker, participantCount } = normaliseExtra(type, input, 'body.');
  const today = chinaDate(ctx.clock.now());
  if (input.submit && input.date > today)
    throw validation([{ field: 'body.date', message: '不能提交未来日期的记录 / cannot submit a record dated in the future' }]);
  const people = [input.hostPersonId, input.recorderPersonId].filter((x): x is number => x != null);
  await checkPeople(exec, actor, people, 'body.hostPersonId');
  let attendees: AttendeeIn[];
  if (input.attendees) {
    attendees = dedupe(input.attendees);
    await checkPeople(
      exec,
      actor,
      attendees.map((a) => a.personId),
      'body.attendees',
    );
  } else {
    attendees = (await rosterAt(exec, input.orgId, input.date)).map((personId) => ({ personId, status: 'present' as const }));
  }
  const now = iso(ctx.clock.now());
  const imported = opts.imported === true;
  const status = imported ? 'approved' : input.submit ? 'submitted' : 'draft';
  const row = await exec
    .insertInto('activities')
    .values({
      code: opts.code ?? `tmp-${randomUUID()}`,
      org_id: input.orgId,
      type_id: type.id,
      date: input.date,
      start_time: input.startTime ?? null,
      place: input.place ?? null,
      host_person_id: input.hostPersonId ?? null,
      speaker: speaker ?? null,
      recorder_person_id: input.recorderPersonId ?? null,
      topic: input.topic,
      minutes_html: input.minutesHtml ? sanitizeHtml(input.minutesHtml) : null,
      guests: input.guests ?? null,
      participant_count: participantCount ?? null,
      extra_json: JSON.stringify(extra),
      status,
      backfill: !imported && isBackfill(input.date, today, ctx.config.BACKFILL_DAYS) ? 1 : 0,
      imported: imported ? 1 : 0,
      import_batch: opts.importBatch ?? null,
      locked: imported ? 1 : 0,
      reviewed_by: null,
      reviewed_at: null,
      review_comment: null,
      submitted_at: status === 'submitted' ? now : null,
      is_demo: opts.isDemo ? 1 : 0,
      created_by: actor?.userId ?? null,
      created_at: now,
      updated_at: now,
      version: 1,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  let saved = row;
  if (!opts.code) {
    saved = await exec
      .updateTable('activities')
      .set({ code: `HD${String(row.id).padStart(7, '0')}` })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  await writeAttendance(exec, row.id, attendees);
  // Submitted at once: it counts from now on, like a draft submitted later.
  if (status === 'submitted') await ledgerChanged(ctx, exec, row.id);
  return saved;
}

export function isBackfill(date: string, today: string, backfillDays: number): boolean {
  return date < addDays(today, -backfillDays);
}

function dedupe(list: { personId: number; status?: 'present' | 'absent' | 'excused'; reason?: string | null }[]): AttendeeIn[] {
  const m = new Map<number, AttendeeIn>();
  for (const a of list) m.set(a.personId, { personId: a.personId, status: a.status ?? 'present', reason: a.reason ?? null });
  return [...m.values()];
}

export async function writeAttendance(exec: Executor, activityId: number, attendees: AttendeeIn[]): Promise<void> {
  await exec.deleteFrom('activity_attendance').where('activity_id', '=', activityId).execute();
  for (let i = 0; i < attendees.length; i += 300) {
    await exec
      .insertInto('activity_attendance')
      .values(attendees.slice(i, i + 300).map((a) => ({ activity_id: activityId, person_id: a.personId, status: a.status, reason: a.reason ?? null })))
      .execute();
  }
}

/** A record the actor may act on with `ability`: 404 outside reach, 403 in reach without it. */
export async function loadActivityFor(exec: Executor, actor: Actor, id: number, ability: Ability): Promise<ActivityRow> {
  const row = await exec.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  await assertCan(exec, actor, ability, row.org_id);
  return row;
}

function checkVersion(row: ActivityRow, version: number): void {
  if (row.version !== version) throw new AppError('conflict', { currentVersion: row.version });
}

async function saveVersioned(exec: Executor, row: ActivityRow, set: Partial<Omit<ActivitiesTable, 'id'>>, now: string): Promise<ActivityRow> {
  const after = await exec
    .updateTable('activities')
    .set({ ...set, updated_at: now, version: row.version + 1 })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .returningAll()
    .executeTakeFirst();
  if (!after) throw new AppError('conflict');
  return after;
}

const EDITABLE = new Set(['draft', 'returned']);

export async function updateActivity(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof UpdateActivityBody>) {
  const before = await loadActivityFor(exec, actor, id, 'ledger.write');
  checkVersion(before, input.version);
  if (!EDITABLE.has(before.status)) {
    throw new AppError('conflict', {
      reason: before.locked ? '记录已锁定，请以更正方式修改 / the record is locked: amend it' : '记录已提交，待审核 / the record is awaiting review',
      status: before.status,
    });
  }
  const set = await changesToColumns(ctx, exec, actor, before, input, 'body.');
  const after = await saveVersioned(exec, before, set.columns, iso(ctx.clock.now()));
  if (set.attendees) await writeAttendance(exec, id, set.attendees);
  return { before, after };
}

type ChangeInput = Omit<z.infer<typeof UpdateActivityBody>, 'version'>;

async function changesToColumns(ctx: AppContext, exec: Executor, actor: Actor, before: ActivityRow, input: ChangeInput, prefix: string) {
  const type = input.typeCode
    ? await typeByCode(exec, input.typeCode, `${prefix}typeCode`)
    : await exec.selectFrom('activity_types').selectAll().where('id', '=', before.type_id).executeTakeFirstOrThrow();
  const columns: Partial<Omit<ActivitiesTable, 'id'>> = {};
  if (input.typeCode) columns.type_id = type.id;
  if (input.date !== undefined) {
    columns.date = input.date;
    if (before.imported === 0) columns.backfill = isBackfill(input.date, chinaDate(new Date(before.created_at)), ctx.config.BACKFILL_DAYS) ? 1 : 0;
  }
  if (input.startTime !== undefined) columns.start_time = input.startTime;
  if (input.place !== undefined) columns.place = input.place;
  if (input.hostPersonId !== undefined) columns.host_person_id = input.hostPersonId;
  if (input.recorderPersonId !== undefined) columns.recorder_person_id = input.recorderPersonId;
  if (input.topic !== undefined) columns.topic = input.topic;
  if (input.minutesHtml !== undefined) columns.minutes_html = input.minutesHtml ? sanitizeHtml(input.minutesHtml) : null;
  if (input.guests !== undefined) columns.guests = input.guests;
  if (input.speaker !== undefined) columns.speaker = input.speaker;
  if (input.participantCount !== undefined) columns.participant_count = input.participantCount;
  if (input.extra !== undefined || input.typeCode !== undefined) {
    const n = normaliseExtra(
      type,
      {
        extra: (input.extra ?? parseObject(before.extra_json)) as Record<string, string | number>,
        speaker: input.speaker !== undefined ? input.speaker : before.speaker,
        topic: input.topic ?? before.topic,
        participantCount: input.participantCount !== undefined ? input.participantCount : before.participant_count,
      },
      prefix,
    );
    columns.extra_json = JSON.stringify(n.extra);
    if (n.speaker !== undefined) columns.speaker = n.speaker;
    if (n.participantCount !== undefined) columns.participant_count = n.participantCount;
  }
  await checkPeople(
    exec,
    actor,
    [input.hostPersonId, input.recorderPersonId].filter((x): x is number => x != null),
    `${prefix}hostPersonId`,
  );
  let attendees: AttendeeIn[] | null = null;
  if (input.attendees) {
    attendees = dedupe(input.attendees);
    await checkPeople(
      exec,
      actor,
      attendees.map((a) => a.personId),
      `${prefix}attendees`,
    );
  }
  return { columns, attendees };
}

export async function submitActivity(ctx: AppContext, exec: Executor, actor: Actor, id: number, version: number) {
  const before = await loadActivityFor(exec, actor, id, 'ledger.write');
  checkVersion(before, version);
  if (!EDITABLE.has(before.status))
    throw new AppError('conflict', { reason: '只有草稿或退回的记录可以提交 / only drafts and returned records can be submitted', status: before.status });
  const now = ctx.clock.now();
  if (before.date > chinaDate(now)) throw validation([{ field: 'body.date', message: '不能提交未来日期的记录 / cannot submit a record dated in the future' }]);
  const after = await saveVersioned(exec, before, { status: 'submitted', submitted_at: iso(now) }, iso(now));
  await ledgerChanged(ctx, exec, after.id);
  return { before, after };
}

/** The people a record counts for: its host and its present attendees. */
async function countedPeople(exec: Executor, id: number, hostPersonId: number | null): Promise<number[]> {
  const present = await exec.selectFrom('activity_attendance').select('person_id').where('activity_id', '=', id).where('status', '=', 'present').execute();
  return [...new Set([...present.map((p) => p.person_id), ...(hostPersonId ? [hostPersonId] : [])])];
}

/**
 * Tells the measuring modules (duties) that a counted record changed: its org, date, host and attendees, and
 * `formerPeople` (whom it counted for before an amendment: a removed attendee's duty loses the record).
 */
async function ledgerChanged(ctx: AppContext, exec: Executor, id: number, formerPeople: number[] = []): Promise<void> {
  const a = await exec
    .selectFrom('activities as a')
    .innerJoin('activity_types as t', 't.id', 'a.type_id')
    .select(['a.org_id', 'a.date', 'a.host_person_id', 't.code as type_code'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!a) return;
  const personIds = [...new Set([...(await countedPeople(exec, id, a.host_person_id)), ...formerPeople])];
  await recordChanged(ctx, exec, { source: 'ledger', orgIds: [a.org_id], date: a.date, personIds, typeCode: a.type_code });
}

export async function reviewActivity(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof ReviewBody>) {
  const before = await loadActivityFor(exec, actor, id, 'ledger.read');
  const reviewOrg = await reviewOrgOf(exec, before.org_id);
  // The reviewer must hold ledger.review at the level above (404 if the record is outside reach was checked above).
  const allowed = await allowedOrgIds(exec, actor, 'ledger.review', [reviewOrg]);
  if (!allowed.has(reviewOrg)) throw new AppError('forbidden', { ability: 'ledger.review', reviewOrgId: reviewOrg });
  checkVersion(before, input.version);
  if (before.status !== 'submitted')
    throw new AppError('conflict', { reason: '只有已提交的记录可以审核 / only submitted records can be reviewed', status: before.status });
  if (input.decision === 'return' && !input.comment)
    throw validation([{ field: 'body.comment', message: '退回须填写意见 / a comment is required to return a record' }]);
  const now = iso(ctx.clock.now());
  const after = await saveVersioned(
    exec,
    before,
    {
      status: input.decision === 'approve' ? 'approved' : 'returned',
      locked: input.decision === 'approve' ? 1 : 0,
      reviewed_by: actor.userId,
      reviewed_at: now,
      review_comment: input.comment ?? null,
    },
    now,
  );
  // A returned record stops counting until it is resubmitted.
  if (input.decision === 'return') await ledgerChanged(ctx, exec, after.id);
  return { before, after };
}

const AMENDABLE_COLUMNS: Record<string, Exclude<keyof ActivitiesTable, 'id'>> = {
  date: 'date',
  startTime: 'start_time',
  place: 'place',
  hostPersonId: 'host_person_id',
  speaker: 'speaker',
  recorderPersonId: 'recorder_person_id',
  topic: 'topic',
  minutesHtml: 'minutes_html',
  guests: 'guests',
  participantCount: 'participant_count',
  extra: 'extra_json',
};

/** A correction to a locked record: applied with its reason and a field-by-field history; never silent. */
export async function amendActivity(ctx: AppContext, exec: Executor, actor: Actor, id: number, input: z.infer<typeof AmendBody>) {
  const before = await loadActivityFor(exec, actor, id, 'ledger.write');
  checkVersion(before, input.version);
  if (before.locked !== 1) throw new AppError('conflict', { reason: '未锁定的记录请直接修改 / only locked records are amended; edit this one' });
  const { attendees: _a, ...scalar } = input.changes;
  const set = await changesToColumns(ctx, exec, actor, before, input.changes, 'body.changes.');
  // Backfill status stays as first entered: an amendment corrects the record, not when it was entered.
  delete set.columns.backfill;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(scalar)) {
    const col = AMENDABLE_COLUMNS[key];
    if (!col) continue;
    const from = col === 'extra_json' ? parseObject(before.extra_json) : before[col];
    const toRaw = set.columns[col];
    const to = col === 'extra_json' ? parseObject(toRaw as string) : toRaw;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  if (set.attendees) {
    const old = await exec.selectFrom('activity_attendance').select(['person_id', 'status']).where('activity_id', '=', id).orderBy('person_id').execute();
    const from = old.map((o) => ({ personId: o.person_id, status: o.status }));
    const to = [...set.attendees].sort((a, b) => a.personId - b.personId).map((a) => ({ personId: a.personId, status: a.status }));
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.attendees = { from, to };
  }
  if (Object.keys(changes).length === 0) throw validation([{ field: 'body.changes', message: '没有实际更改 / nothing changes' }]);
  const formerPeople = await countedPeople(exec, id, before.host_person_id);
  const now = iso(ctx.clock.now());
  const after = await saveVersioned(exec, before, set.columns, now);
  if (set.attendees && changes.attendees) await writeAttendance(exec, id, set.attendees);
  const amendment = await exec
    .insertInto('activity_amendments')
    .values({ activity_id: id, changes_json: JSON.stringify(changes), reason: input.reason, by_user_id: actor.userId, by_name: actor.displayName, at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ledgerChanged(ctx, exec, id, formerPeople);
  // Moved to another year: that year's duties lose it.
  if (before.date.slice(0, 4) !== after.date.slice(0, 4))
    await recordChanged(ctx, exec, { source: 'ledger', orgIds: [before.org_id], date: before.date, personIds: formerPeople });
  return { before, after, changes, amendmentId: amendment.id };
}

export async function deleteDraft(exec: Executor, actor: Actor, id: number) {
  const row = await loadActivityFor(exec, actor, id, 'ledger.write');
  if (row.status !== 'draft') throw new AppError('conflict', { reason: '只能删除草稿 / only drafts can be deleted', status: row.status });
  await exec.deleteFrom('activity_attendance').where('activity_id', '=', id).execute();
  await exec.deleteFrom('activities').where('id', '=', id).execute();
  return row;
}

/** Attendance counts per activity (应到 = listed, 实到 = present), one GROUP BY query. */
export async function attendanceCounts(
  exec: Executor,
  ids: number[],
): Promise<Map<number, { expected: number; present: number; absent: number; excused: number }>> {
  const out = new Map<number, { expected: number; present: number; absent: number; excused: number }>();
  for (const id of ids) out.set(id, { expected: 0, present: 0, absent: 0, excused: 0 });
  if (ids.length === 0) return out;
  const rows = await exec
    .selectFrom('activity_attendance')
    .select(['activity_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('activity_id', 'in', ids)
    .groupBy(['activity_id', 'status'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.activity_id);
    if (!c) continue;
    const n = Number(r.n);
    c.expected += n;
    if (r.status === 'present') c.present += n;
    else if (r.status === 'absent') c.absent += n;
    else if (r.status === 'excused') c.excused += n;
  }
  return out;
}
