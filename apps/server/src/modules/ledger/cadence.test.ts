import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CADENCE_RULES,
  type PeriodSpan,
  addDays,
  cellStatus,
  countByPeriod,
  daysBetween,
  memberOwesPeriod,
  orgOwesPeriod,
  periodOf,
  periodsOfYear,
  quarterOfCell,
  resolveRule,
} from './cadence.ts';
import { htmlToParagraphs, safeUrl, sanitizeHtml } from './sanitize.ts';

const PERIODS = ['month', 'quarter', 'semester', 'year'] as const;
const dateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const periodArb = fc.constantFrom(...PERIODS);
const yearArb = fc.integer({ min: 1990, max: 2100 });

describe('periods', () => {
  it('the period of a date contains it, and consecutive periods tile the calendar without gaps or overlaps', () => {
    fc.assert(
      fc.property(dateArb, periodArb, (d, p) => {
        const s = periodOf(d, p);
        expect(s.start <= d && d <= s.end).toBe(true);
        const next = periodOf(addDays(s.end, 1), p);
        expect(next.start).toBe(addDays(s.end, 1));
        expect(next.key).not.toBe(s.key);
        const prev = periodOf(addDays(s.start, -1), p);
        expect(prev.end).toBe(addDays(s.start, -1));
        expect(periodOf(s.start, p)).toEqual(s);
        expect(periodOf(s.end, p)).toEqual(s);
      }),
    );
  });

  it('the periods of a year are contiguous, start in the year, and have the expected lengths (leap years included)', () => {
    fc.assert(
      fc.property(yearArb, periodArb, (y, p) => {
        const spans = periodsOfYear(y, p);
        expect(spans.length).toBe({ month: 12, quarter: 4, semester: 2, year: 1 }[p]);
        for (const s of spans) expect(s.start.startsWith(String(y))).toBe(true);
        for (let i = 1; i < spans.length; i++) expect(spans[i].start).toBe(addDays(spans[i - 1].end, 1));
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const total = spans.reduce((n, s) => n + daysBetween(s.start, s.end) + 1, 0);
        if (p === 'year') expect(total).toBe(leap ? 366 : 365);
        if (p === 'month' || p === 'quarter') expect(spans.at(-1)?.end).toBe(`${y}-12-31`);
        if (p === 'semester') expect(spans[1].end).toBe(`${y + 1}-01-31`);
      }),
    );
  });

  it('knows February and the Chinese school terms', () => {
    expect(periodOf('2024-02-10', 'month').end).toBe('2024-02-29');
    expect(periodOf('2023-02-10', 'month').end).toBe('2023-02-28');
    expect(periodOf('2000-02-10', 'month').end).toBe('2000-02-29');
    expect(periodOf('2100-02-10', 'month').end).toBe('2100-02-28');
    expect(periodOf('2022-01-15', 'semester')).toEqual({ key: '2021-S2', start: '2021-08-01', end: '2022-01-31' });
    expect(periodOf('2022-02-01', 'semester')).toEqual({ key: '2022-S1', start: '2022-02-01', end: '2022-07-31' });
    expect(periodOf('2022-07-31', 'semester').key).toBe('2022-S1');
    expect(periodOf('2022-08-01', 'semester')).toEqual({ key: '2022-S2', start: '2022-08-01', end: '2023-01-31' });
    expect(periodOf('2022-05-20', 'quarter')).toEqual({ key: '2022-Q2', start: '2022-04-01', end: '2022-06-30' });
    expect(quarterOfCell(periodOf('2022-09-01', 'semester'), 2022)).toBe(4);
    expect(quarterOfCell(periodOf('2022-03-01', 'semester'), 2022)).toBe(3);
  });

  it('counts each dated event in exactly one period of the year', () => {
    fc.assert(
      fc.property(yearArb, periodArb, fc.array(fc.integer({ min: 0, max: 364 }), { maxLength: 40 }), (y, p, offsets) => {
        const spans = periodsOfYear(y, p);
        const first = spans[0].start;
        const last = spans.at(-1)?.end ?? first;
        const dates = offsets.map((o) => addDays(`${y}-01-01`, o)).filter((d) => d >= first && d <= last);
        expect(countByPeriod(dates, spans).reduce((a, b) => a + b, 0)).toBe(dates.length);
      }),
    );
  });
});

