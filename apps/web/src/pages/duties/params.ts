import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export const TAB_KEYS = ['mine', 'board', 'gaps', 'lists', 'pledges', 'involvement'] as const;
export type TabKey = (typeof TAB_KEYS)[number];

export type ParamPatch = Record<string, string | number | null | undefined>;

/**
 * The page keeps its state in the URL (tab, year, org, filters, the open duty) so a view can be shared, reloaded
 * and reached from a drill-down link; `patch` changes some keys and keeps the others.
 */
export function useParamState() {
  const [params, setParams] = useSearchParams();
  const patch = useCallback(
    (changes: ParamPatch, replace = false) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(changes)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  return [params, patch] as const;
}

export function numParam(p: URLSearchParams, key: string): number | null {
  const n = Number(p.get(key));
  return Number.isInteger(n) && n > 0 ? n : null;
}

export function enumParam<T extends string>(p: URLSearchParams, key: string, allowed: readonly T[]): T | undefined {
  const v = p.get(key);
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** What every tab gets from the page: the year and the org subtree in view, and the URL state. */
export interface TabProps {
  year: number;
  orgId: number | null;
  params: URLSearchParams;
  patch: (changes: ParamPatch, replace?: boolean) => void;
  /** Opens a duty in the detail drawer. */
  openDuty: (id: number) => void;
}
