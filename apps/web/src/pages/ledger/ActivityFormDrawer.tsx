import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldProblem, isConflict } from '../../api/client.ts';
import { useCurrentSession } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { localizeServerText } from '../../i18n/index.ts';
import { MinutesEditor } from './MinutesEditor.tsx';
import { type ActivityInput, type ActivityView, type AttendanceStatus, ATTENDANCE_STATUSES, ledgerApi, ledgerKeys } from './api.ts';
import { isBlankHtml } from '../../components/html.ts';
import { drawerWidth } from '../../components/sizing.ts';

export type FormTarget = { mode: 'create'; orgId?: number | null } | { mode: 'edit' | 'amend'; activity: ActivityView };

interface Values {
  orgId?: number | null;
  typeCode?: string;
  date?: Dayjs;
  startTime?: Dayjs | null;
  place?: string;
  speaker?: string;
  topic?: string;
  guests?: string;
  participantCount?: number | null;
  minutesHtml?: string;
  extra?: Record<string, string | number | undefined>;
  reason?: string;
}

interface AttRow {
  personId: number;
  name: string;
  code: string;
  status: AttendanceStatus;
  reason: string;
}

const FIELD_NAMES = ['orgId', 'typeCode', 'date', 'startTime', 'place', 'speaker', 'topic', 'guests', 'participantCount', 'minutesHtml', 'reason'];

/** The branch a user records for: the first org of a grant (null for whole-tree grants). */
export function useDefaultOrgId(): number | null {
  const session = useCurrentSession();
  return session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
}

function toInput(v: Values, rows: AttRow[]): ActivityInput {
  const extra: Record<string, string | number> = {};
  for (const [k, x] of Object.entries(v.extra ?? {})) if (x !== undefined && x !== null && x !== '') extra[k] = x;
  return {
    typeCode: v.typeCode ?? '',
    date: (v.date ?? dayjs()).format('YYYY-MM-DD'),
    startTime: v.startTime ? v.startTime.format('HH:mm') : null,
    place: v.place?.trim() || null,
    speaker: v.speaker?.trim() || null,
    topic: v.topic?.trim() ?? '',
    guests: v.guests?.trim() || null,
    participantCount: v.participantCount ?? null,
    minutesHtml: isBlankHtml(v.minutesHtml) ? null : (v.minutesHtml ?? null),
    extra,
    attendees: rows.map((r) => ({ personId: r.personId, status: r.status, reason: r.status === 'present' ? null : r.reason.trim() || null })),
  };
}

/** Only what an amendment changes (the server keeps it as history). */
function diff(before: ActivityView, after: ActivityInput): Partial<ActivityInput> {
  const out: Partial<ActivityInput> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (!same(before.date, after.date)) out.date = after.date;
  if (!same(before.startTime, after.startTime)) out.startTime = after.startTime;
  if (!same(before.place, after.place)) out.place = after.place;
  if (!same(before.speaker, after.speaker)) out.speaker = after.speaker;
  if (!same(before.topic, after.topic)) out.topic = after.topic;
  if (!same(before.guests, after.guests)) out.guests = after.guests;
  if (!same(before.participantCount, after.participantCount)) out.participantCount = after.participantCount;
  if (!same(before.minutesHtml ?? null, after.minutesHtml ?? null)) out.minutesHtml = after.minutesHtml;
  if (!same(before.extra, after.extra)) out.extra = after.extra;
  const att = (xs: { personId: number; status: string; reason?: string | null }[]) =>
    JSON.stringify([...xs].sort((a, b) => a.personId - b.personId).map((x) => [x.personId, x.status, x.reason || null]));
  if (att(before.attendees) !== att(after.attendees ?? [])) out.attendees = after.attendees;
  return out;
}

interface Props {
  target: FormTarget | null;
  onClose: () => void;
  onSaved: (a: ActivityView) => void;
  onRefresh?: () => Promise<void>;
}

