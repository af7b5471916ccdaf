import type {
  ActivityStatus,
  ActivitySummary,
  ActivityTypeView,
  ActivityView,
  CadenceRuleView,
  Period,
  RuleOverride,
  RulePer,
} from '@taizhang/shared/schemas/ledger';
import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ActivitySummaryRow } from './repository.ts';
import { type ActivityRow, type ActivityTypeRow, attendanceCounts, parseFields, parseObject, reviewOrgOf } from './service.ts';
import type { CadenceRulesTable } from './tables.ts';

export function presentType(t: ActivityTypeRow): ActivityTypeView {
  return {
    id: t.id,
    code: t.code,
    name: t.name,
    isStudy: t.is_study === 1,
    category: t.category,
    fields: parseFields(t.fields_json),
    active: t.active === 1,
    sortOrder: t.sort_order,
    version: t.version,
  };
}

export function presentRule(r: Selectable<CadenceRulesTable>, typeNames: Map<string, string>): CadenceRuleView {
  return {
    id: r.id,
    code: r.code,
    typeCode: r.type_code,
    typeName: typeNames.get(r.type_code) ?? r.type_code,
    minCount: r.min_count,
    period: r.period as Period,
    appliesTo: JSON.parse(r.applies_to_json) as string[],
    publicOnly: r.public_only === 1,
    per: r.per as RulePer,
    overrides: JSON.parse(r.overrides_json) as RuleOverride[],
    active: r.active === 1,
    description: r.description,
    version: r.version,
  };
}

async function namesOf(exec: Executor, table: 'org_units' | 'people', ids: (number | null)[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids.filter((x): x is number => x !== null))];
  if (unique.length === 0) return new Map();
  const rows = await exec.selectFrom(table).select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function presentSummaries(exec: Executor, rows: ActivitySummaryRow[]): Promise<ActivitySummary[]> {
  const orgs = await namesOf(
    exec,
    'org_units',
    rows.map((r) => r.org_id),
  );
  const types = new Map((await exec.selectFrom('activity_types').select(['id', 'code', 'name']).execute()).map((t) => [t.id, t]));
  const counts = await attendanceCounts(
    exec,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    orgId: r.org_id,
    orgName: orgs.get(r.org_id) ?? '',
    typeCode: types.get(r.type_id)?.code ?? '',
    typeName: types.get(r.type_id)?.name ?? '',
    date: r.date,
    topic: r.topic,
    status: r.status as ActivityStatus,
    backfill: r.backfill === 1,
    imported: r.imported === 1,
    locked: r.locked === 1,
    expected: counts.get(r.id)?.expected ?? 0,
    present: counts.get(r.id)?.present ?? 0,
    version: r.version,
  }));
}

export async function presentActivity(exec: Executor, row: ActivityRow): Promise<ActivityView> {
  const [summary] = await presentSummaries(exec, [row]);
  const att = await exec
    .selectFrom('activity_attendance as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.person_id', 'a.status', 'a.reason', 'p.name', 'p.code'])
    .where('a.activity_id', '=', row.id)
    .orderBy('p.code')
    .execute();
  const people = await namesOf(exec, 'people', [row.host_person_id, row.recorder_person_id]);
  const counts = (await attendanceCounts(exec, [row.id])).get(row.id) ?? { expected: 0, present: 0, absent: 0, excused: 0 };
  const amendments = await exec.selectFrom('activity_amendments').selectAll().where('activity_id', '=', row.id).orderBy('id').execute();
  return {
    ...summary,
    startTime: row.start_time,
    place: row.place,
    hostPersonId: row.host_person_id,
    hostName: row.host_person_id === null ? null : (people.get(row.host_person_id) ?? null),
    speaker: row.speaker,
    recorderPersonId: row.recorder_person_id,
    recorderName: row.recorder_person_id === null ? null : (people.get(row.recorder_person_id) ?? null),
    minutesHtml: row.minutes_html,
    guests: row.guests,
    participantCount: row.participant_count,
    extra: parseObject(row.extra_json),
    attendance: counts,
    attendees: att.map((a) => ({ personId: a.person_id, name: a.name, code: a.code, status: a.status as 'present', reason: a.reason })),
    reviewOrgId: await reviewOrgOf(exec, row.org_id),
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    reviewComment: row.review_comment,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    amendments: amendments.map((a) => ({
      id: a.id,
      changes: parseObject(a.changes_json) as Record<string, { from: unknown; to: unknown }>,
      reason: a.reason,
      by: a.by_user_id,
      byName: a.by_name,
      at: a.at,
    })),
  };
}
