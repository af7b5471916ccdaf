import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Divider, Drawer, Form, Input, InputNumber, Modal, Row, Select, Space, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { isBlankHtml } from '../../components/html.ts';
import { PERIODS, type RecurringPeriod, type TaskDetail, tasksApi, tasksKeys } from './api.ts';
import { type FieldValues, FormBuilder, toFormFields } from './FormBuilder.tsx';
import { applyServerErrors, splitPath } from './formErrors.ts';
import { RequirementsEditor } from './RequirementsEditor.tsx';
import { DEFAULT_TARGETS, TargetFields, type TargetValues, toTargetSpec } from './TargetFields.tsx';
import { useDrawerSize } from './ui.tsx';

export type TaskFormMode = 'task' | 'recurring';

interface Values {
  title?: string;
  issuingOrgId?: number | null;
  requirementsHtml?: string;
  targets?: TargetValues;
  deadline?: Dayjs;
  period?: [Dayjs | null, Dayjs | null] | null;
  evidenceRequired?: boolean;
  attachments?: string[];
  form?: FieldValues[];
  recurPeriod?: RecurringPeriod;
  nextRunOn?: Dayjs;
  deadlineDays?: number;
}

interface Props {
  open: TaskFormMode | null;
  defaultOrgId: number | null;
  onClose: () => void;
  onCreated: (task: TaskDetail) => void;
  onRecurringCreated?: () => void;
}

const TOP_FIELDS = ['title', 'issuingOrgId', 'requirementsHtml', 'deadline', 'evidenceRequired', 'attachments'];

/** Where a server field problem shows on this form. */
function fieldName(field: string): (string | number)[] | null {
  const f = field.replace(/^definition\./, '');
  if (TOP_FIELDS.includes(f)) return [f];
  if (f === 'periodStart' || f === 'periodEnd') return ['period'];
  if (f === 'period') return ['recurPeriod'];
  if (f === 'nextRunOn' || f === 'deadlineDays') return [f];
  if (f === 'targets') return ['targets', 'mode'];
  if (f.startsWith('targets.')) return ['targets', f.slice('targets.'.length).split('.')[0] ?? 'mode'];
  if (/^form\.\d+\.[a-zA-Z]+$/.test(f)) return splitPath(f);
  return null;
}

