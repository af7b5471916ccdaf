import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, isConflict } from '../../api/client.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';

interface Props {
  error: unknown;
  /** Field problems that belong to no field of the form. */
  extra?: FieldProblem[];
  /** Loads the record as it is now (after a stale-version conflict). */
  onReload?: () => Promise<void>;
}

/**
 * What a failed save says above its form: a stale version explained, with the latest version one click away; any
 * other error translated (field errors sit on the fields themselves).
 */
export function SaveErrorAlert({ error, extra, onReload }: Props) {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  if (!error) return null;
  if (isConflict(error))
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        style={{ marginBottom: 16 }}
        title={t('ethics.form.conflict')}
        description={t('ethics.form.conflictHint')}
        action={
          onReload ? (
            <Button
              size="small"
              loading={busy}
              onClick={async () => {
                setBusy(true);
                try {
                  await onReload();
                } catch (err) {
                  message.error(errorMessage(err));
                } finally {
                  setBusy(false);
                }
              }}
            >
              {t('ethics.form.reload')}
            </Button>
          ) : undefined
        }
      />
    );
  return <ErrorAlert error={error} extra={extra} style={{ marginBottom: 16 }} />;
}
