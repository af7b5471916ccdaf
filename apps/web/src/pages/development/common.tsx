import { useQuery } from '@tanstack/react-query';
import { Select, Spin, Tag, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchOrgChildren, orgKeys, useOrgDetail } from '../../api/orgUnits.ts';
import type { OrgUnitView } from '../../api/types.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';
import dayjs from '../../i18n/dayjs.ts';
import { type DevelopmentStage, type PersonOption, STAGE_COLORS, devApi, devKeys } from './api.ts';

export const DATE = 'YYYY-MM-DD';
export const day = (d: Dayjs | null | undefined): string | null => (d ? d.format(DATE) : null);
export const parseDay = (s: string | null | undefined): Dayjs | null => (s ? dayjs(s) : null);
export const thisYear = (): number => dayjs().year();
export const todayStr = (): string => dayjs().format(DATE);

export const TABS = ['board', 'stats', 'trainings', 'honours'] as const;
export type TabKey = (typeof TABS)[number];

/**
 * The page's state in the URL (tab, org, year, board date, open person), so a link or a reload lands on the same
 * view and the org / year chosen on one tab carry over to the next.
 */
export function useDevParams() {
  const [params, setParams] = useSearchParams();
  const num = (k: string) => {
    const n = Number(params.get(k));
    return Number.isInteger(n) && n > 0 ? n : null;
  };
  const tabRaw = params.get('tab');
  const tab: TabKey = (TABS as readonly string[]).includes(tabRaw ?? '') ? (tabRaw as TabKey) : 'board';
  const yearNum = num('year');
  const date = params.get('date');
  const set = useCallback(
    (patch: Record<string, string | number | null | undefined>, replace = false) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(patch)) {
            if (v === null || v === undefined || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  return {
    tab,
    orgId: num('org'),
    year: yearNum && yearNum >= 1921 && yearNum <= 2100 ? yearNum : thisYear(),
    date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    personId: num('person'),
    sub: params.get('sub'),
    set,
  };
}

/** The org a tab starts on: the first org of the user's grants, else the first of the top units in reach. */
export function useDefaultOrg(): { orgId: number | null; loading: boolean } {
  const session = useCurrentSession();
  const granted = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  if (granted !== null) return { orgId: granted, loading: false };
  return { orgId: top.data?.[0]?.id ?? null, loading: top.isLoading };
}

/** The org of the URL, else the default one. */
export function useOrgParam(): { orgId: number | null; loading: boolean } {
  const { orgId } = useDevParams();
  const fallback = useDefaultOrg();
  return orgId ? { orgId, loading: false } : fallback;
}

interface Node {
  id: number;
  pId: number | 0;
  value: number;
  title: string;
  isLeaf: boolean;
}

const toNode = (u: OrgUnitView, pId: number | 0): Node => ({ id: u.id, pId, value: u.id, title: u.name, isLeaf: u.childCount === 0 });

interface OrgTreeSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  placeholder?: string;
  id?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** Picks an org unit from the tree (children load on opening a node); the chosen unit's path is shown from the start. */
export function OrgTreeSelect({ value, onChange, placeholder, id, allowClear = false, style, ...rest }: OrgTreeSelectProps) {
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const detail = useOrgDetail(value ?? null);
  const [loaded, setLoaded] = useState<Node[]>([]);
  const treeData = useMemo(() => {
    const seen = new Set<number>();
    const out: Node[] = [];
    const path = detail.data?.path ?? [];
    const chain: Node[] = path.map((p, i) => ({ id: p.id, pId: i === 0 ? 0 : path[i - 1].id, value: p.id, title: p.name, isLeaf: false }));
    for (const n of [...(top.data ?? []).map((u) => toNode(u, 0)), ...chain, ...loaded]) {
      if (seen.has(n.id)) continue;
      // A scoped user's path starts below the top of the tree: hang it under the nearest visible unit.
      if (n.pId !== 0 && !seen.has(n.pId) && !out.some((x) => x.id === n.pId)) n.pId = 0;
      seen.add(n.id);
      out.push(n);
    }
    return out;
  }, [top.data, loaded, detail.data]);
  const loadData = useCallback(async (node: { id?: unknown; value?: unknown }) => {
    const parentId = Number(node.id ?? node.value);
    const kids = await fetchOrgChildren(parentId);
    setLoaded((prev) => [...prev, ...kids.map((u) => toNode(u, parentId))]);
  }, []);
  return (
    <TreeSelect<number>
      id={id}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={treeData}
      loadData={loadData}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={placeholder}
      allowClear={allowClear}
      loading={top.isLoading}
      showSearch={false}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200, ...style }}
      aria-label={rest['aria-label']}
      data-testid="dev-org-select"
    />
  );
}

