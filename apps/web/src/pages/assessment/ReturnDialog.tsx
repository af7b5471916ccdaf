import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, isConflict } from '../../api/client.ts';
import { ErrorAlert, applyFieldErrors } from '../../components/errors.tsx';
import { type ScorecardView, assessmentApi } from './api.ts';

interface Props {
  card: ScorecardView | null;
  onClose: () => void;
  onDone: (fresh: ScorecardView) => void;
  onReload: () => Promise<unknown>;
}

/** Returns a submitted scorecard to the school for revision; the reason is required and shown to the school. */
export function ReturnDialog({ card, onClose, onDone, onReload }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ reason: string }>();
  const send = useMutation({
    mutationFn: (reason: string) => {
      if (!card) throw new Error('no scorecard');
      return assessmentApi.returnCard(card.id, { version: card.version, reason });
    },
    onSuccess: (fresh) => onDone(fresh),
    onError: (err) => applyFieldErrors(form, err, ['reason']),
  });
  const reset = send.reset;
  useEffect(() => {
    if (card) reset();
  }, [card, reset]);
  const conflict = isConflict(send.error);

  return (
    <Modal
      open={card !== null}
      title={card ? t('assessment.returnTitle', { org: card.orgName }) : ''}
      onCancel={onClose}
      okText={t('assessment.returnToSchool')}
      okButtonProps={{ danger: true, loading: send.isPending }}
      cancelText={t('common.cancel')}
      onOk={() =>
        form
          .validateFields()
          .then((v) => send.mutate(v.reason.trim()))
          .catch(() => {})
      }
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('assessment.returnHint')} style={{ marginBottom: 12 }} />
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('assessment.conflict')}
          style={{ marginBottom: 12 }}
          action={
            <Button size="small" onClick={() => void onReload().then(onClose)}>
              {t('assessment.reload')}
            </Button>
          }
        />
      ) : send.error && !(send.error instanceof ApiError && send.error.code === 'validation_failed') ? (
        <ErrorAlert error={send.error} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" name="return-form" preserve={false}>
        <Form.Item
          name="reason"
          label={t('assessment.returnReason')}
          rules={[
            { required: true, whitespace: true, message: t('assessment.reasonRequired') },
            { min: 2, message: t('assessment.reasonRequired') },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} showCount placeholder={t('assessment.returnPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
