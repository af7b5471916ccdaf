import type { DutyStatus, ListKind, Measure, MeasurePeriod } from '@taizhang/shared/schemas/duties';

/**
 * Measure evaluation as pure functions over records already fetched. A record is `{id, date}` (Beijing
 * date); the caller has filtered it to the duty (its org, owner, type). The evaluation date bounds what
 * counts: a record dated after it is ignored, so evaluating "as of" a date is reproducible.
 */
export interface Rec {
  id: number;
  date: string;
}
export interface TaskRec {
  id: number;
  deadline: string;
  /** Beijing date of the first submission, null if never submitted. */
  firstSubmittedOn: string | null;
}
export interface EvidenceRec {
  id: number;
  status: 'submitted' | 'accepted' | 'rejected';
}
export interface Next {
  text: string;
  dueDate: string | null;
}
export interface Outcome {
  status: Exclude<DutyStatus, 'vacant' | 'misplaced'>;
  actual: number | null;
  target: number | null;
  sourceIds: number[];
  next: Next | null;
}
export interface When {
  year: number;
  /** The day evaluated (inclusive). */
  evalDate: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const yearEnd = (y: number) => `${y}-12-31`;
const yearStart = (y: number) => `${y}-01-01`;
function lastDay(y: number, m: number): string {
  const d = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${y}-${pad(m)}-${pad(d)}`;
}

type Period = { readonly label: string; readonly start: string; readonly end: string };
const periodCache = new Map<string, readonly Period[]>();

/** The periods of a year: [start, end] inclusive (cached: a province evaluates hundreds of thousands of duties). */
export function periodsOf(year: number, per: MeasurePeriod): readonly Period[] {
  const key = `${year}:${per}`;
  let out = periodCache.get(key);
  if (!out) {
    out = Object.freeze(buildPeriods(year, per));
    periodCache.set(key, out);
  }
  return out;
}

function buildPeriods(year: number, per: MeasurePeriod): Period[] {
  if (per === 'year') return [{ label: `${year}年`, start: yearStart(year), end: yearEnd(year) }];
  const step = per === 'month' ? 1 : 3;
  const out = [];
  for (let m = 1; m <= 12; m += step) {
    out.push({
      label: per === 'month' ? `${year}年${m}月` : `${year}年第${(m + 2) / 3}季度`,
      start: `${year}-${pad(m)}-01`,
      end: lastDay(year, m + step - 1),
    });
  }
  return out;
}

/** Records inside the year and not after the evaluation date, deduplicated by id, sorted by date. */
export function inWindow<T extends { id: number; date: string }>(records: readonly T[], w: When): T[] {
  const seen = new Set<number>();
  const out: T[] = [];
  const from = yearStart(w.year);
  const to = yearEnd(w.year);
  for (const r of records) {
    if (r.date < from || r.date > to || r.date > w.evalDate || seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
}

/**
 * At least `min` records per period. Yearly: met once reached, unmet if the year ended short, else pending.
 * Monthly/quarterly: every period of the year up to the evaluation date needs `min`; a finished period
 * short → unmet; the running period short → pending. actual/target count periods (or records, yearly).
 */
export function evaluateCount(records: readonly Rec[], m: { min: number; per: MeasurePeriod }, w: When): Outcome {
  const recs = inWindow(records, w);
  const ids = recs.map((r) => r.id);
  const over = w.evalDate >= yearEnd(w.year);
  if (m.per === 'year') {
    const n = recs.length;
    if (n >= m.min) return { status: 'met', actual: n, target: m.min, sourceIds: ids, next: null };
    if (over) return { status: 'unmet', actual: n, target: m.min, sourceIds: ids, next: null };
    return { status: 'pending', actual: n, target: m.min, sourceIds: ids, next: { text: `年底前还需${m.min - n}次`, dueDate: yearEnd(w.year) } };
  }
  const periods = periodsOf(w.year, m.per);
  let satisfied = 0;
  let firstMissed: (typeof periods)[number] | null = null;
  let running: { p: (typeof periods)[number]; n: number } | null = null;
  // recs is sorted by date: one pass over it for all periods.
  let k = 0;
  for (const p of periods) {
    if (p.start > w.evalDate) break;
    while (k < recs.length && recs[k].date < p.start) k++;
    let n = 0;
    while (k < recs.length && recs[k].date <= p.end) {
      n++;
      k++;
    }
    const finished = p.end <= w.evalDate;
    if (n >= m.min) satisfied++;
    else if (finished) firstMissed ??= p;
    else running = { p, n };
  }
  const target = periods.length;
  if (firstMissed) {
    return {
      status: 'unmet',
      actual: satisfied,
      target,
      sourceIds: ids,
      next: over ? null : { text: `${firstMissed.label}未完成（应不少于${m.min}次）`, dueDate: firstMissed.end },
    };
  }
  if (running) {
    return {
      status: 'pending',
      actual: satisfied,
      target,
      sourceIds: ids,
      next: { text: `${running.p.label}还需${m.min - running.n}次`, dueDate: running.p.end },
    };
  }
  if (w.evalDate < yearStart(w.year)) return { status: 'pending', actual: 0, target, sourceIds: ids, next: null };
  const upcoming = periods.find((p) => p.start > w.evalDate);
  return {
    status: 'met',
    actual: satisfied,
    target,
    sourceIds: ids,
    next: upcoming ? { text: `${upcoming.label}需不少于${m.min}次`, dueDate: upcoming.end } : null,
  };
}

/** Negative item: occurrences must stay at or under `max` (usually 0): one more turns it red at once. */
export function evaluateNegative(records: readonly Rec[], m: { max: number }, w: When): Outcome {
  const recs = inWindow(records, w);
  const n = recs.length;
  return { status: n > m.max ? 'breached' : 'met', actual: n, target: m.max, sourceIds: recs.map((r) => r.id), next: null };
}

/**
 * Tasks of the year (by deadline) done on time: an assignment is due once submitted or past its deadline,
 * on time when first submitted by the deadline. Rate ≥ min → met; below it → unmet at year end, pending before.
 */
export function evaluateTasks(tasks: readonly TaskRec[], m: { min_rate: number }, w: When): Outcome {
  const mine = tasks.filter((t) => t.deadline >= yearStart(w.year) && t.deadline <= yearEnd(w.year));
  const over = w.evalDate >= yearEnd(w.year);
  let due = 0;
  let onTime = 0;
  const ids: number[] = [];
  for (const t of mine) {
    const submitted = t.firstSubmittedOn !== null && t.firstSubmittedOn <= w.evalDate ? t.firstSubmittedOn : null;
    if (submitted === null && t.deadline >= w.evalDate) continue;
    due++;
    ids.push(t.id);
    if (submitted !== null && submitted <= t.deadline) onTime++;
  }
  if (due === 0) return { status: over ? 'met' : 'pending', actual: null, target: m.min_rate, sourceIds: [], next: null };
  const rate = Math.round((onTime / due) * 1000) / 1000;
  if (rate >= m.min_rate) return { status: 'met', actual: rate, target: m.min_rate, sourceIds: ids, next: null };
  const open = mine
    .filter((t) => (t.firstSubmittedOn === null || t.firstSubmittedOn > w.evalDate) && t.deadline >= w.evalDate)
    .sort((a, b) => (a.deadline < b.deadline ? -1 : 1));
  return {
    status: over ? 'unmet' : 'pending',
    actual: rate,
    target: m.min_rate,
    sourceIds: ids,
    next: over ? null : { text: `按时完成率${Math.round(rate * 100)}%，须达到${Math.round(m.min_rate * 100)}%`, dueDate: open[0]?.deadline ?? null },
  };
}

/** Manual: met once evidence was accepted by the level above. */
export function evaluateEvidence(evidence: readonly EvidenceRec[], w: When): Outcome {
  const accepted = evidence.filter((e) => e.status === 'accepted');
  const over = w.evalDate >= yearEnd(w.year);
  if (accepted.length) return { status: 'met', actual: 1, target: 1, sourceIds: accepted.map((e) => e.id), next: null };
  if (over) return { status: 'unmet', actual: 0, target: 1, sourceIds: [], next: null };
  const waiting = evidence.some((e) => e.status === 'submitted');
  return {
    status: 'pending',
    actual: 0,
    target: 1,
    sourceIds: [],
    next: waiting ? { text: '佐证材料待上级认定', dueDate: yearEnd(w.year) } : { text: '提交佐证材料', dueDate: yearEnd(w.year) },
  };
}

export interface MeasureInputs {
  records?: readonly Rec[];
  tasks?: readonly TaskRec[];
  evidence?: readonly EvidenceRec[];
}

export function evaluateMeasure(measure: Measure, inputs: MeasureInputs, w: When): Outcome {
  switch (measure.source) {
    case 'ledger':
      return evaluateCount(inputs.records ?? [], { min: measure.min, per: measure.per }, w);
    case 'risk_reviews_signed':
      return evaluateCount(inputs.records ?? [], { min: measure.min, per: 'year' }, w);
    case 'incidents':
    case 'ethics_cases':
      return evaluateNegative(inputs.records ?? [], { max: measure.max }, w);
    case 'tasks_on_time':
      return evaluateTasks(inputs.tasks ?? [], measure, w);
    case 'evidence':
      return evaluateEvidence(inputs.evidence ?? [], w);
    case 'none':
      return { status: 'met', actual: null, target: null, sourceIds: [], next: null };
  }
}

/** The duty's status: a negative item breached is red whatever else; then ownership gaps; then the measure. */
export function combineStatus(ownerState: string, outcome: Outcome, _listKind?: ListKind): DutyStatus {
  if (outcome.status === 'breached') return 'breached';
  if (ownerState === 'vacant') return 'vacant';
  if (ownerState === 'misplaced') return 'misplaced';
  return outcome.status;
}
