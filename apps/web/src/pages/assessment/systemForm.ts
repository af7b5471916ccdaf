import type { Category, GradeThreshold, IndicatorMeasure, MeasureSource } from './api.ts';

/** An indicator's measure as the form edits it (every source's fields at once; the source picks which count). */
export interface MeasureValues {
  source: MeasureSource;
  type_code?: string[];
  per?: 'year' | 'quarter' | 'month';
  min?: number | null;
  who?: 'org' | 'attendee';
  deduct?: number | null;
}

export interface IndicatorValues {
  code?: string;
  name?: string;
  maxPoints?: number | null;
  criteria?: string;
  measure?: MeasureValues;
}

export interface CategoryValues {
  code?: string;
  name?: string;
  weight?: number | null;
  indicators?: IndicatorValues[];
}

export interface SystemValues {
  title?: string;
  thresholds?: { grade?: string; min?: number | null }[];
  categories?: CategoryValues[];
}

/** Field names the server may point at inside the tree (used to place its messages on the form). */
export const TREE_FIELDS = new Set(['code', 'name', 'weight', 'maxPoints', 'criteria', 'source', 'type_code', 'per', 'min', 'who', 'deduct', 'grade', 'title']);

export function measureToValues(m: IndicatorMeasure): MeasureValues {
  switch (m.source) {
    case 'ledger':
      return { source: 'ledger', type_code: Array.isArray(m.type_code) ? m.type_code : [m.type_code], per: m.per, min: m.min, who: m.who ?? 'org' };
    case 'incidents':
      return { source: 'incidents', deduct: m.deduct };
    default:
      return { source: m.source };
  }
}

export function valuesToMeasure(v: MeasureValues | undefined): IndicatorMeasure {
  const source = v?.source ?? 'manual';
  if (source === 'ledger') {
    const codes = v?.type_code ?? [];
    return {
      source: 'ledger',
      type_code: codes.length === 1 ? (codes[0] ?? '') : codes,
      per: v?.per ?? 'month',
      min: v?.min ?? 1,
      ...(v?.who === 'attendee' ? { who: 'attendee' as const } : {}),
    };
  }
  if (source === 'incidents') return { source: 'incidents', deduct: v?.deduct ?? 0 };
  return { source } as IndicatorMeasure;
}

export function toValues(s: { title: string; categories: Category[]; thresholds: GradeThreshold[] }): SystemValues {
  return {
    title: s.title,
    thresholds: s.thresholds.map((x) => ({ ...x })),
    categories: s.categories.map((c) => ({
      code: c.code,
      name: c.name,
      weight: c.weight,
      indicators: c.indicators.map((i) => ({ code: i.code, name: i.name, maxPoints: i.maxPoints, criteria: i.criteria, measure: measureToValues(i.measure) })),
    })),
  };
}

export function fromValues(v: SystemValues): { title: string; categories: Category[]; thresholds: GradeThreshold[] } {
  return {
    title: v.title?.trim() ?? '',
    thresholds: (v.thresholds ?? []).map((x) => ({ grade: x.grade?.trim() ?? '', min: x.min ?? 0 })),
    categories: (v.categories ?? []).map((c) => ({
      code: c.code?.trim() ?? '',
      name: c.name?.trim() ?? '',
      weight: c.weight ?? 0,
      indicators: (c.indicators ?? []).map((i) => ({
        code: i.code?.trim() ?? '',
        name: i.name?.trim() ?? '',
        maxPoints: i.maxPoints ?? 0,
        criteria: i.criteria?.trim() ?? '',
        measure: valuesToMeasure(i.measure),
      })),
    })),
  };
}

/** Σ weights of the categories (must be 100) and each category's Σ max points. */
export function weightsOf(cats: readonly CategoryValues[] | undefined) {
  const list = cats ?? [];
  const total = Math.round(list.reduce((s, c) => s + (c?.weight ?? 0), 0) * 1000) / 1000;
  return { total, maxPoints: list.map((c) => (c?.indicators ?? []).reduce((s, i) => s + (i?.maxPoints ?? 0), 0)) };
}
