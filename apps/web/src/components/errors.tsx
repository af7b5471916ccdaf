import { Alert, Button, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem } from '../api/client.ts';
import { localizeServerText } from '../i18n/index.ts';

/** Translates any thrown error through the catalog (never shows the server's text for the code). */
export function useErrorMessage(): (err: unknown) => string {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown) => {
      if (err instanceof ApiError) return t(`errors.${err.code}`);
      return t('errors.internal_error');
    },
    [t],
  );
}

/**
 * Puts validation_failed field messages on the matching form fields (keeping what the user typed) and returns the
 * problems that belong to no field on this form.
 */
export function applyFieldErrors(form: FormInstance, err: unknown, fieldNames: readonly string[]): FieldProblem[] {
  if (!(err instanceof ApiError)) return [];
  const byField = new Map<string, string[]>();
  const rest: FieldProblem[] = [];
  for (const p of err.fields) {
    const msg = localizeServerText(p.message);
    if (fieldNames.includes(p.field)) byField.set(p.field, [...(byField.get(p.field) ?? []), msg]);
    else rest.push({ field: p.field, message: msg });
  }
  if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return rest;
}

interface ErrorAlertProps {
  error: unknown;
  /** Field problems that were not shown on a form field. */
  extra?: FieldProblem[];
  title?: string;
  onRetry?: () => void;
  action?: React.ReactNode;
  style?: React.CSSProperties;
}

/** A translated error with the request id (for support) and an optional retry button. */
export function ErrorAlert({ error, extra, title, onRetry, action, style }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  if (!error) return null;
  const requestId = error instanceof ApiError ? error.requestId : null;
  const problems = extra ?? (error instanceof ApiError ? error.fields.map((f) => ({ ...f, message: localizeServerText(f.message) })) : []);
  return (
    <Alert
      type="error"
      showIcon
      style={style}
      role="alert"
      title={title ?? message(error)}
      description={
        problems.length || requestId ? (
          <>
            {problems.map((p) => (
              <div key={`${p.field}:${p.message}`}>{p.message}</div>
            ))}
            {requestId ? <div style={{ color: 'rgba(0,0,0,0.45)', fontSize: 12 }}>{t('common.requestId', { id: requestId })}</div> : null}
          </>
        ) : undefined
      }
      action={
        action ??
        (onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined)
      }
    />
  );
}
