import type { AssignmentStatus, FormField } from '@taizhang/shared/schemas/tasks';
import type { Executor } from '../../db/database.ts';
import type { AssignmentRow, TaskRow } from './service.ts';
import { isOverdue } from './state.ts';

type Counts = { total: number; notStarted: number; submitted: number; returned: number; accepted: number; overdue: number };

export async function orgNameMap(exec: Executor, ids: number[]): Promise<Map<number, string>> {
  const unique = [...new Set(ids)];
  const out = new Map<number, string>();
  for (let i = 0; i < unique.length; i += 500) {
    for (const r of await exec
      .selectFrom('org_units')
      .select(['id', 'name'])
      .where('id', 'in', unique.slice(i, i + 500))
      .execute())
      out.set(r.id, r.name);
  }
  return out;
}

export function presentTask(t: TaskRow, names: Map<number, string>, counts: Counts | undefined) {
  return {
    id: t.id,
    title: t.title,
    requirementsHtml: t.requirements_html,
    issuingOrgId: t.issuing_org_id,
    issuingOrgName: names.get(t.issuing_org_id) ?? '',
    deadline: t.deadline,
    form: JSON.parse(t.form_json) as FormField[],
    evidenceRequired: t.evidence_required === 1,
    attachments: JSON.parse(t.attachments_json) as string[],
    periodStart: t.period_start,
    periodEnd: t.period_end,
    recurringTemplateId: t.recurring_template_id,
    status: t.status,
    createdAt: t.created_at,
    version: t.version,
    counts: counts ?? { total: 0, notStarted: 0, submitted: 0, returned: 0, accepted: 0, overdue: 0 },
  };
}

export function presentAssignment(
  a: AssignmentRow,
  t: Pick<TaskRow, 'id' | 'title' | 'deadline' | 'issuing_org_id'>,
  names: Map<number, string>,
  today: string,
) {
  return {
    id: a.id,
    taskId: t.id,
    taskTitle: t.title,
    issuingOrgId: t.issuing_org_id,
    orgId: a.org_id,
    orgName: names.get(a.org_id) ?? '',
    deadline: t.deadline,
    status: a.status as AssignmentStatus,
    overdue: isOverdue(a.status, t.deadline, today),
    submittedAt: a.submitted_at,
    firstSubmittedAt: a.first_submitted_at,
    acceptedAt: a.accepted_at,
    returnReason: a.return_reason,
    answers: JSON.parse(a.answers_json) as Record<string, string | number | null>,
    evidence: JSON.parse(a.evidence_json) as string[],
    version: a.version,
  };
}

const SECRET_KEYS = new Set(['secret', 'password']);
export const MASK = '***';

/** Channel settings without their secrets. */
export function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) out[k] = SECRET_KEYS.has(k) && v ? MASK : v;
  return out;
}
