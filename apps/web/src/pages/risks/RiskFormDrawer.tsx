import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Checkbox, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type RiskInput, type RiskTreatment, type RiskView, TREATMENTS, risksApi, risksKeys } from './api.ts';
import { ConflictAlert, LevelTag } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';
import { PersonPicker } from './pickers.tsx';
import { LevelPreview, ScoreInput } from './RatingInput.tsx';

export type RiskFormTarget = { mode: 'create'; orgId: number | null } | { mode: 'edit'; risk: RiskView };

interface MeasureValue {
  text?: string;
  dueDate?: Dayjs | null;
  done?: boolean;
}
interface Values {
  orgId?: number | null;
  category?: string;
  description?: string;
  source?: string;
  likelihood?: number;
  impact?: number;
  ownerPersonId?: number | null;
  treatment?: RiskTreatment;
  measures?: MeasureValue[];
  reviewDate?: Dayjs | null;
}

const FIELDS = ['orgId', 'code', 'category', 'description', 'source', 'likelihood', 'impact', 'ownerPersonId', 'treatment', 'measures', 'reviewDate'];
const SOURCE_KEYS = ['review', 'patrol', 'report', 'superior', 'feedback'] as const;

function toInput(v: Values): RiskInput {
  return {
    category: v.category ?? '',
    description: v.description?.trim() ?? '',
    source: v.source?.trim() || undefined,
    ownerPersonId: v.ownerPersonId ?? null,
    treatment: v.treatment ?? 'mitigate',
    measures: (v.measures ?? [])
      .filter((m) => m.text?.trim())
      .map((m) => ({ text: m.text?.trim() ?? '', dueDate: m.dueDate ? m.dueDate.format('YYYY-MM-DD') : null, done: !!m.done })),
    reviewDate: v.reviewDate ? v.reviewDate.format('YYYY-MM-DD') : null,
  };
}

interface Props {
  target: RiskFormTarget | null;
  onClose: () => void;
  onSaved: (r: RiskView) => void;
  /** Loads the current version of the edited risk (after a conflict). */
  onReload: (id: number) => Promise<void>;
}

