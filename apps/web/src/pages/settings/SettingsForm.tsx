import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Popconfirm, Space, Typography } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, isConflict } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { Loading } from '../../components/Loading.tsx';
import { localizeServerText } from '../../i18n/index.ts';
import dayjs from '../../i18n/dayjs.ts';
import '../../i18n/settings.ts';

export interface SettingsViewBase<T> {
  value: T;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
  saved: boolean;
}

interface Props<T extends object, V extends SettingsViewBase<T>> {
  /** GET and PUT address of the group. */
  url: string;
  title: string;
  intro: string;
  testId: string;
  /** The form's fields (names = keys of T). */
  children: ReactNode;
  /** Shown beside the form (read-only facts), from the loaded view. */
  aside?: (view: V) => ReactNode;
  /** Shown above the buttons for the values being edited (warnings). */
  hint?: (values: Partial<T>) => ReactNode;
}

/**
 * One settings group: load, edit in a form, confirm, save whole with the version it was loaded at. A conflict or a
 * refused value keeps what the user typed; the server asks for the password again when needed (ReauthHost).
 */
export function SettingsForm<T extends object, V extends SettingsViewBase<T>>({ url, title, intro, testId, children, aside, hint }: Props<T, V>) {
  const { t } = useTranslation();
  const message = useMessage();
  const qc = useQueryClient();
  const [form] = Form.useForm<T>();
  const key = ['settings', url] as const;
  const query = useQuery({ queryKey: key, queryFn: () => api.get<V>(url) });
  const [values, setValues] = useState<Partial<T>>({});

  const view = query.data;
  useEffect(() => {
    if (view) {
      form.setFieldsValue(view.value as Parameters<typeof form.setFieldsValue>[0]);
      setValues(view.value);
    }
  }, [view, form]);

  const save = useMutation({
    mutationFn: (value: T) => api.put<V>(url, { version: view?.version ?? 0, value }),
    onSuccess: (next) => {
      qc.setQueryData(key, next);
      void qc.invalidateQueries({ queryKey: ['meta'] });
      void message.success(t('settings.saved'));
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const fields = err.fields
        .filter((f) => f.field.startsWith('value.'))
        .map((f) => ({ name: f.field.slice('value.'.length).split('.')[0] as string, errors: [localizeServerText(f.message)] }));
      if (fields.length) form.setFields(fields as Parameters<typeof form.setFields>[0]);
    },
  });

  if (query.isPending) return <Loading />;
  if (query.error || !view) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;

  const submit = async () => {
    const v = await form.validateFields();
    save.mutate({ ...view.value, ...v });
  };

  return (
    <div data-testid={testId}>
      <div className="tz-page-title">
        <Typography.Title level={4}>{title}</Typography.Title>
      </div>
      <Typography.Paragraph type="secondary">{intro}</Typography.Paragraph>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {view.saved ? (
          <Typography.Text type="secondary" data-testid="settings-updated">
            {t('settings.version', { version: view.version })} ·{' '}
            {t('settings.updated', { by: view.updatedBy ?? '—', at: view.updatedAt ? dayjs(view.updatedAt).format('YYYY-MM-DD HH:mm') : '—' })}
          </Typography.Text>
        ) : (
          <Alert type="info" showIcon title={t('settings.fromConfig')} />
        )}
        {isConflict(save.error) ? (
          <Alert
            type="warning"
            showIcon
            title={t('settings.conflict')}
            action={
              <Button size="small" icon={<ReloadOutlined />} onClick={() => void query.refetch()}>
                {t('settings.reload')}
              </Button>
            }
            data-testid="settings-conflict"
          />
        ) : save.error ? (
          <ErrorAlert error={save.error} />
        ) : null}
        <Card>
          <Form form={form} layout="vertical" style={{ maxWidth: 640 }} onValuesChange={(_, all) => setValues(all)}>
            {children}
          </Form>
          {hint?.(values)}
          <Space>
            <Popconfirm title={t('settings.confirmTitle')} description={t('settings.confirmBody')} onConfirm={() => void submit()}>
              <Button type="primary" icon={<SaveOutlined />} loading={save.isPending} data-testid="settings-save">
                {t('settings.save')}
              </Button>
            </Popconfirm>
            <Button
              onClick={() => {
                form.setFieldsValue(view.value as Parameters<typeof form.setFieldsValue>[0]);
                setValues(view.value);
                save.reset();
              }}
            >
              {t('settings.reset')}
            </Button>
          </Space>
        </Card>
        {aside?.(view)}
      </Space>
    </div>
  );
}
