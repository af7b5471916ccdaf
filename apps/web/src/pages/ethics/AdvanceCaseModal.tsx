import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type EthicsCaseView, ethicsApi, ethicsKeys, lastStageDate, nextStage } from './api.ts';
import { SaveErrorAlert } from './FormAlerts.tsx';

interface Values {
  date?: Dayjs | null;
  outcome?: string;
}

interface Props {
  /** The case to move one stage forward. */
  target: EthicsCaseView | null;
  onClose: () => void;
  onDone: (c: EthicsCaseView) => void;
  /** Loads the case as it is now (after a stale-version conflict). */
  onReload: () => Promise<void>;
}

/**
 * Moves a case one stage forward on a date (clue → verification → decision → closed); from the decision on it needs
 * the outcome. Steps cannot be undone, so the user confirms once more before it is stored.
 */
export function AdvanceCaseModal({ target, onClose, onDone, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const to = target ? nextStage(target.stage) : null;
  const needsOutcome = to === 'decision' || to === 'closed';
  const earliest = target ? lastStageDate(target) : null;

  const step = useMutation({
    mutationFn: (v: Values) => {
      if (!target || !to) throw new Error('no next stage');
      const outcome = v.outcome?.trim();
      return ethicsApi.advanceCase(target.id, {
        version: target.version,
        to,
        date: (v.date ?? dayjs()).format('YYYY-MM-DD'),
        ...(outcome ? { outcome } : {}),
      });
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ethicsKeys.cases });
      message.success(t('ethics.case.advanced', { stage: t(`ethics.stage.${c.stage}`) }));
      onDone(c);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, ['date', 'outcome'])),
  });

  const openKey = target ? `${target.id}:${target.version}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey), not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    step.reset();
    const today = dayjs();
    form.setFieldsValue({ date: earliest && today.isBefore(earliest, 'day') ? dayjs(earliest) : today, outcome: target.outcome ?? '' });
  }, [openKey]);

  const confirmAndRun = async () => {
    const v = await form.validateFields();
    if (!to) return;
    modal.confirm({
      title: t('ethics.case.advanceConfirmTitle', { stage: t(`ethics.stage.${to}`) }),
      content: t('ethics.case.advanceConfirm', { date: (v.date ?? dayjs()).format('YYYY-MM-DD') }),
      okText: t('ethics.case.advanceOk'),
      cancelText: t('common.cancel'),
      onOk: () => step.mutateAsync(v).catch(() => {}),
    });
  };

  return (
    <Modal
      open={target !== null && to !== null}
      title={to ? t('ethics.case.advanceTitle', { stage: t(`ethics.stage.${to}`) }) : ''}
      okText={t('ethics.case.advanceNext')}
      cancelText={t('common.cancel')}
      onOk={() => confirmAndRun().catch(() => {})}
      onCancel={onClose}
      confirmLoading={step.isPending}
      mask={{ closable: false }}
      destroyOnHidden
    >
      {modalHolder}
      <SaveErrorAlert error={step.error} extra={extra} onReload={onReload} />
      {to ? <Typography.Paragraph type="secondary">{t(`ethics.case.stepHint.${to}`)}</Typography.Paragraph> : null}
      <Form<Values> form={form} layout="vertical" requiredMark name="ethics-advance" disabled={step.isPending}>
        <Form.Item
          label={to ? t('ethics.case.stepDate', { stage: t(`ethics.stage.${to}`) }) : ''}
          name="date"
          rules={[{ required: true, message: t('ethics.form.required') }]}
          extra={earliest ? t('ethics.case.stepDateHint', { date: earliest }) : undefined}
        >
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            format="YYYY-MM-DD"
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || (!!earliest && d.isBefore(earliest, 'day'))}
          />
        </Form.Item>
        {needsOutcome ? (
          <Form.Item
            label={t('ethics.case.outcome')}
            name="outcome"
            rules={[
              { required: true, whitespace: true, message: t('ethics.case.outcomeRequired') },
              { min: 2, message: t('ethics.form.min2') },
            ]}
            extra={to === 'closed' ? t('ethics.case.outcomeCloseHint') : undefined}
          >
            <Input.TextArea rows={4} maxLength={5000} showCount placeholder={t('ethics.case.outcomePlaceholder')} />
          </Form.Item>
        ) : null}
      </Form>
      {to === 'closed' ? <Alert type="info" showIcon title={t('ethics.case.closeNote')} /> : null}
    </Modal>
  );
}
