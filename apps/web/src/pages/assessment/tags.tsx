import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { GRADE_COLORS, type IndicatorMeasure, type ScorecardStatus, STATUS_COLORS, assessmentApi, assessmentKeys } from './api.ts';

/** A scorecard status as a tag with its text (never colour alone). */
export function StatusTag({ status }: { status: ScorecardStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={`status-${status}`}>
      {t(`assessment.status.${status}`)}
    </Tag>
  );
}

/** A grade; `projected` marks one computed from the current total before the committee finalizes. */
export function GradeTag({ grade, projected }: { grade: string | null; projected?: boolean }) {
  const { t } = useTranslation();
  if (!grade) return <span>{t('common.none')}</span>;
  return (
    <Tag color={projected ? 'default' : (GRADE_COLORS[grade] ?? 'default')} variant={projected ? 'outlined' : undefined}>
      {projected ? t('assessment.projectedGrade', { grade }) : grade}
    </Tag>
  );
}

/** Whether the indicator is scored from records or by the school, as a tag. */
export function SourceTag({ auto }: { auto: boolean }) {
  const { t } = useTranslation();
  return <Tag color={auto ? 'geekblue' : 'gold'}>{auto ? t('assessment.auto') : t('assessment.manual')}</Tag>;
}

/** Activity type names by code (the ledger's types; cached for the page). */
export function useTypeNames(): Map<string, string> {
  const types = useQuery({ queryKey: assessmentKeys.activityTypes, queryFn: ({ signal }) => assessmentApi.activityTypes(signal), staleTime: 10 * 60_000 });
  return new Map((types.data ?? []).map((x) => [x.code, x.name]));
}

/** How an indicator is measured, in words ("台账「主题党日」每月至少1次"). */
export function MeasureText({ measure }: { measure: IndicatorMeasure }) {
  const { t } = useTranslation();
  const names = useTypeNames();
  return <span>{describeMeasure(measure, names, t)}</span>;
}

export function describeMeasure(m: IndicatorMeasure, names: Map<string, string>, t: TFunction): string {
  switch (m.source) {
    case 'ledger': {
      const codes = Array.isArray(m.type_code) ? m.type_code : [m.type_code];
      const types = codes.map((c) => names.get(c) ?? c).join(t('assessment.listSep'));
      const base =
        m.per === 'year'
          ? t('assessment.measureText.ledgerYear', { types, min: m.min })
          : t('assessment.measureText.ledgerPer', { types, min: m.min, per: t(`assessment.per.${m.per}`) });
      return m.who === 'attendee' ? `${base}${t('assessment.measureText.attendee')}` : base;
    }
    case 'incidents':
      return t('assessment.measureText.incidents', { deduct: m.deduct });
    default:
      return t(`assessment.measureText.${m.source}`);
  }
}
