import { LockOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type ReviewDetail, reasonOf, risksApi, risksKeys } from './api.ts';

interface Props {
  review: ReviewDetail | null;
  onClose: () => void;
}

/**
 * Sign-off of a 研判 meeting by the org's first responsible person, who re-enters their password; afterwards the
 * record is locked. The server decides who may sign; the refusals are explained here.
 */
export function SignOffModal({ review, onClose }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<{ password: string }>();

  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared at each opening
  useEffect(() => {
    if (!review) return;
    form.resetFields();
    sign.reset();
  }, [review?.id]);

  const sign = useMutation({
    mutationFn: (password: string) => risksApi.signOff(review?.id ?? 0, password),
    // A new attempt starts without the last one's "wrong password".
    onMutate: () => form.setFields([{ name: 'password', errors: [] }]),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.signedOk'));
      onClose();
    },
    onError: (err) => {
      if (reasonOf(err) === 'reauth_failed') form.setFields([{ name: 'password', errors: [t('risks.wrongPassword')], value: '' }]);
    },
  });

  const reason = reasonOf(sign.error);
  const refusal =
    reason === 'not_first_responsible'
      ? t('risks.notFirstResponsible')
      : reason === 'already_signed'
        ? t('risks.alreadySigned')
        : sign.error instanceof ApiError && sign.error.code === 'rate_limited'
          ? t('risks.signLocked')
          : null;

  return (
    <Modal
      open={review !== null}
      title={t('risks.signOffTitle')}
      okText={t('risks.signOff')}
      cancelText={t('common.cancel')}
      confirmLoading={sign.isPending}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => sign.mutate(v.password))
          .catch(() => {})
      }
      destroyOnHidden
    >
      <Typography.Paragraph>
        {t('risks.signOffIntro', { title: review?.title || t('risks.meetingUntitled', { date: review?.date ?? '' }), org: review?.orgName ?? '' })}
      </Typography.Paragraph>
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('risks.signOffWarning')} />
      {refusal ? (
        <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={refusal} />
      ) : sign.error && reason !== 'reauth_failed' ? (
        <ErrorAlert error={sign.error} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" name="sign-off" onFinish={(v) => sign.mutate(v.password)}>
        <Form.Item label={t('risks.passwordLabel')} name="password" rules={[{ required: true, message: t('risks.passwordRequired') }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={200} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