/** Create, edit (draft / returned) or amend (locked) an activity record, with the roster as default attendees. */
export function ActivityFormDrawer({ target, onClose, onSaved, onRefresh }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<Values>();
  const defaultOrg = useDefaultOrgId();
  const [rows, setRows] = useState<AttRow[]>([]);
  const [extraProblems, setExtraProblems] = useState<FieldProblem[] | undefined>(undefined);
  const mode = target?.mode ?? 'create';
  const activity = target && target.mode !== 'create' ? target.activity : null;

  const types = useQuery({ queryKey: ledgerKeys.types, queryFn: ({ signal }) => ledgerApi.types(signal), staleTime: 5 * 60_000 });
  const orgId = Form.useWatch('orgId', form) ?? activity?.orgId ?? null;
  const date = Form.useWatch('date', form) as Dayjs | undefined;
  const typeCode = Form.useWatch('typeCode', form) as string | undefined;
  const type = types.data?.find((x) => x.code === typeCode);
  const dateStr = date ? date.format('YYYY-MM-DD') : dayjs().format('YYYY-MM-DD');

  const roster = useQuery({
    queryKey: ledgerKeys.roster(orgId ?? 0, dateStr),
    queryFn: ({ signal }) => ledgerApi.roster(orgId ?? 0, dateStr, signal),
    enabled: mode === 'create' && target !== null && !!orgId,
  });

  // Open: fill the form from the record (or the defaults of a new one).
  const openKey = target ? (activity ? `${mode}:${activity.id}:${activity.version}` : `create:${target.mode === 'create' ? target.orgId : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey), not on every render
  useEffect(() => {
    if (!openKey || !target) return;
    form.resetFields();
    setExtraProblems(undefined);
    if (target.mode === 'create') {
      form.setFieldsValue({ orgId: target.orgId ?? defaultOrg, typeCode: 'theme_party_day', date: dayjs() });
      setRows([]);
    } else {
      const a = target.activity;
      form.setFieldsValue({
        typeCode: a.typeCode,
        date: dayjs(a.date),
        startTime: a.startTime ? dayjs(`2000-01-01T${a.startTime}`) : null,
        place: a.place ?? '',
        speaker: a.speaker ?? '',
        topic: a.topic,
        guests: a.guests ?? '',
        participantCount: a.participantCount,
        minutesHtml: a.minutesHtml ?? '',
        extra: Object.fromEntries(Object.entries(a.extra).map(([k, v]) => [k, typeof v === 'number' ? v : String(v ?? '')])),
      });
      setRows(a.attendees.map((x) => ({ personId: x.personId, name: x.name, code: x.code, status: x.status, reason: x.reason ?? '' })));
    }
  }, [openKey]);

  // A new record's attendees follow the roster of the org at the date; statuses already set are kept.
  useEffect(() => {
    if (mode !== 'create' || !roster.data) return;
    setRows((prev) => {
      const was = new Map(prev.map((r) => [r.personId, r]));
      return roster.data.map((p) => was.get(p.personId) ?? { personId: p.personId, name: p.name, code: p.code, status: 'present', reason: '' });
    });
  }, [roster.data, mode]);

  const save = useMutation({
    mutationFn: async ({ values, submit }: { values: Values; submit: boolean }) => {
      const input = toInput(values, rows);
      if (target?.mode === 'create') return ledgerApi.create({ ...input, orgId: values.orgId ?? 0, submit });
      if (!activity) throw new Error('no record');
      if (target?.mode === 'amend') {
        const changes = diff(activity, input);
        return ledgerApi.amend(activity.id, { version: activity.version, reason: values.reason?.trim() ?? '', changes });
      }
      const { typeCode: tc, ...rest } = input;
      const saved = await ledgerApi.update(activity.id, { ...rest, typeCode: tc, version: activity.version });
      return submit ? ledgerApi.submit(saved.id, saved.version) : saved;
    },
    onSuccess: (a, { submit }) => {
      void qc.invalidateQueries({ queryKey: ledgerKeys.all });
      message.success(mode === 'amend' ? t('ledger.amended') : submit ? t('ledger.submitted') : t('ledger.saved'));
      onSaved(a);
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const rest: FieldProblem[] = [];
      const byField = new Map<string, string[]>();
      for (const p of err.fields) {
        const name = p.field.replace(/^changes\.?/, '');
        const msg = localizeServerText(p.message);
        if (FIELD_NAMES.includes(name) || name.startsWith('extra.')) byField.set(name, [...(byField.get(name) ?? []), msg]);
        else rest.push({ field: name, message: msg });
      }
      if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name: name.split('.') as ['extra', string], errors })));
      setExtraProblems(rest);
    },
  });

  const setRow = (personId: number, patch: Partial<AttRow>) => setRows((rs) => rs.map((r) => (r.personId === personId ? { ...r, ...patch } : r)));
  const counts = useMemo(
    () => ({
      expected: rows.length,
      present: rows.filter((r) => r.status === 'present').length,
      absent: rows.filter((r) => r.status === 'absent').length,
      excused: rows.filter((r) => r.status === 'excused').length,
    }),
    [rows],
  );

  const columns: TableColumnsType<AttRow> = [
    { title: t('ledger.person'), dataIndex: 'name', width: 120, render: (v: string, r) => <span title={r.code}>{v}</span> },
    {
      title: t('ledger.attendanceStatus'),
      dataIndex: 'status',
      width: 210,
      render: (v: AttendanceStatus, r) => (
        <Radio.Group
          size="small"
          optionType="button"
          value={v}
          onChange={(e) => setRow(r.personId, { status: e.target.value as AttendanceStatus })}
          options={ATTENDANCE_STATUSES.map((s) => ({ value: s, label: t(`ledger.attendance.${s}`) }))}
        />
      ),
    },
    {
      title: t('ledger.absenceReason'),
      dataIndex: 'reason',
      render: (v: string, r) =>
        r.status === 'present' ? (
          <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
        ) : (
          <Input
            size="small"
            value={v}
            maxLength={200}
            placeholder={t('ledger.reasonPlaceholder')}
            onChange={(e) => setRow(r.personId, { reason: e.target.value })}
          />
        ),
    },
  ];

  const conflict = isConflict(save.error);
  const title = mode === 'create' ? t('ledger.createTitle') : mode === 'edit' ? t('ledger.editTitle') : t('ledger.amendTitle');
  const submit = (asSubmit: boolean) =>
    form
      .validateFields()
      .then((values) => save.mutate({ values, submit: asSubmit }))
      .catch(() => {});

  return (
    <Drawer
      open={target !== null}
      title={title}
      onClose={onClose}
      size={drawerWidth(860)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          {mode === 'amend' ? (
            <Button type="primary" loading={save.isPending} onClick={() => submit(false)} data-testid="amend-save">
              {t('ledger.saveAmendment')}
            </Button>
          ) : (
            <>
              <Button loading={save.isPending} onClick={() => submit(false)}>
                {t('ledger.saveDraft')}
              </Button>
              <Button type="primary" loading={save.isPending} onClick={() => submit(true)}>
                {t('ledger.saveAndSubmit')}
              </Button>
            </>
          )}
        </Space>
      }
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('ledger.conflict')}
          style={{ marginBottom: 16 }}
          action={
            onRefresh ? (
              <Button size="small" onClick={() => void onRefresh().then(() => save.reset())}>
                {t('common.refresh')}
              </Button>
            ) : undefined
          }
        />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extraProblems} style={{ marginBottom: 16 }} />
      ) : null}
      {mode === 'amend' ? <Alert type="warning" showIcon title={t('ledger.amendHint')} style={{ marginBottom: 16 }} /> : null}
      {mode === 'edit' && activity?.status === 'returned' && activity.reviewComment ? (
        <Alert type="warning" showIcon title={t('ledger.returnedWith', { comment: activity.reviewComment })} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" requiredMark name="activity-form" disabled={save.isPending}>
        <Row gutter={16}>
          {mode === 'create' ? (
            <Col xs={24} sm={12}>
              <Form.Item label={t('ledger.org')} name="orgId" rules={[{ required: true, message: t('ledger.required') }]}>
                <OrgPicker allowClear={false} />
              </Form.Item>
            </Col>
          ) : (
            <Col xs={24} sm={12}>
              <Form.Item label={t('ledger.org')}>
                <Typography.Text strong>{activity?.orgName}</Typography.Text>
              </Form.Item>
            </Col>
          )}
          <Col xs={24} sm={12}>
            <Form.Item label={t('ledger.type')} name="typeCode" rules={[{ required: true, message: t('ledger.required') }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={types.isLoading}
                disabled={mode === 'amend'}
                options={(types.data ?? []).map((x) => ({ value: x.code, label: x.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('ledger.date')} name="date" rules={[{ required: true, message: t('ledger.required') }]}>
              <DatePicker style={{ width: '100%' }} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item label={t('ledger.startTime')} name="startTime">
              <TimePicker format="HH:mm" style={{ width: '100%' }} minuteStep={5} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label={t('ledger.place')} name="place">
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('ledger.topic')} name="topic" rules={[{ required: true, whitespace: true, message: t('ledger.required') }]}>
              <Input maxLength={300} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('ledger.speaker')} name="speaker">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item label={t('ledger.guests')} name="guests">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          {(type?.fields ?? []).map((f) => (
            <Col key={f.key} xs={24} sm={12}>
              <Form.Item label={f.label} name={['extra', f.key]} rules={f.required ? [{ required: true, message: t('ledger.required') }] : []}>
                {f.type === 'select' ? (
                  <Select allowClear options={(f.options ?? []).map((o) => ({ value: o, label: o }))} />
                ) : f.type === 'number' ? (
                  <InputNumber min={0} style={{ width: '100%' }} />
                ) : (
                  <Input maxLength={500} />
                )}
              </Form.Item>
            </Col>
          ))}
          {type?.category === 'student' ? null : (
            <Col xs={24} sm={12}>
              <Form.Item label={t('ledger.participantCount')} name="participantCount" tooltip={t('ledger.participantCountHint')}>
                <InputNumber min={0} max={1_000_000} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item label={t('ledger.minutes')} name="minutesHtml">
          <MinutesEditor />
        </Form.Item>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('ledger.attendees')} <Tag>{t('ledger.expectedN', { n: counts.expected })}</Tag>
          <Tag color="green">{t('ledger.presentN', { n: counts.present })}</Tag>
          <Tag color="red">{t('ledger.absentN', { n: counts.absent })}</Tag>
          <Tag color="orange">{t('ledger.excusedN', { n: counts.excused })}</Tag>
        </Typography.Title>
        {roster.isFetching ? (
          <Spin />
        ) : rows.length ? (
          <Table<AttRow> rowKey="personId" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 520 }} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={orgId ? t('ledger.rosterEmpty') : t('ledger.pickOrgFirst')} />
        )}
        {mode === 'amend' ? (
          <Form.Item
            style={{ marginTop: 16 }}
            label={t('ledger.amendReason')}
            name="reason"
            rules={[
              { required: true, whitespace: true, message: t('ledger.amendReasonRequired') },
              { min: 2, message: t('ledger.amendReasonRequired') },
            ]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Drawer>
  );
}