describe('who owes a period', () => {
  it('an org created mid-year owes nothing before it existed, and everything from the first whole period after', () => {
    fc.assert(
      fc.property(yearArb, periodArb, fc.integer({ min: 0, max: 364 }), (y, p, off) => {
        const created = addDays(`${y}-01-01`, off);
        for (const s of periodsOfYear(y, p)) {
          if (s.end < created) expect(orgOwesPeriod(s, created)).toBe(false);
          if (s.start >= created) expect(orgOwesPeriod(s, created)).toBe(true);
        }
      }),
    );
    const months = periodsOfYear(2022, 'month');
    expect(months.filter((m) => orgOwesPeriod(m, '2022-07-01')).map((m) => m.key)).toEqual(['2022-07', '2022-08', '2022-09', '2022-10', '2022-11', '2022-12']);
    // Created on 20 July: owes August on, not July (held for less than half of it).
    expect(months.filter((m) => orgOwesPeriod(m, '2022-07-20')).map((m) => m.key)[0]).toBe('2022-08');
    expect(orgOwesPeriod(periodsOfYear(2022, 'year')[0], '2022-03-15')).toBe(true);
    expect(orgOwesPeriod(periodsOfYear(2022, 'year')[0], '2022-10-15')).toBe(false);
    // Dissolved mid-year.
    expect(orgOwesPeriod(months[10], '2015-01-01', '2022-06-30')).toBe(false);
  });

  it('a member who joined mid-year is counted by per-member rules only from then', () => {
    fc.assert(
      fc.property(yearArb, fc.integer({ min: 0, max: 364 }), periodArb, (y, off, p) => {
        const join = addDays(`${y}-01-01`, off);
        for (const s of periodsOfYear(y, p)) {
          if (s.end < join) expect(memberOwesPeriod(s, join)).toBe(false);
          if (s.start >= join) expect(memberOwesPeriod(s, join)).toBe(true);
        }
      }),
    );
    expect(memberOwesPeriod(periodOf('2022-06-01', 'year'), null)).toBe(false);
    expect(memberOwesPeriod(periodOf('2022-06-01', 'year'), '2022-12-20')).toBe(false);
  });
});

