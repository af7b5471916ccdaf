import { SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Empty, Form, InputNumber, Segmented, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { ErrorAlert, applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import { SECRETARY_MIN_ROTATIONS, devApi, devKeys } from '../api.ts';
import { PersonSelect, useDevParams } from '../common.tsx';
import { CoveragePanel } from './CoveragePanel.tsx';
import { PersonHours } from './PersonHours.tsx';
import { ProgrammesPanel } from './ProgrammesPanel.tsx';

const SUBS = ['coverage', 'programmes', 'hours', 'settings'] as const;
type Sub = (typeof SUBS)[number];

function HoursPanel() {
  const { t } = useTranslation();
  const { year } = useDevParams();
  const [personId, setPersonId] = useState<number | null>(null);
  return (
    <div>
      <Form layout="vertical" style={{ maxWidth: 480 }}>
        <Form.Item label={t('development.trainings.personPick')} extra={t('development.trainings.personPickHint')}>
          <PersonSelect value={personId} onChange={(v) => setPersonId(typeof v === 'number' ? v : null)} />
        </Form.Item>
      </Form>
      {personId ? (
        <PersonHours key={personId} personId={personId} initialYear={year} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('development.trainings.personPickHint')} />
      )}
    </div>
  );
}

function SettingsPanel() {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<{ memberMinHours?: number }>();
  const editable = can('development.manage') && can('ledger.configure');
  const q = useQuery({ queryKey: devKeys.settings, queryFn: ({ signal }) => devApi.settings(signal) });
  const save = useMutation({
    mutationFn: (v: { memberMinHours?: number }) => devApi.saveSettings(v.memberMinHours ?? 0),
    onSuccess: (s) => {
      qc.setQueryData(devKeys.settings, s);
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.trainings.settingsSaved'));
    },
    onError: (err) => applyFieldErrors(form, err, ['memberMinHours']),
  });
  useEffect(() => {
    if (q.data) form.setFieldsValue({ memberMinHours: q.data.memberMinHours });
  }, [q.data, form]);
  return (
    <Card size="small" loading={q.isLoading} style={{ maxWidth: 720 }}>
      {q.error ? <ErrorAlert error={q.error} onRetry={() => void q.refetch()} style={{ marginBottom: 12 }} /> : null}
      {save.error ? <ErrorAlert error={save.error} style={{ marginBottom: 12 }} /> : null}
      {!editable ? <Alert type="info" showIcon title={t('development.trainings.settingsReadonly')} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" name="dev-training-settings" disabled={!editable || save.isPending} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="memberMinHours"
          label={t('development.trainings.memberMinHours')}
          extra={t('development.trainings.memberMinHoursHint')}
          rules={[{ required: true, message: t('development.common.required') }]}
        >
          <InputNumber min={0} max={2000} step={1} style={{ width: 200 }} suffix={t('development.common.hourUnit')} />
        </Form.Item>
        {editable ? (
          <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending}>
            {t('development.common.save')}
          </Button>
        ) : null}
      </Form>
      <Descriptions size="small" column={1} style={{ marginTop: 16 }}>
        <Descriptions.Item label={t('development.trainings.rotationRule')}>
          {t('development.trainings.rotationRuleValue', { n: SECRETARY_MIN_ROTATIONS })}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 培训: coverage against the rules (with gaps), programmes, one person's hours, the rule settings. */
export function TrainingsTab() {
  const { t } = useTranslation();
  const { sub, set } = useDevParams();
  const current: Sub = (SUBS as readonly string[]).includes(sub ?? '') ? (sub as Sub) : 'coverage';
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented<Sub>
          value={current}
          onChange={(v) => set({ sub: v === 'coverage' ? null : v }, true)}
          options={SUBS.map((s) => ({ value: s, label: t(`development.trainings.${s}`) }))}
        />
      </Space>
      {current === 'coverage' ? <CoveragePanel /> : null}
      {current === 'programmes' ? <ProgrammesPanel /> : null}
      {current === 'hours' ? <HoursPanel /> : null}
      {current === 'settings' ? (
        <>
          <Typography.Paragraph type="secondary">{t('development.trainings.settingsIntro')}</Typography.Paragraph>
          <SettingsPanel />
        </>
      ) : null}
    </div>
  );
}
