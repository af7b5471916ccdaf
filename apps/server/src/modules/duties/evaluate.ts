import { Measure } from '@taizhang/shared/schemas/duties';
import { COUNTED_STATUSES } from '@taizhang/shared/schemas/ledger';
import { sql } from 'kysely';
import type { Executor } from '../../db/database.ts';
import { chinaDate, iso } from '../../platform/clock.ts';
import type { AppContext } from '../../platform/context.ts';
import { type EvidenceRec, type Next, type Rec, type TaskRec, combineStatus, evaluateMeasure } from './measures.ts';

/**
 * The database side of measuring duties: fetch the records behind many duties at once (a handful of
 * grouped queries per source, whatever the number of duties), evaluate with the pure functions in
 * measures.ts, and write back only what changed (bulk UPDATE … FROM (VALUES …)).
 */

export interface DutyRow {
  id: number;
  year: number;
  org_id: number;
  person_id: number | null;
  owner_state: string;
  status: string;
  actual_value: number | null;
  target_value: number | null;
  source_ids: string;
  next_json: string | null;
  list_kind: string;
  measure_json: string;
}

const CHUNK = 500;
/** Above this many keys, query without the IN filter and index in memory. */
const UNFILTERED = 4000;
const SCHOOL_KINDS = new Set(['school', 'kindergarten']);

export function parseMeasure(json: string): Measure {
  const r = Measure.safeParse(JSON.parse(json));
  return r.success ? r.data : { kind: 'none', source: 'none' };
}

async function fetchIn<T>(ids: Iterable<number | null>, run: (chunk: number[] | null) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set([...ids].filter((x): x is number => x !== null))];
  if (unique.length === 0) return [];
  if (unique.length > UNFILTERED) return run(null);
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await run(unique.slice(i, i + CHUNK))));
  return out;
}

