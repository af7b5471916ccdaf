import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import dayjs from '../../../i18n/dayjs.ts';
import { EXTENSION_MONTHS, type StepView, devApi, devKeys } from '../api.ts';
import { day } from '../common.tsx';
import { OverrideReasonField, RuleRefusal } from './RuleRefusal.tsx';

interface Values {
  date?: Dayjs;
  months?: number;
  decisionBody?: string;
  notes?: string;
  overrideReason?: string;
}

const FIELDS = ['date', 'months', 'decisionBody', 'notes', 'overrideReason'] as const;

interface Props {
  personId: number;
  name: string;
  probation: StepView | null;
  open: boolean;
  onClose: () => void;
}

/** Extends a probation once (6–12 months), decided during the probation; irreversible, so it asks first. */
export function ExtensionModal({ personId, name, probation, open, onClose }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [modal, modalHolder] = Modal.useModal();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [overriding, setOverriding] = useState(false);
  const canOverride = can('development.manage') && can('ledger.configure');
  const start = probation?.date ?? '';
  const end = start ? dayjs(start).add(1, 'year').format('YYYY-MM-DD') : '';

  const save = useMutation({
    mutationFn: (v: Values) =>
      devApi.extend(personId, {
        date: day(v.date) ?? '',
        months: v.months ?? EXTENSION_MONTHS.min,
        decisionBody: v.decisionBody?.trim() || null,
        notes: v.notes?.trim() || null,
        ...(overriding && v.overrideReason?.trim() ? { override: { reason: v.overrideReason.trim() } } : {}),
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.extension.saved'));
      onClose();
    },
    onError: (err) => {
      applyFieldErrors(form, err, FIELDS);
    },
  });
  const { reset } = save;

  // biome-ignore lint/correctness/useExhaustiveDependencies: fill on opening only
  useEffect(() => {
    if (!open) return;
    reset();
    setOverriding(false);
    form.resetFields();
    form.setFieldsValue({ date: dayjs(), months: EXTENSION_MONTHS.min, decisionBody: t('development.step.decisionBodies.generalMeeting') });
  }, [open]);

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        modal.confirm({
          title: t('development.extension.title', { name }),
          content: t('development.extension.confirm', { months: v.months ?? EXTENSION_MONTHS.min }),
          okText: t('development.extension.save'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutate(v),
        });
      })
      .catch(() => {});

  return (
    <Modal
      open={open}
      title={t('development.extension.title', { name })}
      onCancel={onClose}
      width={600}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger={overriding} loading={save.isPending} onClick={submit} data-testid="dev-extension-save">
            {overriding ? t('development.refusal.overrideOn') : t('development.extension.save')}
          </Button>
        </Space>
      }
    >
      {modalHolder}
      {start ? <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('development.extension.hint', { start, end })} /> : null}
      <RuleRefusal error={save.error} canOverride={canOverride} overriding={overriding} onOverride={() => setOverriding(true)} />
      <Form<Values> form={form} layout="vertical" name="dev-extension" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="date" label={t('development.extension.date')} rules={[{ required: true, message: t('development.common.required') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="months" label={t('development.extension.months')} rules={[{ required: true, message: t('development.common.required') }]}>
              <InputNumber min={1} max={24} style={{ width: '100%' }} suffix={t('development.common.monthUnit')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="decisionBody" label={t('development.extension.decisionBody')}>
              <AutoComplete
                options={(['generalMeeting', 'branchCommittee', 'committee'] as const).map((k) => ({ value: t(`development.step.decisionBodies.${k}`) }))}
                maxLength={200}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="notes" label={t('development.extension.notes')}>
              <Input.TextArea rows={2} maxLength={2000} showCount />
            </Form.Item>
          </Col>
        </Row>
        {overriding ? <OverrideReasonField /> : null}
      </Form>
    </Modal>
  );
}
