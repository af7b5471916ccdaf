import { createHmac } from 'node:crypto';
import type { AssignmentStatus } from '@taizhang/shared/schemas/tasks';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffMinutes, dingtalkSign } from './notify.ts';
import { nextRunDate } from './recurring.ts';
import { sanitizeHtml } from './sanitize.ts';
import { type AssignmentEvent, isOverdue, transition } from './state.ts';

const event = fc.oneof(
  fc.constant<AssignmentEvent>({ type: 'submit' }),
  fc.constant<AssignmentEvent>({ type: 'accept' }),
  fc.string({ maxLength: 5 }).map<AssignmentEvent>((reason) => ({ type: 'return', reason })),
);
const step = fc.record({ event, canSubmit: fc.boolean(), canReview: fc.boolean() });

describe('assignment state machine (property)', () => {
  it('no path reaches accepted without a submission; accepted is final; only the right side moves it', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let state: AssignmentStatus = 'not_started';
        let submittedSinceReturn = false;
        let everSubmitted = false;
        for (const s of steps) {
          const before = state;
          const r = transition(state, s.event, { canSubmit: s.canSubmit, canReview: s.canReview });
          if (!r.ok) continue;
          if (s.event.type === 'submit') {
            expect(s.canSubmit).toBe(true);
            everSubmitted = true;
            submittedSinceReturn = true;
          } else {
            expect(s.canReview).toBe(true);
            expect(before).toBe('submitted');
          }
          if (r.next === 'accepted') {
            expect(everSubmitted).toBe(true);
            expect(submittedSinceReturn).toBe(true);
          }
          if (r.next === 'returned') submittedSinceReturn = false;
          expect(before).not.toBe('accepted');
          state = r.next;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('returned → resubmit → accepted', () => {
    const all = { canSubmit: true, canReview: true };
    let s = transition('not_started', { type: 'submit' }, all);
    expect(s).toEqual({ ok: true, next: 'submitted' });
    s = transition('submitted', { type: 'return', reason: '补充材料' }, all);
    expect(s).toEqual({ ok: true, next: 'returned' });
    expect(transition('returned', { type: 'accept' }, all).ok).toBe(false);
    s = transition('returned', { type: 'submit' }, all);
    expect(s).toEqual({ ok: true, next: 'submitted' });
    expect(transition('submitted', { type: 'accept' }, all)).toEqual({ ok: true, next: 'accepted' });
    expect(transition('submitted', { type: 'return', reason: '  ' }, all)).toEqual({ ok: false, reason: 'reason_required' });
    expect(transition('submitted', { type: 'accept' }, { canSubmit: true, canReview: false })).toEqual({ ok: false, reason: 'forbidden' });
    expect(transition('not_started', { type: 'submit' }, { canSubmit: false, canReview: true })).toEqual({ ok: false, reason: 'forbidden' });
  });

  it('overdue: deadline passed and nothing submitted or accepted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('not_started', 'submitted', 'returned', 'accepted'),
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3000 }),
        (status, d1, d2) => {
          const day = (n: number) => new Date(Date.UTC(2020, 0, 1) + n * 86400_000).toISOString().slice(0, 10);
          const deadline = day(d1);
          const today = day(d2);
          expect(isOverdue(status, deadline, today)).toBe(d2 > d1 && (status === 'not_started' || status === 'returned'));
        },
      ),
    );
  });
});

describe('rules', () => {
  it('recurring periods advance by calendar months, clamped to month end', () => {
    expect(nextRunDate('2022-01-31', 'monthly')).toBe('2022-02-28');
    expect(nextRunDate('2022-11-15', 'quarterly')).toBe('2023-02-15');
    expect(nextRunDate('2022-03-01', 'semester')).toBe('2022-09-01');
    expect(nextRunDate('2024-02-29', 'yearly')).toBe('2025-02-28');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), fc.constantFrom('monthly', 'quarterly', 'semester', 'yearly' as const), (n, period) => {
        const d = new Date(Date.UTC(2000, 0, 1) + n * 86400_000).toISOString().slice(0, 10);
        const next = nextRunDate(d, period);
        expect(next > d).toBe(true);
        expect(Number.isNaN(Date.parse(`${next}T00:00:00Z`))).toBe(false);
      }),
    );
  });

  it('sanitises requirement HTML: no script, handlers or javascript: links survive', () => {
    const dirty =
      '<p onclick="x()">要求<script>alert(1)</script><a href="javascript:alert(1)">链接</a><a href="https://example.org/a?b=1&c=2">ok</a><img src=x onerror=alert(1)><iframe src="//evil"></iframe>a < b</p>';
    const clean = sanitizeHtml(dirty);
    expect(clean).toBe('<p>要求<a>链接</a><a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">ok</a>a &lt; b</p>');
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.constantFrom('<script>', '<a href="jav&#x61;script:x">', '<b onmouseover=1>', '<svg onload=1>', '<style>', '</p>'),
        (s, bad) => {
          const out = sanitizeHtml(`${s}${bad}${s}`);
          expect(out).not.toMatch(/<script|<svg|<style|javascript:|\son\w+=/i);
        },
      ),
    );
  });

  it('DingTalk signs timestamp\\nsecret with HMAC-SHA256, base64 then URL-encoded; backoff doubles', () => {
    const secret = 'SEC123';
    const ts = 1650000000000;
    const expected = encodeURIComponent(createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64'));
    expect(dingtalkSign(secret, ts)).toBe(expected);
    expect([1, 2, 3, 4].map(backoffMinutes)).toEqual([1, 2, 4, 8]);
    expect(backoffMinutes(30)).toBe(1440);
  });
});
