import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Rec, combineStatus, evaluateCount, evaluateEvidence, evaluateNegative, evaluateTasks, inWindow, periodsOf } from './measures.ts';

const Y = 2022;
const dayOf = (n: number) => new Date(Date.UTC(Y, 0, 1 + n)).toISOString().slice(0, 10);
const dateArb = fc.integer({ min: 0, max: 364 }).map(dayOf);
const recsArb = fc.array(dateArb, { maxLength: 60 }).map((ds) => ds.map((date, i): Rec => ({ id: i + 1, date })));
const perArb = fc.constantFrom('year' as const, 'quarter' as const, 'month' as const);
const rank = { unmet: 0, pending: 1, met: 2, breached: -1 } as const;

describe('count measures', () => {
  it('are monotone in records: more records never make a duty worse', () => {
    fc.assert(
      fc.property(recsArb, recsArb, fc.integer({ min: 1, max: 4 }), perArb, dateArb, (base, extra, min, per, evalDate) => {
        const more = [...base, ...extra.map((r) => ({ ...r, id: r.id + 1000 }))];
        const a = evaluateCount(base, { min, per }, { year: Y, evalDate });
        const b = evaluateCount(more, { min, per }, { year: Y, evalDate });
        expect(rank[b.status]).toBeGreaterThanOrEqual(rank[a.status]);
        expect(b.actual ?? 0).toBeGreaterThanOrEqual(a.actual ?? 0);
      }),
    );
  });

  it('ignore records after the evaluation date or outside the year', () => {
    fc.assert(
      fc.property(recsArb, fc.integer({ min: 1, max: 3 }), perArb, dateArb, (recs, min, per, evalDate) => {
        const noise = [
          { id: 9001, date: '2021-12-31' },
          { id: 9002, date: '2023-01-01' },
        ];
        const a = evaluateCount([...recs, ...noise], { min, per }, { year: Y, evalDate });
        const b = evaluateCount(
          recs.filter((r) => r.date <= evalDate),
          { min, per },
          { year: Y, evalDate },
        );
        expect(a).toEqual(b);
        expect(a.sourceIds.every((id) => id < 9000)).toBe(true);
      }),
    );
  });

  it('per month: met only when every month of the year up to the evaluation date has the minimum', () => {
    fc.assert(
      fc.property(recsArb, fc.integer({ min: 1, max: 2 }), dateArb, (recs, min, evalDate) => {
        const o = evaluateCount(recs, { min, per: 'month' }, { year: Y, evalDate });
        const months = periodsOf(Y, 'month').filter((p) => p.start <= evalDate);
        const every = months.every((p) => inWindow(recs, { year: Y, evalDate }).filter((r) => r.date >= p.start && r.date <= p.end).length >= min);
        expect(o.status === 'met').toBe(every);
        expect(o.target).toBe(12);
        // A finished month short is unmet (cannot be repaired); otherwise at most pending.
        const finishedShort = months.some((p) => p.end <= evalDate && recs.filter((r) => r.date >= p.start && r.date <= p.end).length < min);
        expect(o.status === 'unmet').toBe(finishedShort);
      }),
    );
  });

  it('yearly: met once the minimum is reached, unmet only when the year ended short', () => {
    fc.assert(
      fc.property(recsArb, fc.integer({ min: 1, max: 10 }), dateArb, (recs, min, evalDate) => {
        const n = recs.filter((r) => r.date <= evalDate).length;
        const o = evaluateCount(recs, { min, per: 'year' }, { year: Y, evalDate });
        expect(o.actual).toBe(n);
        expect(o.status).toBe(n >= min ? 'met' : evalDate >= `${Y}-12-31` ? 'unmet' : 'pending');
        if (o.status === 'pending') expect(o.next?.dueDate).toBe(`${Y}-12-31`);
      }),
    );
  });

  it('the whole year: a branch missing March theme party days is unmet with 11 of 12 months', () => {
    const recs = periodsOf(Y, 'month')
      .filter((_, i) => i !== 2)
      .map((p, i) => ({ id: i + 1, date: p.start }));
    const o = evaluateCount(recs, { min: 1, per: 'month' }, { year: Y, evalDate: '2022-12-31' });
    expect(o).toMatchObject({ status: 'unmet', actual: 11, target: 12, next: null });
    const mid = evaluateCount(recs, { min: 1, per: 'month' }, { year: Y, evalDate: '2022-06-15' });
    expect(mid).toMatchObject({ status: 'unmet', next: { dueDate: '2022-03-31' } });
  });
});

