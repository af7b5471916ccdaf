import { Progress, Space, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  BINDS,
  type Binds,
  type DutyStatus,
  type DutyView,
  LIST_KIND_COLORS,
  type ListKind,
  MEASURE_SOURCES,
  type Measure,
  ORG_KINDS,
  PLEDGE_COLORS,
  type PledgeStatus,
  STATUS_COLORS,
} from './api.ts';
import { isOverdue } from './hooks.ts';

/** A duty status as a tag with its text (never colour alone). */
export function StatusTag({ status }: { status: DutyStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="duty-status">
      {t(`duties.status.${status}`)}
    </Tag>
  );
}

/** Status plus an "overdue" tag when its next step is past due. */
export function DutyStatusCell({ duty }: { duty: Pick<DutyView, 'status' | 'next'> }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <StatusTag status={duty.status} />
      {isOverdue(duty) ? <Tag color="red">{t('duties.overdue')}</Tag> : null}
    </Space>
  );
}

export function ListKindTag({ kind }: { kind: ListKind }) {
  const { t } = useTranslation();
  return <Tag color={LIST_KIND_COLORS[kind]}>{t(`duties.listKind.${kind}`)}</Tag>;
}

export function PledgeStatusTag({ status }: { status: PledgeStatus }) {
  const { t } = useTranslation();
  return <Tag color={PLEDGE_COLORS[status]}>{t(`duties.pledgeStatus.${status}`)}</Tag>;
}

/** A role name (duty roles are the `binds` values; anything else is shown as it is). */
export function roleLabel(t: TFunction, role: string): string {
  return (BINDS as readonly string[]).includes(role) ? t(`duties.binds.${role as Binds}`) : role;
}

export function orgKindLabel(t: TFunction, kind: string): string {
  return (ORG_KINDS as readonly string[]).includes(kind) ? t(`duties.orgKind.${kind as (typeof ORG_KINDS)[number]}`) : kind;
}

/** The stored measure of an item, if it is one this page knows. */
export function asMeasure(v: unknown): Measure | null {
  if (typeof v !== 'object' || v === null) return null;
  const source = (v as { source?: unknown }).source;
  return typeof source === 'string' && (MEASURE_SOURCES as readonly string[]).includes(source) ? (v as Measure) : null;
}

/** How an item is measured, in words. */
export function describeMeasure(t: TFunction, m: Measure | null, typeNames: ReadonlyMap<string, string>): string {
  if (!m) return t('common.none');
  switch (m.source) {
    case 'ledger': {
      const codes = m.type_code === undefined ? [] : Array.isArray(m.type_code) ? m.type_code : [m.type_code];
      const names = codes.map((c) => typeNames.get(c) ?? c);
      if (m.study) names.push(t('duties.measure.allStudy'));
      return t('duties.measure.ledgerText', {
        types: names.join(t('duties.listSep')),
        who: t(`duties.who.${m.who}`),
        per: t(`duties.per.${m.per}`),
        min: m.min,
      });
    }
    case 'tasks_on_time':
      return t('duties.measure.tasksText', { rate: Math.round(m.min_rate * 100) });
    case 'risk_reviews_signed':
      return t('duties.measure.riskText', { min: m.min });
    case 'incidents':
      return m.level ? t('duties.measure.incidentsLevelText', { level: m.level, max: m.max }) : t('duties.measure.incidentsText', { max: m.max });
    case 'ethics_cases':
      return t('duties.measure.ethicsText', { max: m.max });
    case 'evidence':
      return t('duties.measure.evidenceText');
    case 'none':
      return t('duties.measure.noneText');
  }
}

function progressText(t: TFunction, d: DutyView, m: Measure | null): string | null {
  const a = d.actualValue;
  const g = d.targetValue;
  switch (d.sources.kind) {
    case 'none':
      return t('duties.progress.none');
    case 'evidence':
      return a !== null && a >= 1 ? t('duties.progress.evidenceAccepted') : t('duties.progress.evidenceMissing');
    case 'tasks_on_time':
      return a === null ? t('duties.progress.noTasksDue') : t('duties.progress.rate', { actual: Math.round(a * 100), target: Math.round((g ?? 0) * 100) });
    case 'incidents':
    case 'ethics_cases':
      return t('duties.progress.occurred', { n: a ?? 0, max: g ?? 0 });
    default: {
      if (a === null || g === null) return null;
      const per = m?.source === 'ledger' ? m.per : 'year';
      return per === 'year' ? t('duties.progress.times', { actual: a, target: g }) : t(`duties.progress.periods_${per}`, { actual: a, target: g });
    }
  }
}

/** Target vs actual: the words and, for counts and rates, a thin bar coloured by the status. */
export function DutyProgress({ duty, measure }: { duty: DutyView; measure?: Measure | null }) {
  const { t } = useTranslation();
  const text = progressText(t, duty, measure ?? null);
  const a = duty.actualValue;
  const g = duty.targetValue;
  const bar = ['ledger', 'risk_reviews_signed', 'tasks_on_time'].includes(duty.sources.kind) && a !== null && g !== null && g > 0;
  const percent = bar ? Math.min(100, Math.round(((a ?? 0) / (g ?? 1)) * 100)) : 0;
  const status = duty.status === 'met' ? 'success' : duty.status === 'unmet' || duty.status === 'breached' ? 'exception' : 'normal';
  return (
    <div style={{ minWidth: 110 }}>
      <Typography.Text type={duty.status === 'breached' ? 'danger' : undefined}>{text ?? t('common.none')}</Typography.Text>
      {bar ? <Progress percent={percent} size="small" showInfo={false} status={status} style={{ margin: 0 }} aria-hidden /> : null}
    </div>
  );
}

/** What is due next, with its date. */
export function NextDue({ next }: { next: DutyView['next'] }) {
  const { t } = useTranslation();
  if (!next) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <div>
      <div>{next.text}</div>
      {next.dueDate ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('duties.dueOn', { date: next.dueDate })}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** The owner, or a red 缺位 tag when nobody holds the duty. */
export function OwnerCell({ duty }: { duty: Pick<DutyView, 'personName' | 'status'> }) {
  const { t } = useTranslation();
  if (!duty.personName) return <Tag color="error">{t('duties.noOwner')}</Tag>;
  return (
    <Space size={4} wrap>
      <span>{duty.personName}</span>
      {duty.status === 'misplaced' ? <Tag color="magenta">{t('duties.status.misplaced')}</Tag> : null}
    </Space>
  );
}
