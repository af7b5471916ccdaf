import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Form, Input, Space, Spin, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { CHANNELS, type DeliveryChannel, type NotificationPref, tasksApi, tasksKeys } from './api.ts';
import { applyServerErrors } from './formErrors.ts';

type Values = Record<DeliveryChannel, { enabled: boolean; address?: string | null }>;

/** The caller's delivery preferences: in-app is always on; e-mail needs an address; WeCom / DingTalk group robots. */
export function PrefsCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<FieldProblem[] | undefined>(undefined);
  const prefs = useQuery({ queryKey: tasksKeys.prefs, queryFn: ({ signal }) => tasksApi.prefs(signal) });
  const emailOn = Form.useWatch(['email', 'enabled'], form) as boolean | undefined;

  useEffect(() => {
    if (!prefs.data) return;
    form.setFieldsValue(Object.fromEntries(prefs.data.map((p) => [p.channel, { enabled: p.enabled, address: p.address ?? '' }])) as Values);
  }, [prefs.data, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      tasksApi.savePrefs(
        CHANNELS.map((c): NotificationPref => ({ channel: c, enabled: !!v[c]?.enabled, address: c === 'email' ? v.email?.address?.trim() || null : null })),
      ),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tasksKeys.prefs });
      setProblems(undefined);
      message.success(t('tasks.prefs.saved'));
    },
    // The server names the row ("prefs.0.address"); the e-mail address is the only field it checks.
    onError: (err) => setProblems(applyServerErrors(form, err, (f) => (/^prefs\.\d+\.address$/.test(f) ? ['email', 'address'] : null))),
  });

  return (
    <Card size="small" title={t('tasks.prefs.title')}>
      {prefs.isLoading ? <Spin /> : null}
      {prefs.error ? <ErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} /> : null}
      {save.error ? <ErrorAlert error={save.error} extra={problems} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t('tasks.prefs.intro')}</Typography.Paragraph>
      <Form<Values> form={form} layout="horizontal" name="prefs-form" disabled={save.isPending || !prefs.data} onFinish={(v) => save.mutate(v)}>
        {CHANNELS.map((c) => (
          <Space key={c} wrap align="start" style={{ display: 'flex', marginBottom: 4 }}>
            <Form.Item name={[c, 'enabled']} valuePropName="checked" label={t(`tasks.channel.${c}`)} style={{ minWidth: 160, marginBottom: 8 }}>
              <Switch checkedChildren={t('tasks.prefs.on')} unCheckedChildren={t('tasks.prefs.off')} />
            </Form.Item>
            {c === 'email' ? (
              <Form.Item
                name={['email', 'address']}
                style={{ marginBottom: 8 }}
                rules={[
                  { required: !!emailOn, message: t('tasks.prefs.emailRequired') },
                  { type: 'email', message: t('tasks.prefs.emailInvalid') },
                ]}
              >
                <Input maxLength={200} placeholder={t('tasks.prefs.emailPlaceholder')} style={{ width: 260, maxWidth: '100%' }} autoComplete="email" />
              </Form.Item>
            ) : (
              <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>
                {t('tasks.prefs.robotHint')}
              </Typography.Text>
            )}
          </Space>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