describe('negative items', () => {
  it('turn red (breached) on ONE occurrence and stay green with none', () => {
    fc.assert(
      fc.property(recsArb, dateArb, (recs, evalDate) => {
        const o = evaluateNegative(recs, { max: 0 }, { year: Y, evalDate });
        const n = recs.filter((r) => r.date <= evalDate).length;
        expect(o.status).toBe(n >= 1 ? 'breached' : 'met');
        expect(o.actual).toBe(n);
      }),
    );
    expect(evaluateNegative([{ id: 1, date: '2022-05-10' }], { max: 0 }, { year: Y, evalDate: '2022-05-10' }).status).toBe('breached');
  });

  it('breached dominates vacancy and mismatch', () => {
    const breached = evaluateNegative([{ id: 1, date: '2022-05-10' }], { max: 0 }, { year: Y, evalDate: '2022-12-31' });
    for (const s of ['ok', 'vacant', 'misplaced']) expect(combineStatus(s, breached)).toBe('breached');
    const met = evaluateNegative([], { max: 0 }, { year: Y, evalDate: '2022-12-31' });
    expect(combineStatus('vacant', met)).toBe('vacant');
    expect(combineStatus('misplaced', met)).toBe('misplaced');
    expect(combineStatus('ok', met)).toBe('met');
  });
});

describe('tasks on time and manual evidence', () => {
  const taskArb = fc.array(fc.record({ deadline: dateArb, delay: fc.option(fc.integer({ min: -20, max: 20 }), { nil: null }) }), { maxLength: 30 });
  it('rate is the share of due assignments first submitted by the deadline; all on time → met', () => {
    fc.assert(
      fc.property(taskArb, fc.double({ min: 0, max: 1, noNaN: true }), (ts, minRate) => {
        const tasks = ts.map((t, i) => ({
          id: i + 1,
          deadline: t.deadline,
          firstSubmittedOn: t.delay === null ? null : new Date(Date.parse(`${t.deadline}T00:00:00Z`) + t.delay * 86400000).toISOString().slice(0, 10),
        }));
        const o = evaluateTasks(tasks, { min_rate: minRate }, { year: Y, evalDate: '2022-12-31' });
        if (o.actual !== null) {
          expect(o.actual).toBeGreaterThanOrEqual(0);
          expect(o.actual).toBeLessThanOrEqual(1);
          expect(o.status).toBe(o.actual >= minRate ? 'met' : 'unmet');
        }
        const allOnTime = tasks.map((t) => ({ ...t, firstSubmittedOn: t.deadline }));
        expect(evaluateTasks(allOnTime, { min_rate: minRate }, { year: Y, evalDate: '2022-12-31' }).status).toBe('met');
      }),
    );
  });
  it('manual evidence is met only once accepted', () => {
    const w = { year: Y, evalDate: '2022-12-31' };
    expect(evaluateEvidence([], w).status).toBe('unmet');
    expect(evaluateEvidence([{ id: 1, status: 'submitted' }], w).status).toBe('unmet');
    expect(evaluateEvidence([{ id: 1, status: 'submitted' }], { year: Y, evalDate: '2022-06-01' })).toMatchObject({
      status: 'pending',
      next: { text: '佐证材料待上级认定' },
    });
    expect(
      evaluateEvidence(
        [
          { id: 1, status: 'rejected' },
          { id: 2, status: 'accepted' },
        ],
        w,
      ),
    ).toMatchObject({ status: 'met', sourceIds: [2] });
  });
});
