import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Col, DatePicker, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { SCREENING_STATUSES, type Screening, type ScreeningStatus, safetyApi, safetyKeys } from './api.ts';
import { DATE, SaveError, applyServerErrors } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export type ScreeningTarget = { mode: 'create'; orgId: number | null; year: number; campaignId?: number | null } | { mode: 'edit'; screening: Screening };

interface Values {
  code?: string;
  orgId?: number | null;
  campaignId?: number | null;
  startDate?: Dayjs;
  endDate?: Dayjs | null;
  studentsExpected?: number | null;
  studentsScreened?: number | null;
  issuesFound?: number | null;
  issuesResolved?: number | null;
  status?: ScreeningStatus;
}

const FIELDS = ['code', 'orgId', 'campaignId', 'startDate', 'endDate', 'studentsExpected', 'studentsScreened', 'issuesFound', 'issuesResolved', 'status'];

/** Record (or edit, e.g. complete) one school's screening: the window, students expected and screened, issues found and resolved. */
export function ScreeningFormDrawer({ target, onClose, onSaved }: { target: ScreeningTarget | null; onClose: () => void; onSaved?: (s: Screening) => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [fresh, setFresh] = useState<Screening | null>(null);
  const screening = fresh ?? (target?.mode === 'edit' ? target.screening : null);
  const year = target?.mode === 'create' ? target.year : screening ? Number(screening.startDate.slice(0, 4)) : dayjs().year();

  const campaigns = useQuery({
    queryKey: safetyKeys.campaigns({ page: 1, pageSize: 100, year }),
    queryFn: ({ signal }) => safetyApi.campaigns({ page: 1, pageSize: 100, year }, signal),
    enabled: target !== null,
  });

  const openKey = target ? (target.mode === 'edit' ? `edit:${target.screening.id}` : `create:${target.orgId}:${target.campaignId}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per opening, not on every render
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    setFresh(null);
    if (target.mode === 'create')
      form.setFieldsValue({
        orgId: target.orgId,
        campaignId: target.campaignId ?? null,
        startDate: dayjs(),
        status: 'in_progress',
        studentsScreened: 0,
        issuesFound: 0,
        issuesResolved: 0,
      });
    else fill(target.screening);
  }, [openKey]);

  function fill(s: Screening) {
    form.setFieldsValue({
      campaignId: s.campaignId,
      startDate: dayjs(s.startDate),
      endDate: s.endDate ? dayjs(s.endDate) : null,
      studentsExpected: s.studentsExpected,
      studentsScreened: s.studentsScreened,
      issuesFound: s.issuesFound,
      issuesResolved: s.issuesResolved,
      status: s.status,
    });
  }

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        campaignId: v.campaignId ?? null,
        startDate: (v.startDate ?? dayjs()).format(DATE),
        endDate: v.endDate ? v.endDate.format(DATE) : null,
        studentsExpected: v.studentsExpected ?? 0,
        studentsScreened: v.studentsScreened ?? 0,
        issuesFound: v.issuesFound ?? 0,
        issuesResolved: v.issuesResolved ?? 0,
        status: v.status ?? 'in_progress',
      };
      if (screening) return safetyApi.updateScreening(screening.id, { ...body, version: screening.version });
      return safetyApi.createScreening({ ...body, code: v.code?.trim() ?? '', orgId: v.orgId ?? 0 });
    },
    onSuccess: (s) => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.saved'));
      onSaved?.(s);
      onClose();
    },
    onError: (err) => setExtra(applyServerErrors(form, err, FIELDS)),
  });

  const reload = async () => {
    if (!screening) return;
    const s = await safetyApi.screening(screening.id);
    setFresh(s);
    fill(s);
    save.reset();
  };

  const notMore = (other: keyof Values, msg: string): Rule => ({
    validator: (_, v: number | null | undefined) => {
      const limit = form.getFieldValue(other) as number | null | undefined;
      return v != null && limit != null && v > limit ? Promise.reject(new Error(msg)) : Promise.resolve();
    },
  });
  const count = (label: string, name: keyof Values, rules: Rule[] = [], required = false, dependsOn?: keyof Values) => (
    <Col xs={12} sm={6}>
      <Form.Item
        label={label}
        name={name}
        dependencies={dependsOn ? [dependsOn] : undefined}
        rules={[...(required ? [{ required: true, message: t('safety.required') }] : []), ...rules]}
      >
        <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );

  return (
    <Drawer
      open={target !== null}
      title={screening ? t('safety.screening.editTitle', { code: screening.code }) : t('safety.screening.createTitle')}
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
            data-testid="screening-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <SaveError error={save.error} extra={extra} onReload={() => void reload()} />
      <Form<Values> form={form} layout="vertical" name="screening-form" disabled={save.isPending}>
        <Row gutter={16}>
          {screening ? (
            <>
              <Col xs={12} sm={8}>
                <Form.Item label={t('safety.screening.code')}>
                  <Typography.Text strong>{screening.code}</Typography.Text>
                </Form.Item>
              </Col>
              <Col xs={12} sm={16}>
                <Form.Item label={t('safety.school')}>
                  <Typography.Text strong>{screening.orgName}</Typography.Text>
                </Form.Item>
              </Col>
            </>
          ) : (
            <>
              <Col xs={24} sm={8}>
                <Form.Item
                  label={t('safety.screening.code')}
                  name="code"
                  tooltip={t('safety.screening.codeHint')}
                  rules={[{ required: true, whitespace: true, message: t('safety.required') }]}
                >
                  <Input maxLength={50} placeholder={t('safety.screening.codePlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={16}>
                <Form.Item label={t('safety.school')} name="orgId" tooltip={t('safety.schoolHint')} rules={[{ required: true, message: t('safety.required') }]}>
                  <OrgPicker allowClear={false} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24}>
            <Form.Item label={t('safety.screening.campaign')} name="campaignId">
              <Select
                allowClear
                loading={campaigns.isLoading}
                placeholder={t('safety.screening.noCampaign')}
                options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('safety.screening.startDate')} name="startDate" rules={[{ required: true, message: t('safety.required') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              label={t('safety.screening.endDate')}
              name="endDate"
              dependencies={['startDate', 'status']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, v: Dayjs | null | undefined) => {
                    const start = getFieldValue('startDate') as Dayjs | undefined;
                    if (!v && getFieldValue('status') === 'completed') return Promise.reject(new Error(t('safety.screening.endRequired')));
                    return v && start && v.isBefore(start, 'day') ? Promise.reject(new Error(t('safety.endBeforeStart'))) : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('safety.statusLabel')} name="status">
              <Radio.Group optionType="button" options={SCREENING_STATUSES.map((s) => ({ value: s, label: t(`safety.screening.status.${s}`) }))} />
            </Form.Item>
          </Col>
          {count(t('safety.screening.studentsExpected'), 'studentsExpected', [], true)}
          {count(
            t('safety.screening.studentsScreened'),
            'studentsScreened',
            [notMore('studentsExpected', t('safety.screening.screenedTooMany'))],
            false,
            'studentsExpected',
          )}
          {count(t('safety.screening.issuesFound'), 'issuesFound')}
          {count(t('safety.screening.issuesResolved'), 'issuesResolved', [notMore('issuesFound', t('safety.screening.resolvedTooMany'))], false, 'issuesFound')}
        </Row>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('safety.screening.countsHint')}
        </Typography.Paragraph>
      </Form>
    </Drawer>
  );
}
