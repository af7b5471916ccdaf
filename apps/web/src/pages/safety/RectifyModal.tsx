import { useMutation, useQueryClient } from '@tanstack/react-query';
import { DatePicker, Descriptions, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type SpotCheck, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';

interface Values {
  rectifiedOn?: Dayjs;
  result?: string;
}

/** Records that a spot check's findings were rectified: the day and the result (confirmed, as it closes the item). */
export function RectifyModal({ check, onClose }: { check: SpotCheck | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!check) return;
    form.resetFields();
    setExtra(undefined);
    form.setFieldsValue({ rectifiedOn: dayjs(), result: check.result ?? '' });
  }, [check?.id]);

  const save = useMutation({
    mutationFn: ({ c, v }: { c: SpotCheck; v: Values }) =>
      safetyApi.rectify(c.id, { version: c.version, rectifiedOn: (v.rectifiedOn ?? dayjs()).format(DATE), result: v.result?.trim() ?? '' }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.spot.rectifiedSaved'));
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, ['rectifiedOn', 'result'])),
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        if (!check) return;
        Modal.confirm({
          title: t('safety.spot.rectifyConfirmTitle'),
          content: t('safety.spot.rectifyConfirm', { name: check.orgName, date: (v.rectifiedOn ?? dayjs()).format(DATE) }),
          okText: t('common.ok'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync({ c: check, v }).catch(() => {}),
        });
      })
      .catch(() => {});

  return (
    <Modal
      open={check !== null}
      title={t('safety.spot.rectifyTitle')}
      onCancel={onClose}
      okText={t('safety.spot.rectify')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      maskClosable={false}
      destroyOnHidden
      onOk={submit}
    >
      <SaveError error={save.error} extra={extra} onReload={() => void qc.invalidateQueries({ queryKey: safetyKeys.all }).then(onClose)} />
      {check ? (
        <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={t('safety.school')}>{check.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('safety.spot.checkedOn')}>{check.checkedOn}</Descriptions.Item>
          <Descriptions.Item label={t('safety.spot.findings')}>{check.findings || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('safety.spot.rectifyBy')}>{check.rectifyBy ?? t('common.none')}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form<Values> form={form} layout="vertical" name="rectify-form" disabled={save.isPending}>
        <Form.Item
          label={t('safety.spot.rectifiedOn')}
          name="rectifiedOn"
          rules={[
            { required: true, message: t('safety.required') },
            {
              validator: (_, v: Dayjs | undefined) =>
                v && check && v.isBefore(dayjs(check.checkedOn), 'day') ? Promise.reject(new Error(t('safety.spot.rectifiedBeforeCheck'))) : Promise.resolve(),
            },
          ]}
        >
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item label={t('safety.spot.result')} name="result" rules={[{ required: true, whitespace: true, message: t('safety.required') }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('safety.spot.resultPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
