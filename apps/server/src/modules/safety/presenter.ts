import type { Selectable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type { ParentNoticesTable, PhoneCustodyTable, SafetyCampaignsTable, ScreeningResultsTable } from './tables.ts';
import { type FollowupRow, orgNames, type ScreeningRow, type SpotCheckRow } from './service.ts';

function ids(json: string): number[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : [];
  } catch {
    return [];
  }
}

async function names(exec: Executor, rows: { org_id: number }[]) {
  return orgNames(
    exec,
    rows.map((r) => r.org_id),
  );
}

export async function presentCampaigns(exec: Executor, rows: Selectable<SafetyCampaignsTable>[]) {
  const n = await names(exec, rows);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    year: r.year,
    name: r.name,
    startDate: r.start_date,
    endDate: r.end_date,
    mobilisationActivityId: r.mobilisation_activity_id,
    lessonActivityIds: ids(r.lesson_activity_ids),
    taskId: r.task_id,
    notes: r.notes,
    isDemo: r.is_demo === 1,
    version: r.version,
  }));
}

export async function presentScreenings(exec: Executor, rows: ScreeningRow[]) {
  const n = await names(exec, rows);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    campaignId: r.campaign_id,
    startDate: r.start_date,
    endDate: r.end_date,
    studentsExpected: r.students_expected,
    studentsScreened: r.students_screened,
    issuesFound: r.issues_found,
    issuesResolved: r.issues_resolved,
    status: r.status as 'in_progress' | 'completed',
    isDemo: r.is_demo === 1,
    importBatch: r.import_batch,
    version: r.version,
  }));
}

export function presentResult(r: Selectable<ScreeningResultsTable>) {
  return {
    id: r.id,
    className: r.class_name,
    students: r.students,
    screened: r.screened,
    foundGaming: r.found_gaming,
    foundHarmfulInfo: r.found_harmful_info,
    foundHarmfulApps: r.found_harmful_apps,
    foundOther: r.found_other,
    followUpsOpened: r.follow_ups_opened,
    followUpsClosed: r.follow_ups_closed,
  };
}

/** Display names of the accounts named on follow-ups, so the UI shows people, not account numbers. */
async function userNames(exec: Executor, ids: (number | null)[]): Promise<Map<number, string>> {
  const list = [...new Set(ids.filter((x): x is number => x !== null))];
  if (list.length === 0) return new Map();
  const rows = await exec.selectFrom('users').select(['id', 'display_name']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export async function presentFollowups(exec: Executor, rows: FollowupRow[]) {
  const n = await names(exec, rows);
  const u = await userNames(
    exec,
    rows.flatMap((r) => [r.head_teacher_user_id, r.officer_user_id]),
  );
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    className: r.class_name,
    studentName: r.student_name,
    details: r.details,
    headTeacherUserId: r.head_teacher_user_id,
    headTeacherName: u.get(r.head_teacher_user_id) ?? null,
    officerUserId: r.officer_user_id,
    officerName: r.officer_user_id === null ? null : (u.get(r.officer_user_id) ?? null),
    openedOn: r.opened_on,
    closedOn: r.closed_on,
    retentionUntil: r.retention_until,
    isDemo: r.is_demo === 1,
    version: r.version,
  }));
}

export async function presentCustody(exec: Executor, rows: Selectable<PhoneCustodyTable>[]) {
  const n = await names(exec, rows);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    className: r.class_name,
    date: r.date,
    students: r.students,
    phonesHeld: r.phones_held,
    phonesReturned: r.phones_returned,
    isDemo: r.is_demo === 1,
  }));
}

export async function presentSpotChecks(exec: Executor, rows: SpotCheckRow[]) {
  const n = await names(exec, rows);
  return rows.map((r) => ({
    id: r.id,
    level: r.level as 'school' | 'bureau',
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    checkedOn: r.checked_on,
    checker: r.checker,
    place: r.place,
    findings: r.findings,
    rectifyBy: r.rectify_by,
    rectifiedOn: r.rectified_on,
    result: r.result,
    isDemo: r.is_demo === 1,
    version: r.version,
  }));
}

export async function presentNotices(exec: Executor, rows: Selectable<ParentNoticesTable>[]) {
  const n = await names(exec, rows);
  return rows.map((r) => ({
    id: r.id,
    orgId: r.org_id,
    orgName: n.get(r.org_id) ?? '',
    className: r.class_name,
    date: r.date,
    title: r.title,
    noticesSent: r.notices_sent,
    acksReceived: r.acks_received,
    isDemo: r.is_demo === 1,
  }));
}
