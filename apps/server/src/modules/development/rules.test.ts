import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type MembershipFacts,
  type PastStep,
  type StepCandidate,
  type StepFacts,
  addDays,
  addMonths,
  addYears,
  ageOn,
  earliestApplication,
  earliestCandidate,
  extensionViolations,
  isValidDate,
  nextStep,
  probationEnd,
  stepViolations,
  trainingSufficient,
} from './rules.ts';

const day = fc
  .integer({ min: Date.UTC(1950, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 31) / 86_400_000 })
  .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
const leapDay = fc.integer({ min: 1952, max: 2028 }).map((y) => `${y - (y % 4)}-02-29`);
const anyDay = fc.oneof(day, leapDay);

const full = (id: number): [number, MembershipFacts] => [id, { joinDate: '2000-01-01', conversionDate: '2001-01-01' }];
function facts(over: Partial<StepFacts> & { steps?: PastStep[] } = {}): StepFacts {
  return {
    today: '2030-12-31',
    person: { id: 1, birthDate: '1990-01-01', joinDate: null, conversionDate: null, politicalStatus: '群众' },
    steps: [],
    helpers: new Map([full(2), full(3)]),
    ...over,
  };
}
const rules = (c: StepCandidate, f: StepFacts) => stepViolations(c, f).map((v) => v.rule);

describe('date arithmetic (Civil Code: missing day → last day of the month)', () => {
  it('keeps month and day, clamping 29 February to the 28th', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(addYears('2004-02-29', 18)).toBe('2022-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2022-08-31', 6)).toBe('2023-02-28');
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 40 }), (d, n) => {
        const r = addYears(d, n);
        expect(isValidDate(r)).toBe(true);
        expect(r.slice(5, 7)).toBe(d.slice(5, 7));
        expect(Number(r.slice(0, 4))).toBe(Number(d.slice(0, 4)) + n);
        if (d.slice(5) !== '02-29') expect(r.slice(8)).toBe(d.slice(8));
        expect(r >= d).toBe(true);
      }),
    );
  });

  it('ageOn is the number of anniversaries reached', () => {
    fc.assert(
      fc.property(anyDay, fc.integer({ min: 0, max: 60 }), fc.integer({ min: -3, max: 3 }), (birth, years, k) => {
        const date = addDays(addYears(birth, years), k);
        expect(ageOn(birth, date)).toBe(k < 0 ? years - 1 : years);
      }),
    );
  });
});

describe('applicant ≥ 18 at application', () => {
  it('refuses exactly the days before the 18th birthday (29 Feb birthdays on 28 Feb)', () => {
    expect(earliestApplication('2004-02-29')).toBe('2022-02-28');
    expect(rules({ stage: 'applicant', date: '2022-02-28' }, facts({ person: { ...facts().person, birthDate: '2004-02-29' } }))).toEqual([]);
    expect(rules({ stage: 'applicant', date: '2022-02-27' }, facts({ person: { ...facts().person, birthDate: '2004-02-29' } }))).toEqual(['applicant_age']);
    fc.assert(
      fc.property(anyDay, fc.integer({ min: -400, max: 400 }), (birth, k) => {
        const date = addDays(addYears(birth, 18), k);
        const r = rules({ stage: 'applicant', date }, facts({ person: { ...facts().person, birthDate: birth } }));
        expect(r.includes('applicant_age')).toBe(k < 0);
        expect(r.includes('applicant_age')).toBe(ageOn(birth, date) < 18);
      }),
    );
  });
  it('refuses an unknown birth date', () => {
    expect(rules({ stage: 'applicant', date: '2022-01-01' }, facts({ person: { ...facts().person, birthDate: null } }))).toEqual(['applicant_age']);
  });
});

