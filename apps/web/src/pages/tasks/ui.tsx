import { Alert, Button, Progress, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { sanitizeHtml } from '../../components/html.ts';
import { type AssignmentStatus, STATUS_COLORS } from './api.ts';

/** A Beijing calendar date (YYYY-MM-DD) of an ISO timestamp. */
export function fmtDate(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD') : '—';
}

export function fmtDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—';
}

/** Whole days from today to a YYYY-MM-DD date (negative when it has passed). */
export function daysUntil(date: string): number {
  return dayjs(date).startOf('day').diff(dayjs().startOf('day'), 'day');
}

/** The status as text (colour only repeats it), plus 逾期 when the deadline has passed without a submission. */
export function AssignmentStatusTag({ status, overdue }: { status: AssignmentStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLORS[status]}>{t(`tasks.status.${status}`)}</Tag>
      {overdue ? <Tag color="error">{t('tasks.overdue')}</Tag> : null}
    </Space>
  );
}

export function TaskStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return status === 'closed' ? <Tag>{t('tasks.taskStatus.closed')}</Tag> : <Tag color="blue">{t('tasks.taskStatus.open')}</Tag>;
}

/** The deadline, with how far away it is when the task is still running. */
export function Deadline({ date, done }: { date: string; done?: boolean }) {
  const { t } = useTranslation();
  const d = daysUntil(date);
  if (done) return <span>{date}</span>;
  return (
    <Space size={4} wrap>
      <span>{date}</span>
      {d < 0 ? null : d <= 3 ? <Tag color="orange">{d === 0 ? t('tasks.dueToday') : t('tasks.dueInDays', { n: d })}</Tag> : null}
    </Space>
  );
}

/** An on-time or progress rate as a bar with its percentage written out; null → "no data yet". */
export function RateBar({ rate, title }: { rate: number | null; title?: string }) {
  const { t } = useTranslation();
  if (rate === null) return <Typography.Text type="secondary">{t('tasks.stats.noRate')}</Typography.Text>;
  const pct = Math.round(rate * 1000) / 10;
  return (
    <Tooltip title={title}>
      <Progress
        percent={pct}
        size="small"
        status={pct >= 90 ? 'success' : pct >= 60 ? 'normal' : 'exception'}
        format={(p) => `${p}%`}
        style={{ minWidth: 120, margin: 0 }}
      />
    </Tooltip>
  );
}

/** Requirements text from the server (sanitised there; sanitised again before the browser renders it). */
export function HtmlView({ html, empty }: { html: string; empty?: string }) {
  const clean = sanitizeHtml(html);
  if (!clean.trim()) return <Typography.Text type="secondary">{empty ?? '—'}</Typography.Text>;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by an allow-list (here and on the server)
  return <div className="tz-task-html" dangerouslySetInnerHTML={{ __html: clean }} />;
}

/** An error of a mutation: a stale version is explained with a reload button, anything else is translated. */
export function MutationError({ error, onReload, style }: { error: unknown; onReload?: () => void; style?: React.CSSProperties }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isConflict(error))
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('tasks.conflict')}
        style={style}
        action={
          onReload ? (
            <Button size="small" onClick={onReload}>
              {t('tasks.reload')}
            </Button>
          ) : undefined
        }
      />
    );
  return <ErrorAlert error={error} style={style} />;
}

/** A drawer's width: `max` pixels, or the whole window when it is narrower (a phone), following resizes. */
export function useDrawerSize(max: number): number {
  const [width, setWidth] = useState(() => (typeof window === 'undefined' ? max : window.innerWidth));
  useEffect(() => {
    const on = () => setWidth(window.innerWidth);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return Math.min(max, width);
}
