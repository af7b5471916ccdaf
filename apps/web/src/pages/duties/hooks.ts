import { useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useCan } from '../../auth/session.ts';
import dayjs from '../../i18n/dayjs.ts';
import { type DutyItemView, type DutyView, dutyApi, dutyKeys } from './api.ts';

/** Every list in reach (all years, newest first); the page, the year choice and the list editor share it. */
export function useDutyLists() {
  return useQuery({ queryKey: dutyKeys.lists, queryFn: ({ signal }) => dutyApi.lists(signal), staleTime: 60_000 });
}

/** The caller's own duties for a year (empty when the account has no person or owns nothing). */
export function useMyDuties(year: number) {
  return useQuery({ queryKey: dutyKeys.mine(year), queryFn: ({ signal }) => dutyApi.mine(year, signal), staleTime: 30_000 });
}

/**
 * The caller's person id, as far as the duties tell it: the session does not carry it, and only the person's own
 * duties (GET /duties/mine) name it.
 */
export function useMyPersonId(year: number): number | null {
  const mine = useMyDuties(year);
  return mine.data?.find((d) => d.personId !== null)?.personId ?? null;
}

/** The items of the year's lists by id: a duty view does not carry its measure, the list item does. */
export function useYearItems(year: number): Map<number, DutyItemView> {
  const lists = useDutyLists();
  const ids = (lists.data ?? []).filter((l) => l.year === year).map((l) => l.id);
  const details = useQueries({
    queries: ids.map((id) => ({ queryKey: dutyKeys.list(id), queryFn: ({ signal }: { signal: AbortSignal }) => dutyApi.list(id, signal), staleTime: 60_000 })),
  });
  const stamp = details.map((d) => d.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` changes exactly when one of the lists was (re)loaded
  return useMemo(() => {
    const m = new Map<number, DutyItemView>();
    for (const d of details) for (const it of d.data?.items ?? []) m.set(it.id, it);
    return m;
  }, [stamp]);
}

/** Activity type names by code (for describing ledger measures); empty without ledger.read. */
export function useActivityTypeNames(): Map<string, string> {
  const can = useCan();
  const types = useQuery({
    queryKey: dutyKeys.activityTypes,
    queryFn: ({ signal }) => dutyApi.activityTypes(signal),
    staleTime: 5 * 60_000,
    enabled: can('ledger.read'),
  });
  return useMemo(() => new Map((types.data ?? []).map((x) => [x.code, x.name])), [types.data]);
}

/** Org names for a few ids (involvement records carry ids only). */
export function useOrgNames(ids: readonly number[]): Map<number, string> {
  const unique = [...new Set(ids)].slice(0, 30);
  const res = useQueries({
    queries: unique.map((id) => ({
      queryKey: dutyKeys.orgName(id),
      queryFn: ({ signal }: { signal: AbortSignal }) => dutyApi.orgName(id, signal),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const stamp = res.map((r) => r.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: `stamp` changes exactly when a name arrived
  return useMemo(() => {
    const m = new Map<number, string>();
    unique.forEach((id, i) => {
      const name = res[i]?.data;
      if (name) m.set(id, name);
    });
    return m;
  }, [stamp, unique.join(',')]);
}

export const today = () => dayjs().format('YYYY-MM-DD');

/** Unmet or still running with its due date passed (the server's definition in the gap view). */
export function isOverdue(d: Pick<DutyView, 'status' | 'next'>, on: string = today()): boolean {
  return (d.status === 'unmet' || d.status === 'pending') && d.next?.dueDate != null && d.next.dueDate < on;
}

/** A date inside the year: today when it is the current year, else the year's first or last day. */
export function dateInYear(year: number): string {
  const t = today();
  if (t < `${year}-01-01`) return `${year}-01-01`;
  if (t > `${year}-12-31`) return `${year}-12-31`;
  return t;
}
