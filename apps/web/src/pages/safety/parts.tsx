import { Alert, Button, type FormInstance, Progress, Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { localizeServerText } from '../../i18n/index.ts';
import { percent } from './api.ts';

/** The context every tab works in: the unit (its subtree) and the year chosen at the top of the page. */
export interface TabScope {
  orgId: number;
  year: number;
  /** Drill into another unit (a child row of a roll-up). */
  onPickOrg: (orgId: number) => void;
}

export const DATE = 'YYYY-MM-DD';

export function today(): string {
  return dayjs().format(DATE);
}

/** A date or the "none" dash. */
export function DateText({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  return value ? <span style={{ whiteSpace: 'nowrap' }}>{value}</span> : <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
}

/** "part / whole" with the share as a thin bar; the number is always written out (not colour only). */
export function Rate({ part, whole, compact = false }: { part: number; whole: number; compact?: boolean }) {
  const { t } = useTranslation();
  const p = percent(part, whole);
  if (p === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  if (compact) return <span>{t('safety.percent', { value: p })}</span>;
  return (
    <Progress
      percent={p}
      size="small"
      status={p >= 95 ? 'success' : 'normal'}
      format={() => t('safety.percent', { value: p })}
      style={{ margin: 0, minWidth: 110 }}
    />
  );
}

/** A count that draws the eye when it is not zero (issues found, overdue rectifications…), with the number as text. */
export function CountTag({ n, color = 'orange' }: { n: number; color?: string }) {
  if (!n) return <span>0</span>;
  return (
    <Tag color={color} style={{ marginInlineEnd: 0 }}>
      {n}
    </Tag>
  );
}

/**
 * What a failed save shows above its form: a stale version explained with a reload button, else the translated
 * error with the problems that belong to no field.
 */
export function SaveError({ error, extra, onReload }: { error: unknown; extra?: FieldProblem[]; onReload?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isConflict(error))
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('safety.conflict')}
        style={{ marginBottom: 16 }}
        action={
          onReload ? (
            <Button size="small" onClick={onReload}>
              {t('safety.reload')}
            </Button>
          ) : undefined
        }
      />
    );
  return <ErrorAlert error={error} extra={extra} style={{ marginBottom: 16 }} />;
}

/**
 * Puts validation_failed problems on the form fields they name (what the user typed stays), after dropping `prefix`
 * (e.g. "results.0." for a one-row batch), and returns the problems that belong to no field here.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fields: readonly string[], prefix = ''): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  const rest: FieldProblem[] = [];
  for (const p of err.fields) {
    const name = prefix && p.field.startsWith(prefix) ? p.field.slice(prefix.length) : p.field;
    const message = localizeServerText(p.message);
    if (fields.includes(name)) byField.set(name, [...(byField.get(name) ?? []), message]);
    else rest.push({ field: name, message });
  }
  if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

/** A titled section header with actions on the right (wraps under the title on a phone). */
export function SectionHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', justifyContent: 'space-between', marginBottom: 12 }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      {extra ? <Space wrap>{extra}</Space> : null}
    </div>
  );
}

/** True when a mutation failed because the record is out of reach or gone (the calm "cannot see" state). */
export function isHidden(err: unknown): boolean {
  return err instanceof ApiError && (err.code === 'not_found' || err.code === 'forbidden');
}