/** Register a risk (rated on the matrix) or edit one (owner, treatment, measures with due dates, review date). */
export function RiskFormDrawer({ target, onClose, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const risk = target?.mode === 'edit' ? target.risk : null;
  const matrix = useQuery({ queryKey: risksKeys.matrix, queryFn: ({ signal }) => risksApi.matrix(signal), staleTime: 10 * 60_000 });
  const orgId = (Form.useWatch('orgId', form) as number | null | undefined) ?? risk?.orgId ?? null;
  const likelihood = Form.useWatch('likelihood', form) as number | undefined;
  const impact = Form.useWatch('impact', form) as number | undefined;

  const openKey = target ? (risk ? `edit:${risk.id}:${risk.version}` : `create:${target.mode === 'create' ? target.orgId : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey), not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    if (target.mode === 'create') {
      form.setFieldsValue({ orgId: target.orgId, treatment: 'mitigate', measures: [{ text: '', dueDate: null, done: false }] });
    } else {
      const r = target.risk;
      form.setFieldsValue({
        category: r.category,
        description: r.description,
        source: r.source ?? '',
        ownerPersonId: r.ownerPersonId,
        treatment: (TREATMENTS as readonly string[]).includes(r.treatment) ? (r.treatment as RiskTreatment) : 'mitigate',
        measures: r.measures.map((m) => ({ text: m.text, dueDate: m.dueDate ? dayjs(m.dueDate) : null, done: !!m.done })),
        reviewDate: r.reviewDate ? dayjs(r.reviewDate) : null,
      });
    }
  }, [openKey]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const input = toInput(v);
      if (!risk) return risksApi.create({ ...input, orgId: v.orgId ?? 0, likelihood: v.likelihood ?? 0, impact: v.impact ?? 0 });
      // An emptied source is cleared (create omits it: the create schema has no null there).
      return risksApi.update(risk.id, { ...input, source: input.source ?? null, version: risk.version });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(risk ? t('risks.saved') : t('risks.created', { code: r.code }));
      onSaved(r);
    },
    onError: (err) => setExtra(showFieldErrors(form, err, FIELDS)),
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => save.mutate(v))
      .catch(() => {});
  const required = { required: true, message: t('risks.required') };

  return (
    <Drawer
      open={target !== null}
      title={risk ? t('risks.editTitle', { code: risk.code }) : t('risks.createTitle')}
      onClose={onClose}
      size={drawerWidth(760)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="risk-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {isConflict(save.error) ? (
        <ConflictAlert onReload={risk ? () => void onReload(risk.id) : undefined} />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="risk-form" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            {risk ? (
              <Form.Item label={t('risks.org')}>
                <Typography.Text strong>{risk.orgName}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item label={t('risks.org')} name="orgId" rules={[required]}>
                <OrgPicker allowClear={false} placeholder={t('risks.orgPlaceholder')} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('risks.category')} name="category" rules={[required]}>
              <Select
                loading={matrix.isLoading}
                options={(matrix.data?.categories ?? []).map((c) => ({ value: c, label: c }))}
                placeholder={t('risks.categoryPlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('risks.description')} name="description" rules={[{ ...required, whitespace: true }]}>
              <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('risks.descriptionPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('risks.source')} name="source">
              <AutoComplete options={SOURCE_KEYS.map((k) => ({ value: t(`risks.sources.${k}`) }))} maxLength={200} placeholder={t('risks.sourcePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('risks.owner')} name="ownerPersonId">
              <PersonPicker orgId={orgId} initial={risk?.ownerPersonId ? { id: risk.ownerPersonId, name: risk.ownerName ?? '' } : null} />
            </Form.Item>
          </Col>
        </Row>
        {risk ? (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title={
              <Space wrap size={4}>
                {t('risks.currentRating')}
                <LevelTag level={risk.level} rating={[risk.likelihood, risk.impact]} />
                {t('risks.residual')}
                <LevelTag level={risk.residualLevel} rating={[risk.residualLikelihood, risk.residualImpact]} />
              </Space>
            }
            description={t('risks.rateHint')}
          />
        ) : (
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.likelihood')} name="likelihood" rules={[required]} tooltip={t('risks.likelihoodHelp')}>
                <ScoreInput kind="likelihood" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('risks.impact')} name="impact" rules={[required]} tooltip={t('risks.impactHelp')}>
                <ScoreInput kind="impact" />
              </Form.Item>
            </Col>
            <Col xs={24} style={{ marginTop: -8, marginBottom: 16 }}>
              <LevelPreview matrix={matrix.data} likelihood={likelihood} impact={impact} />
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item label={t('risks.treatmentLabel')} name="treatment" rules={[required]}>
              <Select options={TREATMENTS.map((x) => ({ value: x, label: t(`risks.treatment.${x}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('risks.reviewDate')} name="reviewDate" tooltip={t('risks.reviewDateHelp')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('risks.measures')}</Typography.Title>
        <Form.List name="measures">
          {(items, { add, remove }) => (
            <>
              {items.map((item, idx) => (
                <Row key={item.key} gutter={8} align="top" wrap>
                  <Col xs={24} sm={13}>
                    <Form.Item name={[item.name, 'text']} rules={[{ max: 500, message: t('risks.tooLong', { n: 500 }) }]} aria-label={t('risks.measureText')}>
                      <Input placeholder={t('risks.measurePlaceholder', { n: idx + 1 })} maxLength={500} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={6}>
                    <Form.Item name={[item.name, 'dueDate']}>
                      <DatePicker style={{ width: '100%' }} placeholder={t('risks.dueDate')} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} sm={3}>
                    <Form.Item name={[item.name, 'done']} valuePropName="checked">
                      <Checkbox>{t('risks.measureDone')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={4} sm={2}>
                    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('risks.removeMeasure')} onClick={() => remove(item.name)} />
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ text: '', dueDate: null, done: false })} disabled={items.length >= 50} block>
                {t('risks.addMeasure')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