/** The years offered by the year pickers: next year back to ten years ago (older years can be typed in the URL). */
export function yearOptions(current = thisYear()): { value: number; label: string }[] {
  const out: { value: number; label: string }[] = [];
  for (let y = current + 1; y >= current - 10; y--) out.push({ value: y, label: String(y) });
  return out;
}

export function YearSelect({
  value,
  onChange,
  allowClear,
  style,
}: {
  value?: number | null;
  onChange: (y: number | null) => void;
  allowClear?: boolean;
  style?: React.CSSProperties;
}) {
  const { t } = useTranslation();
  const options = useMemo(() => {
    const list = yearOptions();
    if (value && !list.some((o) => o.value === value)) list.push({ value, label: String(value) });
    return list.map((o) => ({ ...o, label: t('development.common.yearN', { year: o.value }) }));
  }, [value, t]);
  return (
    <Select<number>
      value={value ?? undefined}
      onChange={(v) => onChange(v ?? null)}
      allowClear={allowClear}
      placeholder={t('development.common.allYears')}
      options={options}
      style={{ width: 120, ...style }}
      aria-label={t('development.common.year')}
      data-testid="dev-year-select"
    />
  );
}

export function StageTag({ stage }: { stage: DevelopmentStage }) {
  const { t } = useTranslation();
  return <Tag color={STAGE_COLORS[stage]}>{t(`development.stage.${stage}`)}</Tag>;
}

interface PersonSelectProps {
  value?: number | number[] | null;
  onChange?: (value: number | number[] | null) => void;
  multiple?: boolean;
  /** Only party members (liaison persons and introducers must be full members). */
  membersOnly?: boolean;
  /** Labels for ids chosen before any search (e.g. the introducers recorded at the previous stage). */
  known?: readonly { id: number; code: string; name: string }[];
  excludeIds?: readonly number[];
  placeholder?: string;
  id?: string;
  maxCount?: number;
}

/** Picks people by server-side search (name, code, pinyin initials) within reach. */
export function PersonSelect({ value, onChange, multiple, membersOnly = false, known = [], excludeIds = [], placeholder, id, maxCount }: PersonSelectProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: devKeys.peopleSearch(q, membersOnly),
    queryFn: ({ signal }) => devApi.searchPeople(q, membersOnly, signal),
    staleTime: 60_000,
  });
  const [chosen, setChosen] = useState<Map<number, PersonOption | { id: number; code: string; name: string }>>(new Map());
  const options = useMemo(() => {
    const seen = new Set<number>();
    const out: { value: number; label: string; disabled?: boolean }[] = [];
    const add = (p: { id: number; code: string; name: string; unitName?: string | null }) => {
      if (seen.has(p.id)) return;
      seen.add(p.id);
      const where = p.unitName ? ` · ${p.unitName}` : '';
      out.push({ value: p.id, label: `${t('common.withParen', { text: p.name, inner: p.code })}${where}`, disabled: excludeIds.includes(p.id) });
    };
    const selected = value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
    for (const idv of selected) {
      const c = chosen.get(idv) ?? known.find((k) => k.id === idv);
      if (c) add(c);
    }
    for (const p of found.data ?? []) add(p);
    return out;
  }, [found.data, value, chosen, known, excludeIds, t]);
  const remember = (ids: number[]) => {
    const byId = new Map((found.data ?? []).map((p) => [p.id, p]));
    setChosen((m) => {
      const next = new Map(m);
      for (const i of ids) {
        const p = byId.get(i);
        if (p) next.set(i, p);
      }
      return next;
    });
  };
  return (
    <Select<number | number[]>
      id={id}
      mode={multiple ? 'multiple' : undefined}
      maxCount={maxCount}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      placeholder={placeholder ?? t('development.common.searchPerson')}
      allowClear
      options={options}
      notFoundContent={found.isFetching ? <Spin size="small" /> : t('development.common.noPeople')}
      onChange={(v) => {
        remember(Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
        onChange?.(v ?? null);
      }}
      style={{ width: '100%' }}
      data-testid="dev-person-select"
    />
  );
}

/** Days from today until `date` (negative: past). */
export function daysUntil(date: string): number {
  return dayjs(date).startOf('day').diff(dayjs().startOf('day'), 'day');
}
