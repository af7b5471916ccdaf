import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isConflict } from '../../api/client.ts';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type SystemView, assessmentApi, assessmentKeys } from './api.ts';

interface Props {
  open: boolean;
  committeeId: number;
  committeeName: string;
  year: number;
  onClose: () => void;
  onCreated: (s: SystemView) => void;
}

interface Values {
  title?: string;
  basis: 'default' | 'previous';
}

/** Starts a year's indicator system: the default indicators, or a copy of last year's (then edited). */
export function CreateSystemDialog({ open, committeeId, committeeName, year, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const previous = useQuery({
    queryKey: assessmentKeys.system(committeeId, year - 1),
    queryFn: ({ signal }) => assessmentApi.system(committeeId, year - 1, signal),
    enabled: open,
  });
  const create = useMutation({
    mutationFn: (v: Values) => {
      const prev = v.basis === 'previous' ? previous.data : null;
      return assessmentApi.createSystem({
        year,
        orgId: committeeId,
        ...(v.title?.trim() ? { title: v.title.trim() } : {}),
        ...(prev ? { categories: prev.categories, thresholds: prev.thresholds } : {}),
      });
    },
    onSuccess: (s) => {
      qc.setQueryData(assessmentKeys.system(s.orgId, s.year), s);
      void qc.invalidateQueries({ queryKey: ['assessment', 'probe'] });
      message.success(t('assessment.sys.created', { year }));
      onCreated(s);
    },
    onError: (err) => {
      // Someone created this year's system meanwhile: show it instead of a second one.
      if (isConflict(err)) void qc.invalidateQueries({ queryKey: assessmentKeys.system(committeeId, year) });
      applyFieldErrors(form, err, ['title']);
    },
  });

  return (
    <Modal
      open={open}
      title={t('assessment.sys.createTitle', { year })}
      okText={t('assessment.sys.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => create.mutate(v))
          .catch(() => {})
      }
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('assessment.sys.createHint', { org: committeeName, year })}</Typography.Paragraph>
      {create.error ? <ErrorAlert error={create.error} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" initialValues={{ basis: 'default' }} preserve={false} name="create-system">
        <Form.Item label={t('assessment.sys.title')} name="title" rules={[{ min: 2, message: t('assessment.sys.titleRule') }]}>
          <Input maxLength={200} placeholder={t('assessment.sys.defaultTitle', { year })} />
        </Form.Item>
        <Form.Item label={t('assessment.sys.basis')} name="basis">
          <Radio.Group>
            <Space orientation="vertical">
              <Radio value="default">{t('assessment.sys.basisDefault')}</Radio>
              <Radio value="previous" disabled={!previous.data}>
                {previous.data ? t('assessment.sys.basisPrevious', { year: year - 1 }) : t('assessment.sys.basisNoPrevious', { year: year - 1 })}
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}
