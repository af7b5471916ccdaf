import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../../auth/session.ts';
import { applyFieldErrors } from '../../../components/errors.tsx';
import { useMessage } from '../../../components/feedback.tsx';
import dayjs from '../../../i18n/dayjs.ts';
import { CANDIDATE_TRAINING, type DevelopmentStage, STAGES, type StepInput, type TimelineView, devApi, devKeys } from '../api.ts';
import { OrgTreeSelect, PersonSelect, day } from '../common.tsx';
import { OverrideReasonField, RuleRefusal } from './RuleRefusal.tsx';

interface Values {
  stage: DevelopmentStage;
  date?: Dayjs;
  orgId?: number | null;
  decisionBody?: string;
  liaisonPersonIds?: number[];
  introducerPersonIds?: number[];
  trainingDays?: number | null;
  trainingHours?: number | null;
  noticeStart?: Dayjs | null;
  noticeEnd?: Dayjs | null;
  extensionMonths?: number | null;
  documents?: { name?: string }[];
  notes?: string;
  overrideReason?: string;
}

const FIELDS = [
  'stage',
  'date',
  'orgId',
  'decisionBody',
  'liaisonPersonIds',
  'introducerPersonIds',
  'trainingDays',
  'trainingHours',
  'noticeStart',
  'noticeEnd',
  'extensionMonths',
  'notes',
  'overrideReason',
] as const;

const BODY_KEYS = ['branch', 'branchCommittee', 'generalMeeting', 'generalBranch', 'committee'] as const;
const DEFAULT_BODY: Record<DevelopmentStage, (typeof BODY_KEYS)[number]> = {
  applicant: 'branch',
  activist: 'branchCommittee',
  candidate: 'branchCommittee',
  probationary: 'generalMeeting',
  full: 'generalMeeting',
};

/** The stage a new step is most likely for: what the rules say comes next, else the first stage. */
export function suggestedStage(tl: TimelineView): DevelopmentStage {
  if (tl.next) return tl.next.stage;
  if (!tl.steps.length) return 'applicant';
  return 'full';
}

