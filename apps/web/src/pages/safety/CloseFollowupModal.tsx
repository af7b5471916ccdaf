import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type Followup, defaultRetentionUntil, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';

interface Values {
  closedOn?: Dayjs;
  retentionUntil?: Dayjs;
}

/**
 * Closes a follow-up (confirmed: a closed case is kept only until its retention date, then deleted for good). The
 * retention date defaults to the first 31 August after closing and may be set earlier, never later.
 */
export function CloseFollowupModal({ followup, onClose, onReload }: { followup: Followup | null; onClose: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const closedOn = Form.useWatch('closedOn', form) as Dayjs | undefined;
  const latest = closedOn ? defaultRetentionUntil(closedOn.format(DATE)) : null;

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!followup) return;
    form.resetFields();
    setExtra(undefined);
    const on = dayjs();
    form.setFieldsValue({ closedOn: on, retentionUntil: dayjs(defaultRetentionUntil(on.format(DATE))) });
  }, [followup?.id]);

  const save = useMutation({
    mutationFn: ({ f, v }: { f: Followup; v: Values }) =>
      safetyApi.closeFollowup(f.id, {
        version: f.version,
        closedOn: (v.closedOn ?? dayjs()).format(DATE),
        retentionUntil: v.retentionUntil ? v.retentionUntil.format(DATE) : undefined,
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.followup.closed'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, ['closedOn', 'retentionUntil'])),
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        if (!followup) return;
        Modal.confirm({
          title: t('safety.followup.closeConfirmTitle'),
          content: t('safety.followup.closeConfirm', {
            date: (v.closedOn ?? dayjs()).format(DATE),
            until: v.retentionUntil ? v.retentionUntil.format(DATE) : (latest ?? ''),
          }),
          okText: t('safety.followup.close'),
          okButtonProps: { danger: true },
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync({ f: followup, v }).catch(() => {}),
        });
      })
      .catch(() => {});

  return (
    <Modal
      open={followup !== null}
      title={t('safety.followup.closeTitle')}
      onCancel={onClose}
      okText={t('safety.followup.close')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      onOk={submit}
    >
      <SaveError
        error={save.error}
        extra={extra}
        onReload={() => {
          onReload();
          onClose();
        }}
      />
      <Alert type="info" showIcon title={t('safety.followup.retentionRule')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" name="close-followup-form" disabled={save.isPending}>
        <Form.Item
          label={t('safety.followup.closedOn')}
          name="closedOn"
          rules={[{ required: true, message: t('safety.required') }]}
          extra={followup ? t('safety.followup.openedOnValue', { date: followup.openedOn }) : undefined}
        >
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || (!!followup && d.isBefore(dayjs(followup.openedOn), 'day'))}
            onChange={(d: Dayjs | null) => {
              if (d) form.setFieldsValue({ retentionUntil: dayjs(defaultRetentionUntil(d.format(DATE))) });
            }}
          />
        </Form.Item>
        <Form.Item
          label={t('safety.followup.retentionUntil')}
          name="retentionUntil"
          dependencies={['closedOn']}
          extra={latest ? t('safety.followup.retentionLatest', { date: latest }) : undefined}
          rules={[
            { required: true, message: t('safety.required') },
            {
              validator: (_, v: Dayjs | undefined) => {
                if (!v || !closedOn || !latest) return Promise.resolve();
                return v.isBefore(closedOn, 'day') || v.format(DATE) > latest
                  ? Promise.reject(new Error(t('safety.followup.retentionRange', { latest })))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <DatePicker
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => (closedOn ? d.isBefore(closedOn, 'day') : false) || (latest ? d.format(DATE) > latest : false)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
