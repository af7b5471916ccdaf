import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type ContentDetail, beijingInstant, chinaDate, chinaDateTime, chinaToday, publicityApi, publicityKeys } from './api.ts';
import { ConflictAlert, stageConflict } from './common.tsx';
import { isConflict } from '../../api/client.ts';

interface Values {
  publishedAt?: Dayjs;
  link?: string;
}

interface Props {
  item: ContentDetail | null;
  onClose: () => void;
  onReload: () => void;
}

/** 登记发布: the date and link of an item through all three reviews (cannot be undone, hence the explicit dialog). */
export function PublishModal({ item, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const publish = useMutation({
    mutationFn: (v: Values) => {
      if (!item) throw new Error('no item');
      return publicityApi.publishContent(item.id, {
        version: item.version,
        // The picker shows Beijing wall-clock time, whatever the browser's zone.
        publishedAt: v.publishedAt ? beijingInstant(v.publishedAt.format('YYYY-MM-DD HH:mm')) : undefined,
        link: v.link?.trim() || null,
      });
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: publicityKeys.all });
      message.success(t('publicity.publish.done'));
      onClose();
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, ['publishedAt', 'link'])),
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset once per opening
  useEffect(() => {
    if (!item) return;
    form.resetFields();
    form.setFieldsValue({ publishedAt: dayjs(chinaDateTime(new Date().toISOString())), link: '' });
    setExtra(undefined);
    publish.reset();
  }, [item?.id]);

  const approvedDay = chinaDate(item?.approvedAt);
  const today = chinaToday();
  return (
    <Modal
      open={item !== null}
      title={t('publicity.publish.title')}
      okText={t('publicity.publish.confirm')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => publish.mutate(v))
          .catch(() => {})
      }
      confirmLoading={publish.isPending}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('publicity.publish.irreversible', { title: item?.title ?? '' })} />
      {isConflict(publish.error) ? (
        <ConflictAlert stage={stageConflict(publish.error)} onReload={onReload} />
      ) : publish.error ? (
        <ErrorAlert error={publish.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="publish-form" disabled={publish.isPending}>
        <Form.Item
          label={t('publicity.publish.at')}
          name="publishedAt"
          rules={[{ required: true, message: t('publicity.required') }]}
          extra={approvedDay ? t('publicity.publish.notBefore', { date: approvedDay }) : undefined}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            style={{ width: '100%' }}
            allowClear={false}
            disabledDate={(d) => {
              const day = d.format('YYYY-MM-DD');
              return day > today || (!!approvedDay && day < approvedDay);
            }}
          />
        </Form.Item>
        <Form.Item label={t('publicity.publish.link')} name="link" rules={[{ type: 'url', message: t('publicity.invalidUrl') }]}>
          <Input maxLength={500} placeholder="https://" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