describe('activists', () => {
  const applied: PastStep[] = [{ stage: 'applicant', date: '2019-01-01' }];
  it('need two distinct liaison persons who are full members at the date', () => {
    expect(rules({ stage: 'activist', date: '2020-01-01', liaisonPersonIds: [2, 3] }, facts({ steps: applied }))).toEqual([]);
    expect(rules({ stage: 'activist', date: '2020-01-01', liaisonPersonIds: [2] }, facts({ steps: applied }))).toEqual(['activist_liaisons']);
    expect(rules({ stage: 'activist', date: '2020-01-01', liaisonPersonIds: [2, 2] }, facts({ steps: applied }))).toEqual(['activist_liaisons']);
    expect(rules({ stage: 'activist', date: '2020-01-01', liaisonPersonIds: [1, 2] }, facts({ steps: applied }))).toEqual(['activist_liaisons']);
    const probationary = new Map<number, MembershipFacts>([full(2), [3, { joinDate: '2019-06-01', conversionDate: '2020-06-01' }]]);
    expect(rules({ stage: 'activist', date: '2020-01-01', liaisonPersonIds: [2, 3] }, facts({ steps: applied, helpers: probationary }))).toEqual([
      'activist_liaisons',
    ]);
    expect(rules({ stage: 'activist', date: '2020-06-01', liaisonPersonIds: [2, 3] }, facts({ steps: applied, helpers: probationary }))).toEqual([]);
  });

  it('become candidates after at least one year (2020-02-29 → 2021-02-28)', () => {
    expect(earliestCandidate('2020-02-29')).toBe('2021-02-28');
    const base = (activist: string, date: string) =>
      rules(
        { stage: 'candidate', date, introducerPersonIds: [2, 3] },
        facts({
          steps: [
            { stage: 'applicant', date: '2010-01-01' },
            { stage: 'activist', date: activist },
          ],
        }),
      );
    expect(base('2020-02-29', '2021-02-28')).toEqual([]);
    expect(base('2020-02-29', '2021-02-27')).toEqual(['activist_one_year']);
    fc.assert(
      fc.property(
        fc.oneof(
          day.filter((d) => d > '2011-01-01'),
          leapDay.filter((d) => d > '2011-01-01'),
        ),
        fc.integer({ min: -30, max: 30 }),
        (a, k) => {
          const r = base(a, addDays(addYears(a, 1), k));
          expect(r.includes('activist_one_year')).toBe(k < 0);
        },
      ),
    );
  });
});

describe('candidates and admission', () => {
  const steps: PastStep[] = [
    { stage: 'applicant', date: '2018-01-01' },
    { stage: 'activist', date: '2019-01-01' },
    { stage: 'candidate', date: '2020-03-01', introducerPersonIds: [2, 3], trainingDays: 3 },
  ];
  const admit = (over: Partial<StepCandidate> = {}) => ({
    stage: 'probationary' as const,
    date: '2020-06-01',
    noticeStart: '2020-05-20',
    noticeEnd: '2020-05-26',
    ...over,
  });

  it('introducers must be full members at the date', () => {
    expect(rules(admit(), facts({ steps }))).toEqual([]);
    const late = new Map<number, MembershipFacts>([full(2), [3, { joinDate: '2019-06-01', conversionDate: '2020-06-02' }]]);
    expect(rules(admit(), facts({ steps, helpers: late }))).toEqual(['candidate_introducers']);
    expect(rules(admit({ date: '2020-06-02', noticeEnd: '2020-05-30' }), facts({ steps, helpers: late }))).toEqual([]);
  });

  it('training: at least 3 days or 24 hours', () => {
    fc.assert(
      fc.property(fc.option(fc.integer({ min: 0, max: 10 })), fc.option(fc.integer({ min: 0, max: 60 })), (d, h) => {
        const s = steps.map((x) => (x.stage === 'candidate' ? { ...x, trainingDays: d, trainingHours: h } : x));
        const r = rules(admit(), facts({ steps: s }));
        expect(r.includes('candidate_training')).toBe(!((d ?? 0) >= 3 || (h ?? 0) >= 24));
        expect(trainingSufficient(d, h)).toBe((d ?? 0) >= 3 || (h ?? 0) >= 24);
      }),
    );
  });

  it('public notice: start ≤ end, both before the admission and after the candidate stage', () => {
    fc.assert(
      fc.property(fc.integer({ min: -120, max: 10 }), fc.integer({ min: 0, max: 20 }), (endOffset, length) => {
        const end = addDays('2020-06-01', endOffset);
        const start = addDays(end, -length);
        const r = rules(admit({ noticeStart: start, noticeEnd: end }), facts({ steps }));
        expect(r.includes('admission_notice')).toBe(!(end < '2020-06-01' && start >= '2020-03-01'));
      }),
    );
    expect(rules(admit({ noticeStart: null, noticeEnd: null }), facts({ steps }))).toEqual(['admission_notice']);
    expect(rules(admit({ noticeStart: '2020-05-26', noticeEnd: '2020-05-20' }), facts({ steps }))).toEqual(['admission_notice']);
  });

  it('agrees with the person record or names the conflict', () => {
    const person = { ...facts().person, joinDate: '2020-06-01', politicalStatus: '中共预备党员' };
    expect(rules(admit(), facts({ steps, person }))).toEqual([]);
    expect(rules(admit(), facts({ steps, person: { ...person, joinDate: '2020-07-01' } }))).toEqual(['record_conflict']);
  });
});