/** Issue a task (or set up a recurring one): title, requirements, targets, deadline, feedback form, evidence. */
export function TaskFormDrawer({ open, defaultOrgId, onClose, onCreated, onRecurringCreated }: Props) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(820);
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<FieldProblem[] | undefined>(undefined);
  const issuingOrgId = Form.useWatch('issuingOrgId', form);
  const fields = Form.useWatch('form', form) as FieldValues[] | undefined;
  const anyBound = (fields ?? []).some((f) => f?.figureKey);
  const recurring = open === 'recurring';

  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    setProblems(undefined);
    form.setFieldsValue({
      issuingOrgId: defaultOrgId,
      targets: { ...DEFAULT_TARGETS, underOrgId: null },
      deadline: dayjs().add(14, 'day'),
      evidenceRequired: false,
      attachments: [],
      form: [],
      recurPeriod: 'quarterly',
      nextRunOn: dayjs().add(1, 'day'),
      deadlineDays: 10,
    });
  }, [open]);

  const definition = (v: Values) => ({
    title: v.title?.trim() ?? '',
    requirementsHtml: isBlankHtml(v.requirementsHtml) ? '' : (v.requirementsHtml ?? ''),
    issuingOrgId: v.issuingOrgId ?? 0,
    targets: toTargetSpec(v.targets, v.issuingOrgId),
    form: toFormFields(v.form),
    evidenceRequired: !!v.evidenceRequired,
    attachments: (v.attachments ?? []).map((a) => a.trim()).filter(Boolean),
    ...(v.period?.[0] && v.period[1] ? { periodStart: v.period[0].format('YYYY-MM-DD'), periodEnd: v.period[1].format('YYYY-MM-DD') } : {}),
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (recurring) {
        await tasksApi.createRecurring({
          period: v.recurPeriod ?? 'quarterly',
          nextRunOn: (v.nextRunOn ?? dayjs()).format('YYYY-MM-DD'),
          definition: { ...definition(v), deadlineDays: v.deadlineDays ?? 10 },
        });
        return null;
      }
      return tasksApi.create({ ...definition(v), deadline: (v.deadline ?? dayjs()).format('YYYY-MM-DD') });
    },
    onSuccess: (task) => {
      void qc.invalidateQueries({ queryKey: tasksKeys.all });
      if (task) {
        message.success(t('tasks.form.issued', { n: task.assignments.length }));
        onCreated(task);
      } else {
        message.success(t('tasks.recurring.created'));
        onRecurringCreated?.();
      }
    },
    onError: (err) => setProblems(applyServerErrors(form, err, fieldName)),
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        save.reset();
        setProblems(undefined);
        void modal.confirm({
          title: recurring ? t('tasks.recurring.confirmTitle') : t('tasks.form.confirmTitle'),
          content: recurring ? t('tasks.recurring.confirmBody') : t('tasks.form.confirmBody', { title: v.title?.trim() ?? '' }),
          okText: recurring ? t('tasks.recurring.save') : t('tasks.form.issue'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutateAsync(v).catch(() => undefined),
        });
      })
      .catch(() => undefined);

  return (
    <Drawer
      open={open !== null}
      title={recurring ? t('tasks.recurring.createTitle') : t('tasks.form.createTitle')}
      onClose={onClose}
      size={drawerSize}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" icon={<SendOutlined />} loading={save.isPending} onClick={submit} data-testid="task-form-submit">
            {recurring ? t('tasks.recurring.save') : t('tasks.form.issue')}
          </Button>
        </Space>
      }
    >
      {modalHolder}
      {save.error ? <ErrorAlert error={save.error} extra={problems} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" requiredMark name="task-form" disabled={save.isPending} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24}>
            <Form.Item
              name="title"
              label={t('tasks.form.title')}
              rules={[
                { required: true, whitespace: true, message: t('tasks.required') },
                { min: 2, message: t('tasks.form.titleMin') },
              ]}
            >
              <Input maxLength={200} showCount placeholder={t('tasks.form.titlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="issuingOrgId" label={t('tasks.form.issuingOrg')} rules={[{ required: true, message: t('tasks.required') }]}>
              <OrgPicker allowClear={false} />
            </Form.Item>
          </Col>
          {recurring ? (
            <>
              <Col xs={12} sm={6}>
                <Form.Item name="recurPeriod" label={t('tasks.recurring.period')} rules={[{ required: true, message: t('tasks.required') }]}>
                  <Select options={PERIODS.map((p) => ({ value: p, label: t(`tasks.recurring.periods.${p}`) }))} />
                </Form.Item>
              </Col>
              <Col xs={12} sm={6}>
                <Form.Item name="nextRunOn" label={t('tasks.recurring.nextRunOn')} rules={[{ required: true, message: t('tasks.required') }]}>
                  <DatePicker style={{ width: '100%' }} allowClear={false} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item
                  name="deadlineDays"
                  label={t('tasks.recurring.deadlineDays')}
                  extra={t('tasks.recurring.deadlineDaysHint')}
                  rules={[{ required: true, message: t('tasks.required') }]}
                >
                  <InputNumber min={1} max={366} style={{ width: '100%' }} suffix={t('tasks.days')} />
                </Form.Item>
              </Col>
            </>
          ) : (
            <Col xs={24} sm={12}>
              <Form.Item name="deadline" label={t('tasks.form.deadline')} rules={[{ required: true, message: t('tasks.required') }]}>
                <DatePicker style={{ width: '100%' }} allowClear={false} data-testid="task-deadline" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24}>
            <Form.Item name="requirementsHtml" label={t('tasks.form.requirements')}>
              <RequirementsEditor placeholder={t('tasks.form.requirementsPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start" plain>
          {t('tasks.form.targetsSection')}
        </Divider>
        <TargetFields issuingOrgId={issuingOrgId} />
        <Divider titlePlacement="start" plain>
          {t('tasks.form.feedbackSection')}
        </Divider>
        <FormBuilder />
        {anyBound && !recurring ? (
          <Form.Item name="period" label={t('tasks.form.period')} extra={t('tasks.form.periodHint')} style={{ marginTop: 16 }}>
            <DatePicker.RangePicker style={{ width: '100%' }} />
          </Form.Item>
        ) : null}
        <Divider titlePlacement="start" plain>
          {t('tasks.form.evidenceSection')}
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item name="evidenceRequired" label={t('tasks.form.evidenceRequired')} valuePropName="checked" extra={t('tasks.form.evidenceHint')}>
              <Switch checkedChildren={t('common.yes')} unCheckedChildren={t('common.no')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="attachments" label={t('tasks.form.attachments')} extra={t('tasks.form.attachmentsHint')}>
              <Select mode="tags" open={false} tokenSeparators={[';', '；']} placeholder={t('tasks.form.attachmentsPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
        {recurring ? <Alert type="info" showIcon title={t('tasks.recurring.hint')} /> : null}
        {recurring ? null : (
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('tasks.form.notifyHint')}
          </Typography.Paragraph>
        )}
      </Form>
    </Drawer>
  );
}