describe('status of a cell', () => {
  const spanArb = fc.tuple(dateArb, periodArb).map(([d, p]) => periodOf(d, p));
  it('follows the rules: done ≥ min; overdue after the end; due soon in the last N days; otherwise not yet due', () => {
    fc.assert(
      fc.property(
        spanArb,
        dateArb,
        fc.nat(5),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 60 }),
        (span: PeriodSpan, today, count, required, n) => {
          const s = cellStatus({ count, required, span, today, dueSoonDays: n, applicable: true });
          if (count >= required) expect(s).toBe('done');
          else if (span.end < today) expect(s).toBe('overdue');
          else if (span.start > today) expect(s).toBe('not_yet_due');
          else if (daysBetween(today, span.end) < n) expect(s).toBe('due_soon');
          else expect(s).toBe('not_yet_due');
          expect(cellStatus({ count, required, span, today, dueSoonDays: n, applicable: false })).toBe('not_applicable');
        },
      ),
    );
    const march = periodOf('2022-03-01', 'month');
    expect(cellStatus({ count: 0, required: 1, span: march, today: '2022-03-20', dueSoonDays: 14, applicable: true })).toBe('due_soon');
    expect(cellStatus({ count: 0, required: 1, span: march, today: '2022-03-10', dueSoonDays: 14, applicable: true })).toBe('not_yet_due');
    expect(cellStatus({ count: 0, required: 1, span: march, today: '2022-04-01', dueSoonDays: 14, applicable: true })).toBe('overdue');
    expect(cellStatus({ count: 1, required: 1, span: march, today: '2022-04-01', dueSoonDays: 14, applicable: true })).toBe('done');
    // A per-member rule with nobody due is met.
    expect(cellStatus({ count: 0, required: 0, span: march, today: '2022-04-01', dueSoonDays: 14, applicable: true })).toBe('done');
  });

  it('resolves region and org-kind overrides, later ones winning', () => {
    const lecture = DEFAULT_CADENCE_RULES.find((r) => r.code === 'party_lecture_quarterly');
    expect(lecture).toBeDefined();
    const rule = {
      ...(lecture as (typeof DEFAULT_CADENCE_RULES)[number]),
      overrides: [
        { regionOrgId: 7, period: 'semester' as const },
        { orgKind: 'branch', regionOrgId: 9, disabled: true },
      ],
    };
    expect(resolveRule(rule, { kind: 'branch', ancestors: new Set([1, 2]) })).toEqual({ minCount: 1, period: 'quarter', disabled: false });
    expect(resolveRule(rule, { kind: 'branch', ancestors: new Set([1, 7]) })).toEqual({ minCount: 1, period: 'semester', disabled: false });
    expect(resolveRule(rule, { kind: 'branch', ancestors: new Set([7, 9]) })).toEqual({ minCount: 1, period: 'semester', disabled: true });
    expect(resolveRule(rule, { kind: 'general_branch', ancestors: new Set([9]) }).disabled).toBe(false);
  });
});

describe('minutes sanitiser', () => {
  it('keeps formatting and drops scripts, styles, handlers and unsafe URLs', () => {
    expect(sanitizeHtml('<p style="color:red" onclick="x()">a<b>b</b><em>c</em></p>')).toBe('<p>a<b>b</b><em>c</em></p>');
    expect(sanitizeHtml('<script>alert(1)</script>ok<style>*{}</style>')).toBe('ok');
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="  jAvAsCrIpT&#58;alert(1)">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="https://example.org/a?b=1&c=2">x</a>')).toBe('<a href="https://example.org/a?b=1&amp;c=2" rel="noopener noreferrer">x</a>');
    expect(sanitizeHtml('<img src=x onerror=alert(1)>1 < 2')).toBe('1 &lt; 2');
    expect(sanitizeHtml('<p>open<div>x')).toBe('<p>open<div>x</div></p>');
    expect(sanitizeHtml('<iframe src="x"><p>inside</p></iframe>after')).toBe('after');
    expect(sanitizeHtml('<svg><script>1</script></svg><p>t</p>')).toBe('<p>t</p>');
    expect(safeUrl('/relative/path')).toBe(true);
    expect(safeUrl('data:text/html,x')).toBe(false);
    expect(htmlToParagraphs('<p>第一段</p><p>第二段 &amp; 更多</p>')).toEqual(['第一段', '第二段 & 更多']);
  });

  it('never lets a script tag, an event handler or a javascript: URL through (property)', () => {
    const piece = fc.constantFrom(
      '<script>',
      '</script>',
      '<p>',
      '</p>',
      '<a href="javascript:x">',
      '<a href="https://a.b">',
      '</a>',
      '<img src=x onerror=alert(1)>',
      '<div onmouseover="x">',
      '</div>',
      '<style>',
      '</style>',
      'text',
      '<',
      '>',
      '"',
      "'",
      '<scr',
      'ipt>',
      '<!--',
      '-->',
      '<b>',
      '</b>',
      '&#106;avascript:',
      '<svg onload=alert(1)>',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const out = sanitizeHtml(parts.join('')).toLowerCase();
        expect(out).not.toMatch(/<script/);
        expect(out).not.toMatch(/<style/);
        expect(out).not.toMatch(/<[^>]*\son[a-z]+\s*=/);
        expect(out).not.toMatch(/href="[^"]*javascript:/);
        expect(out).not.toMatch(/<img|<svg/);
      }),
    );
  });
});
