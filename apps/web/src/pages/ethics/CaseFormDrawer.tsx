import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Row, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { applyFieldErrors } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type EthicsCaseView, ethicsApi, ethicsKeys } from './api.ts';
import { SaveErrorAlert } from './FormAlerts.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { PersonSelect } from './PersonSelect.tsx';

export type CaseFormTarget = { mode: 'create'; orgId?: number | null } | { mode: 'edit'; case: EthicsCaseView };

interface Values {
  orgId?: number | null;
  personId?: number | null;
  codeId?: number;
  summary?: string;
  clueOn?: Dayjs | null;
  handlerPersonIds?: number[];
  outcome?: string;
}

const FIELDS = ['orgId', 'personId', 'codeId', 'summary', 'clueOn', 'handlerPersonIds', 'outcome'] as const;

function fill(c: EthicsCaseView): Values {
  return { codeId: c.codeId, summary: c.summary, handlerPersonIds: c.handlerPersonIds, outcome: c.outcome ?? '' };
}

interface Props {
  target: CaseFormTarget | null;
  onClose: () => void;
  onSaved: (c: EthicsCaseView) => void;
}

/** Open a case from a clue (ethics.case), or edit one's summary, code, handlers and outcome. */
export function CaseFormDrawer({ target, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<EthicsCaseView | null>(null);
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const mode = target?.mode ?? 'create';
  const codes = useQuery({ queryKey: ethicsKeys.codes, queryFn: ({ signal }) => ethicsApi.codes(signal), staleTime: 30 * 60_000, enabled: target !== null });
  const orgId = Form.useWatch('orgId', form) ?? null;

  const save = useMutation({
    mutationFn: (v: Values) => {
      const handlerPersonIds = v.handlerPersonIds ?? [];
      if (current) {
        const outcome = v.outcome?.trim();
        return ethicsApi.updateCase(current.id, {
          version: current.version,
          summary: v.summary?.trim(),
          codeId: v.codeId,
          handlerPersonIds,
          ...(v.outcome !== undefined ? { outcome: outcome ? outcome : null } : {}),
        });
      }
      return ethicsApi.createCase({
        orgId: v.orgId ?? 0,
        personId: v.personId ?? 0,
        codeId: v.codeId ?? 0,
        summary: v.summary?.trim() ?? '',
        clueOn: (v.clueOn ?? dayjs()).format('YYYY-MM-DD'),
        handlerPersonIds,
      });
    },
    onSuccess: (c) => {
      void qc.invalidateQueries({ queryKey: ethicsKeys.cases });
      message.success(current ? t('ethics.case.updated') : t('ethics.case.created'));
      onSaved(c);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
  });

  const openKey = target ? (target.mode === 'edit' ? `edit:${target.case.id}:${target.case.version}` : `create:${target.orgId ?? ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey), not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    if (target.mode === 'edit') {
      setCurrent(target.case);
      form.setFieldsValue(fill(target.case));
    } else {
      setCurrent(null);
      form.setFieldsValue({ orgId: target.orgId ?? null, clueOn: dayjs(), handlerPersonIds: [] });
    }
  }, [openKey]);

  const reload = async () => {
    if (!current) return;
    const fresh = await qc.fetchQuery({ queryKey: ethicsKeys.caseDetail(current.id), queryFn: () => ethicsApi.case(current.id), staleTime: 0 });
    setCurrent(fresh);
    form.setFieldsValue(fill(fresh));
    save.reset();
  };

  const showOutcome = current !== null && (current.stage === 'decision' || current.stage === 'closed' || !!current.outcome);
  return (
    <Drawer
      open={target !== null}
      title={mode === 'create' ? t('ethics.case.createTitle') : t('ethics.case.editTitle')}
      onClose={onClose}
      size={drawerWidth(680)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              form
                .validateFields()
                .then((v) => save.mutate(v))
                .catch(() => {})
            }
            data-testid="case-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Alert type="warning" showIcon title={t('ethics.case.confidential')} style={{ marginBottom: 16 }} />
      <SaveErrorAlert error={save.error} extra={extra} onReload={current ? reload : undefined} />
      <Form<Values> form={form} layout="vertical" requiredMark name="ethics-case" disabled={save.isPending}>
        {current ? (
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('ethics.case.org')}>
                <Typography.Text strong>{current.orgName}</Typography.Text>
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('ethics.case.person')}>
                <Typography.Text strong>{current.personName}</Typography.Text>
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <Form.Item label={t('ethics.case.org')} name="orgId" rules={[{ required: true, message: t('ethics.form.required') }]}>
                <OrgPicker allowClear={false} placeholder={t('ethics.mech.orgPlaceholder')} onChange={() => form.setFieldValue('personId', null)} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label={t('ethics.case.person')} name="personId" rules={[{ required: true, message: t('ethics.form.required') }]}>
                <PersonSelect orgId={orgId} disabled={!orgId} placeholder={orgId ? t('ethics.person.placeholder') : t('ethics.case.pickOrgFirst')} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                label={t('ethics.case.clueOn')}
                name="clueOn"
                rules={[{ required: true, message: t('ethics.form.required') }]}
                extra={t('ethics.case.clueOnHint')}
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} format="YYYY-MM-DD" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item label={t('ethics.case.code')} name="codeId" rules={[{ required: true, message: t('ethics.form.required') }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={codes.isLoading}
            placeholder={t('ethics.case.codePlaceholder')}
            options={(codes.data ?? []).map((c) => ({ value: c.id, label: t('ethics.case.codeOption', { code: c.code, name: c.name }) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('ethics.case.summary')}
          name="summary"
          rules={[
            { required: true, whitespace: true, message: t('ethics.form.required') },
            { min: 2, message: t('ethics.form.min2') },
          ]}
        >
          <Input.TextArea rows={5} maxLength={5000} showCount placeholder={t('ethics.case.summaryPlaceholder')} />
        </Form.Item>
        <Form.Item label={t('ethics.case.handlers')} name="handlerPersonIds" extra={t('ethics.case.handlersHint')}>
          <PersonSelect multiple known={current?.handlerPersons ?? []} placeholder={t('ethics.case.handlersPlaceholder')} />
        </Form.Item>
        {current?.handlerUsers.length ? (
          <Form.Item label={t('ethics.case.handlerAccounts')}>
            <Typography.Text>{current.handlerUsers.map((u) => u.name).join(t('ethics.sep'))}</Typography.Text>
          </Form.Item>
        ) : null}
        {showOutcome ? (
          <Form.Item
            label={t('ethics.case.outcome')}
            name="outcome"
            rules={
              current.stage === 'decision' || current.stage === 'closed'
                ? [{ required: true, whitespace: true, message: t('ethics.case.outcomeRequired') }]
                : []
            }
          >
            <Input.TextArea rows={3} maxLength={5000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
