import type { AssignmentStatus } from '@taizhang/shared/schemas/tasks';

/** What can happen to an assignment. */
export type AssignmentEvent = { type: 'submit' } | { type: 'accept' } | { type: 'return'; reason: string };

/** Who is acting: may they submit for the target org, review for the issuing org? */
export interface ActorRights {
  canSubmit: boolean;
  canReview: boolean;
}

export type TransitionResult = { ok: true; next: AssignmentStatus } | { ok: false; reason: 'forbidden' | 'invalid_state' | 'reason_required' };

/**
 * The assignment state machine, pure. not_started → submitted → accepted, or submitted → returned →
 * submitted (resubmission) → …; accepted is final. Only the target org submits; only reviewers of
 * the issuing org accept or return.
 */
export function transition(from: AssignmentStatus, event: AssignmentEvent, rights: ActorRights): TransitionResult {
  switch (event.type) {
    case 'submit':
      if (!rights.canSubmit) return { ok: false, reason: 'forbidden' };
      if (from !== 'not_started' && from !== 'returned') return { ok: false, reason: 'invalid_state' };
      return { ok: true, next: 'submitted' };
    case 'accept':
      if (!rights.canReview) return { ok: false, reason: 'forbidden' };
      if (from !== 'submitted') return { ok: false, reason: 'invalid_state' };
      return { ok: true, next: 'accepted' };
    case 'return':
      if (!rights.canReview) return { ok: false, reason: 'forbidden' };
      if (from !== 'submitted') return { ok: false, reason: 'invalid_state' };
      if (event.reason.trim().length === 0) return { ok: false, reason: 'reason_required' };
      return { ok: true, next: 'returned' };
  }
}

/** Overdue: the deadline (a Beijing date) has passed and nothing is waiting for review or accepted. */
export function isOverdue(status: AssignmentStatus | string, deadline: string, today: string): boolean {
  return today > deadline && (status === 'not_started' || status === 'returned');
}

/** On time: first submitted (Beijing date) on or before the deadline. */
export function submittedOnTime(firstSubmittedDate: string | null, deadline: string): boolean | null {
  if (firstSubmittedDate === null) return null;
  return firstSubmittedDate <= deadline;
}