/** Does an optional table of another module exist? (information_schema first: a failed query would abort a pg transaction.) */
export async function tableExists(ctx: Pick<AppContext, 'dialect'>, exec: Executor, name: string): Promise<boolean> {
  if (ctx.dialect === 'pg') {
    const r = await sql<{
      n: number;
    }>`select count(*) as n from information_schema.tables where table_name = ${name} and table_schema = current_schema()`.execute(exec);
    return Number(r.rows[0]?.n ?? 0) > 0;
  }
  const r = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${name}`.execute(exec);
  return Number(r.rows[0]?.n ?? 0) > 0;
}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
};

/** Records by (org or person id, type id): nested maps, no key strings built per record. */
class ByIdType {
  private readonly m = new Map<number, Map<number, Rec[]>>();
  add(id: number, typeId: number, r: Rec): void {
    let inner = this.m.get(id);
    if (!inner) {
      inner = new Map();
      this.m.set(id, inner);
    }
    push(inner, typeId, r);
  }
  get(id: number, typeId: number): Rec[] {
    return this.m.get(id)?.get(typeId) ?? [];
  }
}

/** The orgs whose records count for a duty at `orgId`: itself, and the school it serves when it sits directly under one. */
export async function recordOrgsOf(exec: Executor, orgIds: Iterable<number>): Promise<Map<number, number[]>> {
  const rows = await fetchIn(orgIds, (chunk) => {
    let q = exec.selectFrom('org_units as o').leftJoin('org_units as p', 'p.id', 'o.parent_id').select(['o.id', 'p.id as parent_id', 'p.kind as parent_kind']);
    if (chunk) q = q.where('o.id', 'in', chunk);
    return q.execute();
  });
  return new Map(rows.map((r) => [r.id, r.parent_id !== null && SCHOOL_KINDS.has(r.parent_kind ?? '') ? [r.id, r.parent_id] : [r.id]]));
}

interface Tenure {
  personId: number;
  from: string | null;
  to: string | null;
}

/** Owners of a duty over time from its handovers (the duty belongs to the post: a predecessor's records count for their tenure). */
function tenures(d: { person_id: number | null }, handovers: { from_person_id: number | null; to_person_id: number | null; on_date: string }[]): Tenure[] {
  if (handovers.length === 0) return d.person_id === null ? [] : [{ personId: d.person_id, from: null, to: null }];
  const out: Tenure[] = [];
  let start: string | null = null;
  let current = handovers[0].from_person_id;
  for (const h of handovers) {
    if (current !== null) out.push({ personId: current, from: start, to: h.on_date });
    current = h.to_person_id;
    start = h.on_date;
  }
  if (current !== null) out.push({ personId: current, from: start, to: null });
  return out;
}
const inTenure = (t: Tenure, date: string) => (t.from === null || date >= t.from) && (t.to === null || date < t.to);

export interface EvalResult {
  evaluated: number;
  changed: number;
}

/** Evaluates the given duties as of `evalDateFor(year)` and writes what changed. */
export async function evaluateDuties(ctx: AppContext, exec: Executor, duties: DutyRow[], evalDateFor?: (year: number) => string): Promise<EvalResult> {
  if (duties.length === 0) return { evaluated: 0, changed: 0 };
  const today = chinaDate(ctx.clock.now());
  const dateFor = evalDateFor ?? ((y: number) => (today < `${y}-12-31` ? today : `${y}-12-31`));
  const byYear = new Map<number, DutyRow[]>();
  for (const d of duties) push(byYear, d.year, d);
  const updates: Update[] = [];

  const has = {
    risk: await tableExists(ctx, exec, 'risk_reviews'),
    incidents: await tableExists(ctx, exec, 'incidents'),
    tasks: (await tableExists(ctx, exec, 'assignments')) && (await tableExists(ctx, exec, 'tasks')),
    ethics: await tableExists(ctx, exec, 'ethics_cases'),
  };
  const types = await exec.selectFrom('activity_types').select(['id', 'code', 'is_study']).execute();
  // Many duties share one item: parse each measure (and resolve its types) once.
  const measures = new Map<string, Measure>();
  const measureOf = (json: string): Measure => {
    let m = measures.get(json);
    if (!m) {
      m = parseMeasure(json);
      measures.set(json, m);
    }
    return m;
  };
  const typeIdCache = new Map<Measure, number[]>();
  const typeIdsOf = (m: Extract<Measure, { source: 'ledger' }>): number[] => {
    let ids = typeIdCache.get(m);
    if (!ids) {
      ids = typeIdsMatching(types, m);
      typeIdCache.set(m, ids);
    }
    return ids;
  };

  for (const [year, list] of byYear) {
    const evalDate = dateFor(year);
    const from = `${year}-01-01`;
    const to = `${year}-12-31`;
    const parsed = list.map((d) => ({ d, m: measureOf(d.measure_json) }));
    const recordOrgs = await recordOrgsOf(exec, new Set(list.map((d) => d.org_id)));
    const orgsFor = (d: DutyRow) => recordOrgs.get(d.org_id) ?? [d.org_id];
    const personBased = parsed.filter(({ m }) => (m.source === 'ledger' && m.who !== 'org') || m.source === 'risk_reviews_signed');
    const handoverRows = await fetchIn(
      personBased.map(({ d }) => d.id),
      (chunk) => {
        let q = exec.selectFrom('duty_handovers').select(['duty_id', 'from_person_id', 'to_person_id', 'on_date', 'id']).orderBy('on_date').orderBy('id');
        if (chunk) q = q.where('duty_id', 'in', chunk);
        return q.execute();
      },
    );
    const handoversOf = new Map<number, typeof handoverRows>();
    for (const h of handoverRows) push(handoversOf, h.duty_id, h);
    const tenureOf = new Map(personBased.map(({ d }) => [d.id, tenures(d, handoversOf.get(d.id) ?? [])]));
    const personsOf = (who: 'host' | 'attendee' | 'signer') =>
      personBased
        .filter(({ m }) => (m.source === 'ledger' ? m.who === who : who === 'signer'))
        .flatMap(({ d }) => (tenureOf.get(d.id) ?? []).map((t) => t.personId));

    // ---- ledger: one query per grouping (org, host, attendee), each over the types its measures count ----
    const ledger = parsed.filter(({ m }) => m.source === 'ledger') as { d: DutyRow; m: Extract<Measure, { source: 'ledger' }> }[];
    const typesFor = (who: 'org' | 'host' | 'attendee') => [...new Set(ledger.filter(({ m }) => m.who === who).flatMap(({ m }) => typeIdsOf(m)))];
    const byOrgType = new ByIdType();
    const byHostType = new ByIdType();
    const byAttendeeType = new ByIdType();
    const base = (typeIds: number[]) =>
      exec
        .selectFrom('activities as a')
        .where('a.status', 'in', [...COUNTED_STATUSES])
        .where('a.date', '>=', from)
        .where('a.date', '<=', to)
        .where('a.type_id', 'in', typeIds);
    const orgTypes = typesFor('org');
    if (orgTypes.length) {
      const orgRows = await fetchIn(
        ledger.filter(({ m }) => m.who === 'org').flatMap(({ d }) => orgsFor(d)),
        (chunk) => {
          let q = base(orgTypes).select(['a.id', 'a.date', 'a.org_id', 'a.type_id']);
          if (chunk) q = q.where('a.org_id', 'in', chunk);
          return q.execute();
        },
      );
      for (const r of orgRows) byOrgType.add(r.org_id, r.type_id, { id: r.id, date: r.date });
    }
    const hostTypes = typesFor('host');
    if (hostTypes.length) {
      const hostRows = await fetchIn(personsOf('host'), (chunk) => {
        let q = base(hostTypes).select(['a.id', 'a.date', 'a.host_person_id', 'a.type_id']).where('a.host_person_id', 'is not', null);
        if (chunk) q = q.where('a.host_person_id', 'in', chunk);
        return q.execute();
      });
      for (const r of hostRows) if (r.host_person_id !== null) byHostType.add(r.host_person_id, r.type_id, { id: r.id, date: r.date });
    }
    const attendeeTypes = typesFor('attendee');
    if (attendeeTypes.length) {
      // One row per record with its present attendees' ids joined in SQL: a province's attendance is millions of
      // rows, its records a tenth of that; every attendee shares the record's one Rec. Unfiltered (every member
      // counts), a correlated subquery per record; for a few persons, their attendance rows grouped.
      const present = ctx.dialect === 'pg' ? sql<string>`string_agg(cast(aa.person_id as text), ',')` : sql<string>`group_concat(aa.person_id, ',')`;
      const attRows = await fetchIn(personsOf('attendee'), (chunk) => {
        if (chunk === null)
          return base(attendeeTypes)
            .select((eb) => [
              'a.id',
              'a.date',
              'a.type_id',
              eb
                .selectFrom('activity_attendance as aa')
                .select(present.as('p'))
                .whereRef('aa.activity_id', '=', 'a.id')
                .where('aa.status', '=', 'present')
                .as('persons'),
            ])
            .execute();
        return base(attendeeTypes)
          .innerJoin('activity_attendance as aa', 'aa.activity_id', 'a.id')
          .select(['a.id', 'a.date', 'a.type_id', present.as('persons')])
          .where('aa.status', '=', 'present')
          .where('aa.person_id', 'in', chunk)
          .groupBy(['a.id', 'a.date', 'a.type_id'])
          .execute();
      });
      for (const r of attRows) {
        if (r.persons === null) continue;
        const rec: Rec = { id: r.id, date: r.date };
        for (const p of String(r.persons).split(',')) byAttendeeType.add(Number(p), r.type_id, rec);
      }
    }

    // ---- risk reviews signed by the owner ----
    const bySigner = new Map<number, Rec[]>();
    if (has.risk) {
      const rows = await fetchIn(personsOf('signer'), (chunk) => {
        let q = exec
          .selectFrom('risk_reviews')
          .select(['id', 'date', 'signed_off_by_person_id'])
          .where('signed', '=', 1)
          .where('date', '>=', from)
          .where('date', '<=', to);
        if (chunk) q = q.where('signed_off_by_person_id', 'in', chunk);
        return q.execute();
      });
      for (const r of rows) if (r.signed_off_by_person_id !== null) push(bySigner, r.signed_off_by_person_id, { id: r.id, date: r.date });
    }

    // ---- tasks of the org (assignments by deadline) ----
    const tasksByOrg = new Map<number, TaskRec[]>();
    const taskDuties = parsed.filter(({ m }) => m.source === 'tasks_on_time');
    if (has.tasks && taskDuties.length) {
      const rows = await fetchIn(
        taskDuties.flatMap(({ d }) => orgsFor(d)),
        (chunk) => {
          let q = exec
            .selectFrom('assignments as a')
            .innerJoin('tasks as t', 't.id', 'a.task_id')
            .select(['a.id', 'a.org_id', 'a.first_submitted_at', 't.deadline'])
            .where('t.deadline', '>=', from)
            .where('t.deadline', '<=', to);
          if (chunk) q = q.where('a.org_id', 'in', chunk);
          return q.execute();
        },
      );
      for (const r of rows)
        push(tasksByOrg, r.org_id, {
          id: r.id,
          deadline: r.deadline,
          firstSubmittedOn: r.first_submitted_at ? chinaDate(new Date(r.first_submitted_at)) : null,
        });
    }

    // ---- negative list: incidents, ethics cases ----
    const incidentsByOrg = new Map<number, (Rec & { level: string })[]>();
    const incidentDuties = parsed.filter(({ m }) => m.source === 'incidents');
    if (has.incidents && incidentDuties.length) {
      const rows = await fetchIn(
        incidentDuties.flatMap(({ d }) => orgsFor(d)),
        (chunk) => {
          let q = exec
            .selectFrom('incidents')
            .select(['id', 'org_id', 'occurred_at', 'level'])
            .where('occurred_at', '>=', `${year - 1}-12-31`)
            .where('occurred_at', '<', `${year + 1}-01-02`);
          if (chunk) q = q.where('org_id', 'in', chunk);
          return q.execute();
        },
      );
      for (const r of rows) push(incidentsByOrg, r.org_id, { id: r.id, date: chinaDate(new Date(r.occurred_at)), level: r.level });
    }
    const ethicsByOrg = new Map<number, Rec[]>();
    const ethicsDuties = parsed.filter(({ m }) => m.source === 'ethics_cases');
    if (has.ethics && ethicsDuties.length) {
      const rows = await fetchIn(
        ethicsDuties.flatMap(({ d }) => orgsFor(d)),
        (chunk) => {
          let q = exec.selectFrom('ethics_cases').select(['id', 'org_id', 'decision_on']).where('decision_on', '>=', from).where('decision_on', '<=', to);
          if (chunk) q = q.where('org_id', 'in', chunk);
          return q.execute();
        },
      );
      for (const r of rows) if (r.decision_on) push(ethicsByOrg, r.org_id, { id: r.id, date: r.decision_on });
    }

    // ---- manual evidence ----
    const evidenceOf = new Map<number, EvidenceRec[]>();
    const rows = await fetchIn(
      parsed.filter(({ m }) => m.source === 'evidence').map(({ d }) => d.id),
      (chunk) => {
        let q = exec.selectFrom('duty_evidence').select(['id', 'duty_id', 'status']);
        if (chunk) q = q.where('duty_id', 'in', chunk);
        return q.execute();
      },
    );
    for (const r of rows) push(evidenceOf, r.duty_id, { id: r.id, status: r.status as EvidenceRec['status'] });

    for (const { d, m } of parsed) {
      let records: Rec[] = [];
      let tasks: TaskRec[] = [];
      if (m.source === 'ledger') {
        const typeIds = typeIdsOf(m);
        // Most duties draw on one list (one org or owner, one type): shared as is, copied only to join several.
        const parts: Rec[][] = [];
        if (m.who === 'org') {
          for (const o of orgsFor(d))
            for (const t of typeIds) {
              const recs = byOrgType.get(o, t);
              if (recs.length) parts.push(recs);
            }
        } else {
          const idx = m.who === 'host' ? byHostType : byAttendeeType;
          for (const tn of tenureOf.get(d.id) ?? []) {
            const whole = tn.from === null && tn.to === null;
            for (const t of typeIds) {
              const recs = idx.get(tn.personId, t);
              if (recs.length) parts.push(whole ? recs : recs.filter((r) => inTenure(tn, r.date)));
            }
          }
        }
        records = parts.length === 1 ? parts[0] : parts.flat();
      } else if (m.source === 'risk_reviews_signed') {
        records = (tenureOf.get(d.id) ?? []).flatMap((tn) => (bySigner.get(tn.personId) ?? []).filter((r) => inTenure(tn, r.date)));
      } else if (m.source === 'incidents') {
        records = orgsFor(d).flatMap((o) => (incidentsByOrg.get(o) ?? []).filter((r) => m.level === undefined || r.level === m.level));
      } else if (m.source === 'ethics_cases') {
        records = orgsFor(d).flatMap((o) => ethicsByOrg.get(o) ?? []);
      } else if (m.source === 'tasks_on_time') {
        tasks = orgsFor(d).flatMap((o) => tasksByOrg.get(o) ?? []);
      }
      const outcome = evaluateMeasure(m, { records, tasks, evidence: evidenceOf.get(d.id) ?? [] }, { year, evalDate });
      const status = combineStatus(d.owner_state, outcome);
      const sourceIds = JSON.stringify(outcome.sourceIds);
      const next = outcome.next ? JSON.stringify(outcome.next satisfies Next) : null;
      if (status !== d.status || outcome.actual !== d.actual_value || outcome.target !== d.target_value || sourceIds !== d.source_ids || next !== d.next_json) {
        updates.push({ id: d.id, status, actual: outcome.actual, target: outcome.target, sourceIds, next });
      }
    }
  }
  await writeUpdates(ctx, exec, updates, iso(ctx.clock.now()));
  return { evaluated: duties.length, changed: updates.length };
}

/** The activity types a ledger measure counts: its codes, and every study type if `study`. */
export function typeIdsMatching(types: { id: number; code: string; is_study: number }[], m: Extract<Measure, { source: 'ledger' }>): number[] {
  const codes = m.type_code === undefined ? [] : Array.isArray(m.type_code) ? m.type_code : [m.type_code];
  return types.filter((t) => codes.includes(t.code) || (m.study === true && t.is_study === 1)).map((t) => t.id);
}

type Update = { id: number; status: string; actual: number | null; target: number | null; sourceIds: string; next: string | null };

/**
 * Bulk write-back. PostgreSQL: one statement per 5,000 rows with the values as six array parameters (unnest), so
 * the statement stays small whatever the batch; SQLite: UPDATE … FROM (VALUES …) by 400 rows.
 */
async function writeUpdates(ctx: Pick<AppContext, 'dialect'>, exec: Executor, updates: Update[], now: string) {
  if (ctx.dialect === 'pg') {
    for (let i = 0; i < updates.length; i += 5000) {
      const chunk = updates.slice(i, i + 5000);
      await sql`update duties set
          status = v.status,
          actual_value = v.actual,
          target_value = v.target,
          source_ids = v.source_ids,
          next_json = v.next_json,
          evaluated_at = ${now},
          updated_at = ${now}
        from unnest(
          cast(${chunk.map((u) => u.id)} as integer[]),
          cast(${chunk.map((u) => u.status)} as text[]),
          cast(${chunk.map((u) => u.actual)} as double precision[]),
          cast(${chunk.map((u) => u.target)} as double precision[]),
          cast(${chunk.map((u) => u.sourceIds)} as text[]),
          cast(${chunk.map((u) => u.next)} as text[])
        ) as v(id, status, actual, target, source_ids, next_json)
        where duties.id = v.id`.execute(exec);
    }
    return;
  }
  for (let i = 0; i < updates.length; i += 400) {
    const chunk = updates.slice(i, i + 400);
    const values = sql.join(
      chunk.map((u) => sql`(${u.id}, ${u.status}, ${u.actual}, ${u.target}, ${u.sourceIds}, ${u.next})`),
      sql`, `,
    );
    await sql`update duties set
        status = v.column2,
        actual_value = cast(v.column3 as double precision),
        target_value = cast(v.column4 as double precision),
        source_ids = v.column5,
        next_json = v.column6,
        evaluated_at = ${now},
        updated_at = ${now}
      from (values ${values}) as v
      where duties.id = cast(v.column1 as integer)`.execute(exec);
  }
}

/** A duty's own columns; DutyRow adds its item's list kind and measure. */
const DUTY_OWN_COLUMNS = [
  'd.id',
  'd.year',
  'd.org_id',
  'd.person_id',
  'd.owner_state',
  'd.status',
  'd.actual_value',
  'd.target_value',
  'd.source_ids',
  'd.next_json',
] as const;
const DUTY_COLUMNS = [...DUTY_OWN_COLUMNS, 'i.list_kind', 'i.measure_json'] as const;

export function dutyRowsQuery(exec: Executor) {
  return exec.selectFrom('duties as d').innerJoin('duty_items as i', 'i.id', 'd.item_id').select(DUTY_COLUMNS);
}

/**
 * Every duty of the given lists, without joining the item to each row: the items (a few dozen) are read once
 * and their measure text shared by all their duties (a province has hundreds of thousands).
 */
export async function listDutyRows(exec: Executor, listIds: number[]): Promise<DutyRow[]> {
  if (listIds.length === 0) return [];
  const items = new Map(
    (await exec.selectFrom('duty_items').select(['id', 'list_kind', 'measure_json']).where('list_id', 'in', listIds).execute()).map((i) => [i.id, i]),
  );
  const rows = await exec
    .selectFrom('duties as d')
    .select([...DUTY_OWN_COLUMNS, 'd.item_id'])
    .where('d.list_id', 'in', listIds)
    .execute();
  // Built field by field: a rest/spread copy per row costs seconds over a province's duties.
  const out: DutyRow[] = [];
  for (const r of rows) {
    const item = items.get(r.item_id);
    if (!item) continue;
    out.push({
      id: r.id,
      year: r.year,
      org_id: r.org_id,
      person_id: r.person_id,
      owner_state: r.owner_state,
      status: r.status,
      actual_value: r.actual_value,
      target_value: r.target_value,
      source_ids: r.source_ids,
      next_json: r.next_json,
      list_kind: item.list_kind,
      measure_json: item.measure_json,
    });
  }
  return out;
}

/** Re-evaluates every duty of a list (or of a year). */
export async function evaluateList(ctx: AppContext, exec: Executor, listId: number, evalDate?: string): Promise<EvalResult> {
  return evaluateDuties(ctx, exec, await listDutyRows(exec, [listId]), evalDate ? () => evalDate : undefined);
}

export type RecordSource = 'ledger' | 'tasks_on_time' | 'risk_reviews_signed' | 'incidents' | 'ethics_cases' | 'evidence';

/** Measures that follow the records of the duty's org (and of the school it serves); the others follow the owner. */
const isOrgMeasure = (m: Measure) => (m.source === 'ledger' ? m.who === 'org' : m.source !== 'risk_reviews_signed');

/**
 * Incremental re-evaluation after a record was created, submitted or changed: only the duties of that year whose
 * measure reads `source` (and, for a ledger record whose `typeCode` is given, counts that type), and that the
 * record can reach — an org measure of one of the record's orgs or of a party org directly under one that is a
 * school (the orgs whose records a duty counts, recordOrgsOf); a person measure (host, attendee, signer) owned by
 * one of `personIds`, now or earlier in the year (a handover: a predecessor's records count for the post).
 * The items are chosen first (a few dozen a year), so a record no published measure reads costs two small queries.
 */
export async function reevaluateForRecord(
  ctx: AppContext,
  exec: Executor,
  rec: { orgIds: number[]; date: string; source: RecordSource; personIds?: number[]; typeCode?: string },
): Promise<EvalResult> {
  const year = Number(rec.date.slice(0, 4));
  const items = await exec
    .selectFrom('duty_items as i')
    .innerJoin('duty_lists as l', 'l.id', 'i.list_id')
    .select(['i.id', 'i.measure_json'])
    .where('l.year', '=', year)
    .where('l.status', '=', 'published')
    .execute();
  const type =
    rec.source === 'ledger' && rec.typeCode !== undefined
      ? await exec.selectFrom('activity_types').select(['id', 'code', 'is_study']).where('code', '=', rec.typeCode).executeTakeFirst()
      : undefined;
  const orgItems: number[] = [];
  const personItems: number[] = [];
  for (const i of items) {
    const m = parseMeasure(i.measure_json);
    if (m.source !== rec.source) continue;
    if (type && m.source === 'ledger' && typeIdsMatching([type], m).length === 0) continue;
    (isOrgMeasure(m) ? orgItems : personItems).push(i.id);
  }
  const persons = [...new Set(rec.personIds ?? [])];
  if (orgItems.length === 0 && (personItems.length === 0 || persons.length === 0)) return { evaluated: 0, changed: 0 };

  const rows: DutyRow[] = [];
  if (orgItems.length) {
    const orgs = new Set(rec.orgIds);
    const ids = [...orgs];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const served = await exec
        .selectFrom('org_units as o')
        .innerJoin('org_units as p', 'p.id', 'o.parent_id')
        .select('o.id')
        .where('o.parent_id', 'in', ids.slice(i, i + CHUNK))
        .where('p.kind', 'in', ['school', 'kindergarten'])
        .execute();
      for (const r of served) orgs.add(r.id);
    }
    const all = [...orgs];
    for (let i = 0; i < all.length; i += CHUNK)
      rows.push(
        ...(await dutyRowsQuery(exec)
          .where('d.item_id', 'in', orgItems)
          .where('d.org_id', 'in', all.slice(i, i + CHUNK))
          .execute()),
      );
  }
  if (personItems.length && persons.length) {
    const seen = new Set<number>();
    for (let i = 0; i < persons.length; i += CHUNK) {
      const chunk = persons.slice(i, i + CHUNK);
      const handed = exec
        .selectFrom('duty_handovers as h')
        .select('h.duty_id')
        .where((eb) => eb.or([eb('h.from_person_id', 'in', chunk), eb('h.to_person_id', 'in', chunk)]));
      const found = await dutyRowsQuery(exec)
        .where('d.item_id', 'in', personItems)
        .where((eb) => eb.or([eb('d.person_id', 'in', chunk), eb('d.id', 'in', handed)]))
        .execute();
      for (const d of found)
        if (!seen.has(d.id)) {
          seen.add(d.id);
          rows.push(d);
        }
    }
  }
  return evaluateDuties(ctx, exec, rows);
}

/**
 * The daily pass: a duty's status also moves with the calendar (a month ends without its meeting, a task's
 * deadline passes unanswered), which no record announces. Every published list of the current year — and in
 * January of the year just ended, whose evaluation date becomes 31 December — is re-evaluated, one transaction
 * per list with its audit event (what changed, counted).
 */
export async function reevaluateOpenYears(ctx: AppContext): Promise<EvalResult> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const years = today.slice(5, 7) === '01' ? [year - 1, year] : [year];
  const lists = await ctx.db.selectFrom('duty_lists').select(['id', 'org_id', 'year']).where('status', '=', 'published').where('year', 'in', years).execute();
  const total: EvalResult = { evaluated: 0, changed: 0 };
  for (const l of lists) {
    await ctx.db.transaction().execute(async (trx) => {
      const r = await evaluateList(ctx, trx, l.id);
      total.evaluated += r.evaluated;
      total.changed += r.changed;
      await ctx.audit.write(trx, {
        at: iso(now),
        actorId: null,
        actorName: 'system',
        action: 'duty_list.reevaluate',
        entityType: 'duty_list',
        entityId: l.id,
        orgId: l.org_id,
        result: 'ok',
        after: { year: l.year, evaluated: r.evaluated, changed: r.changed, asOf: today },
      });
    });
  }
  return total;
}
