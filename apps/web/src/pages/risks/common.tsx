import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Tag } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useCurrentSession } from '../../auth/session.ts';
import dayjs from '../../i18n/dayjs.ts';
import { INC_STATUSES, type IncidentStatus, LEVELS, type MatrixView, type RiskLevel, type RiskStatus, STATUSES } from './api.ts';

/** Level colours: the tag preset and the heat-grid fill (text is always shown beside the colour). */
export const LEVEL_TAG: Record<RiskLevel, string> = { 低: 'green', 一般: 'gold', 较大: 'orange', 重大: 'red' };
export const LEVEL_FILL: Record<RiskLevel, string> = { 低: '#d9f7be', 一般: '#fff1b8', 较大: '#ffd8bf', 重大: '#ffa39e' };
export const LEVEL_FILL_STRONG: Record<RiskLevel, string> = { 低: '#95de64', 一般: '#ffd666', 较大: '#ff9c6e', 重大: '#ff7875' };
export const STATUS_TAG: Record<RiskStatus, string> = { identified: 'blue', treating: 'processing', monitoring: 'cyan', closed: 'default' };
export const INC_STATUS_TAG: Record<IncidentStatus, string> = { open: 'error', handling: 'processing', closed: 'success' };

export function isLevel(v: string | null | undefined): v is RiskLevel {
  return !!v && (LEVELS as readonly string[]).includes(v);
}

export function useLevelLabel(): (level: string | null | undefined) => string {
  const { t } = useTranslation();
  return useCallback((level) => (isLevel(level) ? t(`risks.level.${level}`) : (level ?? t('common.none'))), [t]);
}

export function LevelTag({ level, rating }: { level: string | null | undefined; rating?: [number | null, number | null] }) {
  const { t } = useTranslation();
  const label = useLevelLabel();
  if (!level) return <Tag>{t('risks.unrated')}</Tag>;
  const score = rating && rating[0] !== null && rating[1] !== null ? ` ${rating[0]}×${rating[1]}` : '';
  return (
    <Tag color={isLevel(level) ? LEVEL_TAG[level] : undefined} data-testid="level-tag">
      {label(level)}
      {score}
    </Tag>
  );
}

export function RiskStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (STATUSES as readonly string[]).includes(status) ? (status as RiskStatus) : null;
  return <Tag color={known ? STATUS_TAG[known] : undefined}>{known ? t(`risks.status.${known}`) : status}</Tag>;
}

export function IncidentStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = (INC_STATUSES as readonly string[]).includes(status) ? (status as IncidentStatus) : null;
  return <Tag color={known ? INC_STATUS_TAG[known] : undefined}>{known ? t(`risks.incStatus.${known}`) : status}</Tag>;
}

/** The level a likelihood × impact pair gets on the server's matrix (null until the matrix is loaded). */
export function levelFrom(matrix: MatrixView | undefined, likelihood: number | null | undefined, impact: number | null | undefined): string | null {
  if (!matrix || !likelihood || !impact) return null;
  return matrix.cells.find((c) => c.likelihood === likelihood && c.impact === impact)?.level ?? null;
}

export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** Today as a Beijing calendar date (the server's "today" for due dates and review dates). */
export function chinaToday(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function yearOptions(): { value: number; label: string }[] {
  const now = dayjs().year();
  return Array.from({ length: now - 2017 }, (_, i) => now - i).map((y) => ({ value: y, label: String(y) }));
}

/** URL search params as page state (filters, tab, open drawers), so links and the back button work. */
export function useUrlState() {
  const [params, setParams] = useSearchParams();
  const str = useCallback((k: string) => params.get(k) || undefined, [params]);
  const num = useCallback(
    (k: string) => {
      const n = Number(params.get(k));
      return Number.isInteger(n) && n > 0 ? n : undefined;
    },
    [params],
  );
  const set = useCallback(
    (patch: Record<string, string | number | null | undefined>, replace = false) =>
      setParams(
        (p) => {
          const next = new URLSearchParams(p);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '') next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace },
      ),
    [setParams],
  );
  return { params, str, num, set };
}

/** The org a page starts on: the first org of the user's grants, else the first of the top units in reach. */
export function useScopeOrg(): number | null {
  const session = useCurrentSession();
  const granted = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  return granted ?? top.data?.[0]?.id ?? null;
}

/** A clock for countdowns: re-renders every `ms`. */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now;
}

/** "2 小时 5 分" from minutes. */
export function useDuration(): (minutes: number) => string {
  const { t } = useTranslation();
  return useCallback(
    (minutes) => {
      const m = Math.abs(Math.round(minutes));
      const d = Math.floor(m / 1440);
      const h = Math.floor((m % 1440) / 60);
      const mm = m % 60;
      if (d) return t('risks.durationDays', { d, h });
      if (h) return t('risks.durationHours', { h, m: mm });
      return t('risks.durationMinutes', { m: mm });
    },
    [t],
  );
}

/** The stale-version alert of a form, with a reload of the current record. */
export function ConflictAlert({ onReload }: { onReload?: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 16 }}
      title={t('risks.conflictTitle')}
      description={t('risks.conflictHint')}
      action={
        onReload ? (
          <Button size="small" onClick={onReload}>
            {t('risks.reload')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Memoised option lists of the enums, translated. */
export function useEnumOptions() {
  const { t } = useTranslation();
  const label = useLevelLabel();
  return useMemo(
    () => ({
      levels: LEVELS.map((l) => ({ value: l, label: label(l) })),
      statuses: STATUSES.map((s) => ({ value: s, label: t(`risks.status.${s}`) })),
      incStatuses: INC_STATUSES.map((s) => ({ value: s, label: t(`risks.incStatus.${s}`) })),
    }),
    [t, label],
  );
}