interface Props {
  timeline: TimelineView | null;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** Records the next development step (date, decision body, documents, the stage's own facts); a broken rule is named. */
export function StepFormModal({ timeline, open, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [overriding, setOverriding] = useState(false);
  const stage = (Form.useWatch('stage', form) as DevelopmentStage | undefined) ?? 'applicant';
  const canOverride = can('development.manage') && can('ledger.configure');
  const candidateStep = timeline?.steps.find((s) => s.stage === 'candidate') ?? null;
  const probationStep = timeline?.steps.find((s) => s.stage === 'probationary') ?? null;

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (!timeline) throw new Error('no person');
      const docs = (v.documents ?? []).map((d) => d.name?.trim() ?? '').filter(Boolean);
      const body: StepInput = {
        personId: timeline.person.id,
        stage: v.stage,
        date: day(v.date) ?? '',
        ...(v.orgId ? { orgId: v.orgId } : {}),
        decisionBody: v.decisionBody?.trim() || null,
        notes: v.notes?.trim() || null,
        documents: docs.map((name) => ({ name })),
      };
      if (v.stage === 'activist') body.liaisonPersonIds = v.liaisonPersonIds ?? [];
      if (v.stage === 'candidate' || v.stage === 'probationary') {
        if (v.introducerPersonIds?.length || v.stage === 'candidate') body.introducerPersonIds = v.introducerPersonIds ?? [];
        body.trainingDays = v.trainingDays ?? null;
        body.trainingHours = v.trainingHours ?? null;
      }
      if (v.stage === 'probationary' || v.stage === 'full') {
        body.noticeStart = day(v.noticeStart);
        body.noticeEnd = day(v.noticeEnd);
      }
      if (v.stage === 'full' && v.extensionMonths) body.extensionMonths = v.extensionMonths;
      if (overriding && v.overrideReason?.trim()) body.override = { reason: v.overrideReason.trim() };
      return devApi.createStep(body);
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: devKeys.all });
      message.success(t('development.step.saved', { stage: t(`development.stage.${s.stage}`) }));
      onSaved();
    },
    onError: (err) => {
      applyFieldErrors(form, err, FIELDS);
    },
  });
  const { reset } = save;

  // Fill the form on opening only: after a refused save what the user typed stays.
  // biome-ignore lint/correctness/useExhaustiveDependencies: fill on opening only
  useEffect(() => {
    if (!open || !timeline) return;
    reset();
    setOverriding(false);
    form.resetFields();
    const next = suggestedStage(timeline);
    form.setFieldsValue({
      stage: next,
      date: dayjs(),
      decisionBody: t(`development.step.decisionBodies.${DEFAULT_BODY[next]}`),
      introducerPersonIds: next === 'probationary' ? (candidateStep?.introducerPersonIds ?? []) : [],
      documents: [],
    });
  }, [open, timeline?.person.id]);

  const onStageChange = (s: DevelopmentStage) => {
    form.setFieldsValue({ decisionBody: t(`development.step.decisionBodies.${DEFAULT_BODY[s]}`) });
    if (s === 'probationary' && candidateStep) form.setFieldsValue({ introducerPersonIds: candidateStep.introducerPersonIds });
  };

  const submit = () =>
    form
      .validateFields()
      .then((v) => save.mutate(v))
      .catch(() => {});

  const known = timeline?.refs.people ?? [];
  const self = timeline ? [timeline.person.id] : [];
  const earliest = timeline?.next && timeline.next.stage === stage ? timeline.next.from : null;
  const recorded = new Set(timeline?.steps.map((s) => s.stage) ?? []);

  return (
    <Modal
      open={open}
      title={timeline ? t('development.step.title', { name: timeline.person.name }) : ''}
      onCancel={onClose}
      width={720}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" danger={overriding} loading={save.isPending} onClick={submit} data-testid="dev-step-save">
            {overriding ? t('development.refusal.overrideOn') : t('development.step.save')}
          </Button>
        </Space>
      }
    >
      <RuleRefusal error={save.error} canOverride={canOverride} overriding={overriding} onOverride={() => setOverriding(true)} />
      <Form<Values> form={form} layout="vertical" name="dev-step" disabled={save.isPending}>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="stage" label={t('development.step.stage')} rules={[{ required: true, message: t('development.common.required') }]}>
              <Select
                onChange={onStageChange}
                options={STAGES.map((s) => ({ value: s, label: t(`development.stageAction.${s}`), disabled: recorded.has(s) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="date"
              label={t('development.step.date')}
              extra={earliest ? t('development.step.earliest', { date: earliest }) : t(`development.step.dateHint.${stage}`)}
              rules={[{ required: true, message: t('development.common.required') }]}
            >
              <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="decisionBody" label={t('development.step.decisionBody')}>
              <AutoComplete
                options={BODY_KEYS.map((k) => ({ value: t(`development.step.decisionBodies.${k}`) }))}
                placeholder={t('development.step.decisionBodyPlaceholder')}
                maxLength={200}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="orgId" label={t('development.step.org')}>
              <OrgTreeSelect allowClear placeholder={t('development.step.orgPlaceholder')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {stage === 'activist' ? (
            <Col xs={24}>
              <Form.Item name="liaisonPersonIds" label={t('development.step.liaisons')} extra={t('development.step.liaisonsHint')}>
                <PersonSelect multiple membersOnly known={known} excludeIds={self} maxCount={10} />
              </Form.Item>
            </Col>
          ) : null}
          {stage === 'candidate' || stage === 'probationary' ? (
            <>
              <Col xs={24}>
                <Form.Item name="introducerPersonIds" label={t('development.step.introducers')} extra={t('development.step.introducersHint')}>
                  <PersonSelect multiple membersOnly known={known} excludeIds={self} maxCount={10} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="trainingDays" label={t('development.step.trainingDays')}>
                  <InputNumber min={0} max={365} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="trainingHours" label={t('development.step.trainingHours')}>
                  <InputNumber min={0} max={2000} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Typography.Paragraph type="secondary" className="tz-dev-form-note">
                  {stage === 'probationary' && candidateStep && (candidateStep.trainingDays || candidateStep.trainingHours)
                    ? t('development.step.trainingRecorded', { days: candidateStep.trainingDays ?? 0, hours: candidateStep.trainingHours ?? 0 })
                    : t('development.step.trainingHint', { days: CANDIDATE_TRAINING.days, hours: CANDIDATE_TRAINING.hours })}
                </Typography.Paragraph>
              </Col>
            </>
          ) : null}
          {stage === 'probationary' || stage === 'full' ? (
            <>
              <Col xs={12} sm={8}>
                <Form.Item name="noticeStart" label={t('development.step.noticeStart')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={8}>
                <Form.Item name="noticeEnd" label={t('development.step.noticeEnd')}>
                  <DatePicker style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={8}>
                <Typography.Paragraph type="secondary" className="tz-dev-form-note">
                  {t('development.step.noticeHint')}
                </Typography.Paragraph>
              </Col>
            </>
          ) : null}
          {stage === 'full' && probationStep?.extensionMonths == null ? (
            <Col xs={24} sm={12}>
              <Form.Item name="extensionMonths" label={t('development.step.extensionMonths')} extra={t('development.step.extensionHint')}>
                <InputNumber min={1} max={24} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <Form.List name="documents">
          {(fields, { add, remove }) => (
            <Form.Item label={t('development.step.documents')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" style={{ display: 'flex', marginBottom: 4 }}>
                  <Form.Item
                    name={[f.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('development.common.required') }]}
                    style={{ marginBottom: 0, minWidth: 260 }}
                  >
                    <Input maxLength={200} placeholder={t('development.step.documentPlaceholder')} aria-label={t('development.step.documentName')} />
                  </Form.Item>
                  <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} aria-label={t('development.common.delete')} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })} disabled={fields.length >= 50}>
                {t('development.step.addDocument')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
        <Form.Item name="notes" label={t('development.step.notes')}>
          <Input.TextArea rows={2} maxLength={2000} showCount />
        </Form.Item>
        {overriding ? <OverrideReasonField /> : null}
      </Form>
    </Modal>
  );
}
