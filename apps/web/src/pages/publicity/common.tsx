import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Grid, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { type ContentStage, type ContentSummary, type ReviewStep, STAGE_COLORS, chinaToday } from './api.ts';

/**
 * The org the year views (publish log, required disclosures) start on: the user's first granted org; for whole-tree
 * users the first top unit that has units under it (an empty top unit is rarely the one meant).
 */
export function useDefaultOrg(): { orgId: number | null; loading: boolean } {
  const session = useCurrentSession();
  const granted = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  if (granted !== null) return { orgId: granted, loading: false };
  const units = top.data ?? [];
  return { orgId: (units.find((u) => u.childCount > 0) ?? units[0])?.id ?? null, loading: top.isLoading };
}

export function StageTag({ stage, round }: { stage: ContentStage; round?: number }) {
  const { t } = useTranslation();
  return (
    <Tag color={STAGE_COLORS[stage]} data-testid="stage-tag">
      {t(`publicity.stage.${stage}`)}
      {round && round > 1 ? ` · ${t('publicity.content.roundN', { n: round })}` : ''}
    </Tag>
  );
}

/** 一会一报: whether an event item was (or can still be) approved before its day. */
export function EventTag({ item }: { item: Pick<ContentSummary, 'eventDate' | 'approvedBeforeEvent' | 'approvedAt'> }) {
  const { t } = useTranslation();
  if (!item.eventDate) return null;
  if (item.approvedBeforeEvent) return <Tag color="success">{t('publicity.content.approvedBeforeEvent')}</Tag>;
  if (item.approvedAt || item.eventDate <= chinaToday()) return <Tag color="error">{t('publicity.content.notApprovedBeforeEvent')}</Tag>;
  return (
    <Tooltip title={t('publicity.content.eventRuleHint')}>
      <Tag color="orange">{t('publicity.content.awaitingBeforeEvent')}</Tag>
    </Tooltip>
  );
}

/** The reviewer acted in another step of this round (三审须三人): the step they took, else null. */
export function sameReviewerStep(err: unknown): ReviewStep | null {
  if (!(err instanceof ApiError) || err.code !== 'forbidden') return null;
  const d = err.details as { reason?: unknown; step?: unknown } | null;
  if (d?.reason !== 'same_reviewer') return null;
  return d.step === 1 || d.step === 2 || d.step === 3 ? d.step : 1;
}

/** A conflict because the item moved to another stage meanwhile: that stage, else null. */
export function stageConflict(err: unknown): ContentStage | null {
  if (!(err instanceof ApiError) || err.code !== 'conflict') return null;
  const d = err.details as { reason?: unknown; stage?: unknown } | null;
  return d?.reason === 'stage' && typeof d.stage === 'string' ? (d.stage as ContentStage) : null;
}

/** A stale copy: says so and offers to load the current one (what the user typed stays in the form). */
export function ConflictAlert({ onReload, stage }: { onReload: () => void; stage?: ContentStage | null }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={stage ? t('publicity.conflictStage', { stage: t(`publicity.stage.${stage}`) }) : t('publicity.conflict')}
      description={t('publicity.conflictHint')}
      style={{ marginBottom: 16 }}
      action={
        <Button size="small" icon={<ReloadOutlined />} onClick={onReload} data-testid="conflict-reload">
          {t('publicity.reload')}
        </Button>
      }
    />
  );
}

/** An external link, opened in a new tab without handing it this window. */
export function ExtLink({ href, children }: { href: string; children?: React.ReactNode }) {
  const safe = /^https?:\/\//i.test(href);
  if (!safe) return <span>{children ?? href}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children ?? href}
    </a>
  );
}

/** Table paging that goes back to the first page whenever `resetKey` (the filters) changes. */
export function usePaging(resetKey: string, pageSize = 20) {
  const [state, setState] = useState({ key: resetKey, page: 1, pageSize });
  const page = state.key === resetKey ? state.page : 1;
  const set = (p: { page: number; pageSize: number }) => setState({ key: resetKey, ...p });
  return [{ page, pageSize: state.pageSize }, set] as const;
}

/** Action columns stay pinned on wide screens only; on a phone a pinned column would hide the data beside it. */
export function useFixedRight(): 'right' | undefined {
  const screens = Grid.useBreakpoint();
  return screens.md ? 'right' : undefined;
}
