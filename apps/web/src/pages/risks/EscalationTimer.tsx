import { CheckCircleOutlined, ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { IncidentSummary } from './api.ts';
import { fmtDateTime, useDuration, useNow } from './common.tsx';

export type TimerState = 'none' | 'reported' | 'reportedLate' | 'pending' | 'urgent' | 'overdue';

/**
 * Minutes left to report upward, counted from the server's answer (`minutesLeft` at `fetchedAt`) rather than the
 * browser's clock, which may be wrong; ticks while the page is open.
 */
export function useTimer(inc: IncidentSummary, fetchedAt: number): { state: TimerState; minutes: number | null } {
  const now = useNow(30_000);
  if (inc.reportedToCommitteeAt) return { state: inc.reportedLate ? 'reportedLate' : 'reported', minutes: null };
  if (!inc.escalationDueAt || inc.minutesLeft === null) return { state: 'none', minutes: null };
  const left = inc.minutesLeft - Math.floor(Math.max(0, now - fetchedAt) / 60_000);
  if (inc.overdue || left <= 0) return { state: 'overdue', minutes: Math.min(left, 0) };
  return { state: left <= 30 ? 'urgent' : 'pending', minutes: left };
}

interface Props {
  incident: IncidentSummary;
  fetchedAt: number;
  /** With the deadline and the escalation note (detail view). */
  full?: boolean;
}

/** The escalation timer of an incident: time left, overdue, or reported (on time / late); colour and text. */
export function EscalationTimer({ incident, fetchedAt, full }: Props) {
  const { t } = useTranslation();
  const duration = useDuration();
  const { state, minutes } = useTimer(incident, fetchedAt);
  const due = incident.escalationDueAt ? (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {t('risks.dueAt', { at: fmtDateTime(incident.escalationDueAt) })}
    </Typography.Text>
  ) : null;
  let tag: React.ReactNode;
  if (state === 'none')
    tag = (
      <Tooltip title={t('risks.noDeadlineHint')}>
        <Typography.Text type="secondary">{t('risks.noDeadline')}</Typography.Text>
      </Tooltip>
    );
  else if (state === 'reported' || state === 'reportedLate')
    tag = (
      <Space size={4} wrap>
        <Tag color="success" icon={<CheckCircleOutlined />}>
          {t('risks.reportedUp')}
        </Tag>
        {state === 'reportedLate' ? <Tag color="error">{t('risks.reportedLate')}</Tag> : null}
        {full ? <Typography.Text type="secondary">{fmtDateTime(incident.reportedToCommitteeAt)}</Typography.Text> : null}
      </Space>
    );
  else if (state === 'overdue')
    tag = (
      <Tag color="error" icon={<ExclamationCircleOutlined />} className="tz-timer" data-testid="timer">
        {t('risks.overdueBy', { d: duration(minutes ?? 0) })}
      </Tag>
    );
  else
    tag = (
      <Tag color={state === 'urgent' ? 'volcano' : 'warning'} icon={<ClockCircleOutlined />} className="tz-timer" data-testid="timer">
        {t('risks.timeLeft', { d: duration(minutes ?? 0) })}
      </Tag>
    );
  return (
    <Space size={2} orientation="vertical">
      {tag}
      {(full || state === 'pending' || state === 'urgent' || state === 'overdue') && due}
      {full && incident.escalatedAt ? (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {t('risks.escalatedAt', { at: fmtDateTime(incident.escalatedAt) })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
