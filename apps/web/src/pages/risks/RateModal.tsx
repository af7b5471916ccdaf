import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Checkbox, Col, Form, Input, Modal, Row, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type RateInput, type RiskView, risksApi, risksKeys } from './api.ts';
import { ConflictAlert } from './common.tsx';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';
import { LevelPreview, ScoreInput } from './RatingInput.tsx';
import { modalWidth } from '../../components/sizing.ts';

interface Values {
  inherent: boolean;
  likelihood?: number;
  impact?: number;
  residual: boolean;
  residualLikelihood?: number;
  residualImpact?: number;
  reason?: string;
}

interface Props {
  risk: RiskView | null;
  onClose: () => void;
  onReload: () => void;
}

/** Re-rate a risk: the inherent rating, the residual one (after measures), or both; the change joins the history. */
export function RateModal({ risk, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const matrix = useQuery({ queryKey: risksKeys.matrix, queryFn: ({ signal }) => risksApi.matrix(signal), staleTime: 10 * 60_000 });
  const v = Form.useWatch([], form) as Values | undefined;

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening (risk id and version)
  useEffect(() => {
    if (!risk) return;
    form.resetFields();
    rate.reset();
    setExtra(undefined);
    form.setFieldsValue({
      inherent: false,
      likelihood: risk.likelihood,
      impact: risk.impact,
      residual: true,
      residualLikelihood: risk.residualLikelihood ?? risk.likelihood,
      residualImpact: risk.residualImpact ?? risk.impact,
      reason: '',
    });
  }, [risk?.id, risk?.version]);

  const rate = useMutation({
    mutationFn: (x: Values) => {
      if (!risk) throw new Error('no risk');
      const body: RateInput = { version: risk.version, reason: x.reason?.trim() || undefined };
      if (x.inherent) Object.assign(body, { likelihood: x.likelihood, impact: x.impact });
      if (x.residual) Object.assign(body, { residualLikelihood: x.residualLikelihood, residualImpact: x.residualImpact });
      return risksApi.rate(risk.id, body);
    },
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.rated'));
      onClose();
    },
    onError: (err) => setExtra(showFieldErrors(form, err, ['likelihood', 'impact', 'residualLikelihood', 'residualImpact', 'reason'])),
  });

  const nothing = !v?.inherent && !v?.residual;
  return (
    <Modal
      open={risk !== null}
      title={t('risks.rateTitle', { code: risk?.code ?? '' })}
      okText={t('risks.rateSave')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: nothing }}
      confirmLoading={rate.isPending}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((x) => rate.mutate(x))
          .catch(() => {})
      }
      width={modalWidth(560)}
      destroyOnHidden
    >
      {isConflict(rate.error) ? (
        <ConflictAlert onReload={onReload} />
      ) : rate.error ? (
        <ErrorAlert error={rate.error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="rate-form">
        <Form.Item name="inherent" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('risks.rateInherent')}</Checkbox>
        </Form.Item>
        {v?.inherent ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.likelihood')} name="likelihood">
                <ScoreInput kind="likelihood" size="small" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.impact')} name="impact">
                <ScoreInput kind="impact" size="small" />
              </Form.Item>
            </Col>
            <Col xs={24} style={{ marginBottom: 12 }}>
              <LevelPreview matrix={matrix.data} likelihood={v.likelihood} impact={v.impact} />
            </Col>
          </Row>
        ) : null}
        <Form.Item name="residual" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('risks.rateResidual')}</Checkbox>
        </Form.Item>
        {v?.residual ? (
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.likelihood')} name="residualLikelihood">
                <ScoreInput kind="likelihood" size="small" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.impact')} name="residualImpact">
                <ScoreInput kind="impact" size="small" />
              </Form.Item>
            </Col>
            <Col xs={24} style={{ marginBottom: 12 }}>
              <LevelPreview matrix={matrix.data} likelihood={v.residualLikelihood} impact={v.residualImpact} />
            </Col>
          </Row>
        ) : null}
        <Form.Item label={t('risks.rateReason')} name="reason">
          <Input.TextArea rows={2} maxLength={500} showCount placeholder={t('risks.rateReasonPlaceholder')} />
        </Form.Item>
        <Typography.Text type="secondary">{t('risks.rateHistoryHint')}</Typography.Text>
      </Form>
    </Modal>
  );
}