describe('probation and conversion', () => {
  const through = (prob: string, ext: number | null = null): PastStep[] => [
    { stage: 'applicant', date: '2010-01-01' },
    { stage: 'activist', date: '2011-01-01' },
    { stage: 'candidate', date: '2012-01-01', introducerPersonIds: [2, 3], trainingDays: 3 },
    { stage: 'probationary', date: prob, extensionMonths: ext },
  ];
  const convert = (date: string) => ({ stage: 'full' as const, date, noticeStart: addDays(date, -8), noticeEnd: addDays(date, -2) });

  it('one year from the branch general meeting, plus a single 6–12 month extension', () => {
    expect(probationEnd('2020-02-29')).toBe('2021-02-28');
    expect(probationEnd('2023-08-31', 6)).toBe('2025-02-28');
    fc.assert(
      fc.property(
        fc.oneof(day, leapDay).filter((d) => d > '2012-06-01' && d < '2028-01-01'),
        fc.option(fc.integer({ min: 6, max: 12 })),
        fc.integer({ min: -40, max: 40 }),
        (prob, ext, k) => {
          const date = addDays(probationEnd(prob, ext), k);
          const r = rules(convert(date), facts({ steps: through(prob, ext) }));
          expect(r.includes('probation_one_year')).toBe(k < 0);
          expect(r.filter((x) => x !== 'probation_one_year' && x !== 'conversion_notice')).toEqual([]);
        },
      ),
    );
  });

  it('extensions: once, 6 to 12 months, decided during the probation', () => {
    const f = (ext: number | null) => facts({ steps: through('2022-05-10', ext) });
    expect(extensionViolations({ date: '2023-05-01', months: 6 }, f(null))).toEqual([]);
    expect(extensionViolations({ date: '2023-05-10', months: 12 }, f(null))).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), (m) => {
        expect(extensionViolations({ date: '2023-05-01', months: m }, f(null)).length > 0).toBe(m < 6 || m > 12);
      }),
    );
    expect(extensionViolations({ date: '2023-05-01', months: 6 }, f(6)).map((v) => v.rule)).toEqual(['probation_extension']);
    expect(extensionViolations({ date: '2023-05-11', months: 6 }, f(null)).map((v) => v.rule)).toEqual(['probation_extension']);
  });

  it('names each broken rule in Chinese, then English', () => {
    const v = stepViolations(convert('2022-06-01'), facts({ steps: through('2022-05-10') }));
    expect(v[0].rule).toBe('probation_one_year');
    expect(v[0].message).toMatch(/^预备期: .+ \/ the probation runs until 2023-05-10$/);
  });
});

describe('order of stages', () => {
  it('refuses skipping, repeating, going back in time and future dates', () => {
    expect(rules({ stage: 'candidate', date: '2020-01-01', introducerPersonIds: [2, 3] }, facts())).toContain('stage_order');
    expect(rules({ stage: 'applicant', date: '2020-01-01' }, facts({ steps: [{ stage: 'applicant', date: '2019-01-01' }] }))).toEqual(['stage_once']);
    expect(rules({ stage: 'activist', date: '2018-12-31', liaisonPersonIds: [2, 3] }, facts({ steps: [{ stage: 'applicant', date: '2019-01-01' }] }))).toEqual([
      'stage_order',
    ]);
    expect(rules({ stage: 'applicant', date: '2031-01-01' }, facts())).toEqual(['future_date']);
  });

  it('says what is due next', () => {
    const s: PastStep[] = [
      { stage: 'applicant', date: '2021-01-01' },
      { stage: 'activist', date: '2021-03-01' },
    ];
    expect(nextStep(s, '2022-02-28', null)).toMatchObject({ stage: 'candidate', from: '2022-03-01', due: false });
    expect(nextStep(s, '2022-03-01', null)).toMatchObject({ stage: 'candidate', due: true });
    expect(
      nextStep([...s, { stage: 'candidate', date: '2022-04-01' }, { stage: 'probationary', date: '2022-06-01', extensionMonths: 6 }], '2023-06-01', null),
    ).toMatchObject({
      stage: 'full',
      from: '2023-12-01',
      due: false,
    });
  });
});
