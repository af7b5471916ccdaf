import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, AutoComplete, Button, Col, DatePicker, Drawer, Form, Input, Radio, Row, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { INC_LEVELS, type IncidentDetail, type IncidentLevel, type RiskView, risksApi, risksKeys } from './api.ts';
import { ConflictAlert, useLevelLabel } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';
import { RiskPicker } from './pickers.tsx';

export type IncidentFormTarget = { mode: 'create'; orgId: number | null } | { mode: 'edit'; incident: IncidentDetail };

interface Values {
  orgId?: number | null;
  occurredAt?: Dayjs;
  source?: string;
  summary?: string;
  level?: IncidentLevel;
}

const SOURCE_KEYS = ['parents', 'online', 'hotline', 'campus', 'media', 'superior'] as const;

interface Props {
  target: IncidentFormTarget | null;
  onClose: () => void;
  onSaved: (i: IncidentDetail) => void;
  onReload: (id: number) => Promise<void>;
}

/** Report an incident (time, source, summary, level, linked risks), or correct an open one. */
export function IncidentFormDrawer({ target, onClose, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const levelLabel = useLevelLabel();
  const [form] = Form.useForm<Values>();
  const [risks, setRisks] = useState<RiskView[]>([]);
  // Editing: the linked risks are loaded first, so a save never unlinks them by accident.
  const [linkedReady, setLinkedReady] = useState(true);
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const incident = target?.mode === 'edit' ? target.incident : null;
  const orgId = (Form.useWatch('orgId', form) as number | null | undefined) ?? incident?.orgId ?? null;
  const level = Form.useWatch('level', form) as IncidentLevel | undefined;

  const openKey = target ? (incident ? `edit:${incident.id}:${incident.version}` : `create:${target.mode === 'create' ? target.orgId : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey)
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    save.reset();
    setRisks([]);
    setLinkedReady(target.mode === 'create');
    if (target.mode === 'create') {
      form.setFieldsValue({ orgId: target.orgId, occurredAt: dayjs().second(0), level: '一般' });
      return;
    }
    const i = target.incident;
    form.setFieldsValue({ source: i.source, summary: i.summary, level: i.level });
    // The picker keeps whole risks; the incident names only their ids.
    let live = true;
    void Promise.all(i.risks.map((r) => risksApi.get(r.id))).then(
      (full) => {
        if (!live) return;
        setRisks(full);
        setLinkedReady(true);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, [openKey]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const riskIds = risks.map((r) => r.id);
      if (incident)
        return risksApi.updateIncident(incident.id, {
          version: incident.version,
          source: v.source?.trim(),
          summary: v.summary?.trim(),
          level: v.level,
          riskIds: linkedReady ? riskIds : undefined,
        });
      return risksApi.createIncident({
        orgId: v.orgId ?? 0,
        occurredAt: (v.occurredAt ?? dayjs()).toISOString(),
        source: v.source?.trim() ?? '',
        summary: v.summary?.trim() ?? '',
        level: v.level ?? '一般',
        riskIds,
      });
    },
    onSuccess: (i) => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(incident ? t('risks.saved') : t('risks.incidentCreated'));
      onSaved(i);
    },
    onError: (err) => setExtra(showFieldErrors(form, err, ['orgId', 'occurredAt', 'source', 'summary', 'level'])),
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
      title={incident ? t('risks.incidentEditTitle') : t('risks.incidentCreateTitle')}
      onClose={onClose}
      size={drawerWidth(720)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="incident-save">
            {incident ? t('common.save') : t('risks.incidentSubmit')}
          </Button>
        </Space>
      }
    >
      {isConflict(save.error) ? (
        <ConflictAlert onReload={incident ? () => void onReload(incident.id) : undefined} />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="incident-form" disabled={save.isPending}>
        <Row gutter={16}>
          {incident ? (
            <Col xs={24}>
              <Typography.Paragraph>
                <Typography.Text strong>{incident.orgName}</Typography.Text>
                {t('common.colon')}
                {t('risks.occurredOn', { at: dayjs(incident.occurredAt).format('YYYY-MM-DD HH:mm') })}
              </Typography.Paragraph>
            </Col>
          ) : (
            <>
              <Col xs={24} sm={14}>
                <Form.Item label={t('risks.org')} name="orgId" rules={[required]}>
                  <OrgPicker allowClear={false} placeholder={t('risks.orgPlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={10}>
                <Form.Item label={t('risks.occurredAt')} name="occurredAt" rules={[required]}>
                  <DatePicker
                    showTime={{ format: 'HH:mm' }}
                    format="YYYY-MM-DD HH:mm"
                    style={{ width: '100%' }}
                    allowClear={false}
                    disabledDate={(d) => d.isAfter(dayjs(), 'day')}
                  />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24}>
            <Form.Item label={t('risks.incLevel')} name="level" rules={[required]} extra={t('risks.levelDeadlineHint')}>
              <Radio.Group optionType="button" buttonStyle="solid" options={INC_LEVELS.map((l) => ({ value: l, label: levelLabel(l) }))} />
            </Form.Item>
          </Col>
          {level && level !== '一般' && !incident ? (
            <Col xs={24}>
              <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('risks.reportUpHint')} />
            </Col>
          ) : null}
          <Col xs={24}>
            <Form.Item label={t('risks.incSource')} name="source" rules={[{ ...required, whitespace: true }]}>
              <AutoComplete
                options={SOURCE_KEYS.map((k) => ({ value: t(`risks.incSources.${k}`) }))}
                maxLength={200}
                placeholder={t('risks.incSourcePlaceholder')}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('risks.summary')} name="summary" rules={[{ ...required, whitespace: true }]}>
              <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('risks.summaryPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('risks.linkedRisks')} extra={t('risks.linkedRisksHint')}>
              {linkedReady ? <RiskPicker orgId={orgId} value={risks} onChange={setRisks} /> : <Spin size="small" />}
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Drawer>
  );
}
