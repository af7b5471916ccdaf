import { CheckOutlined, EditOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, Modal, Space, Spin, Switch, Tag, Timeline, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type IncidentDetail, reasonOf, risksApi, risksKeys } from './api.ts';
import { IncidentStatusTag, LevelTag, fmtDateTime, useLevelLabel } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { CloseIncidentModal } from './CloseIncidentModal.tsx';
import { EscalationTimer, useTimer } from './EscalationTimer.tsx';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (i: IncidentDetail) => void;
  onOpenRisk: (id: number) => void;
}

const EVENT_KINDS = ['reported', 'action', 'level_changed', 'personally_handled', 'reported_to_committee', 'escalated', 'closed'] as const;
const EVENT_COLORS: Record<string, string> = {
  reported: 'blue',
  action: 'gray',
  escalated: 'red',
  reported_to_committee: 'green',
  closed: 'green',
  personally_handled: 'purple',
};

function TimerBanner({
  incident,
  fetchedAt,
  onReport,
  busy,
  canReport,
}: {
  incident: IncidentDetail;
  fetchedAt: number;
  onReport: () => void;
  busy: boolean;
  canReport: boolean;
}) {
  const { t } = useTranslation();
  const { state } = useTimer(incident, fetchedAt);
  const type =
    state === 'overdue' || state === 'reportedLate' ? 'error' : state === 'pending' || state === 'urgent' ? 'warning' : state === 'none' ? 'info' : 'success';
  const pending = state === 'pending' || state === 'urgent' || state === 'overdue';
  return (
    <Alert
      type={type}
      showIcon
      title={t(`risks.timerTitle.${state}`)}
      description={<EscalationTimer incident={incident} fetchedAt={fetchedAt} full />}
      action={
        pending && canReport ? (
          <Button size="small" type="primary" icon={<SendOutlined />} loading={busy} onClick={onReport} data-testid="report-up">
            {t('risks.reportUp')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** One incident: escalation timer, handling timeline, personally-handled flag, linked risks, closure with lessons. */
export function IncidentDetailDrawer({ id, onClose, onEdit, onOpenRisk }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const levelLabel = useLevelLabel();
  const [modal, modalHolder] = Modal.useModal();
  const [closing, setClosing] = useState(false);
  const [stepForm] = Form.useForm<{ note: string; at?: Dayjs | null }>();
  const detail = useQuery({
    queryKey: risksKeys.incident(id ?? 0),
    queryFn: ({ signal }) => risksApi.incident(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
    refetchInterval: 60_000,
  });
  const i = detail.data;
  const report = can('incident.report');
  const open = i && i.status !== 'closed';

  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: risksKeys.all });
    message.success(text);
  };
  const fail = (err: unknown) => {
    if (reasonOf(err) === 'not_first_responsible') message.error(t('risks.notFirstResponsibleHandle'));
    else if (isConflict(err)) {
      message.error(t('risks.conflictTitle'));
      void detail.refetch();
    } else message.error(errorMessage(err));
  };
  const reportUp = useMutation({ mutationFn: () => risksApi.reportToCommittee(i?.id ?? 0), onSuccess: () => done(t('risks.reportedUpOk')), onError: fail });
  const handled = useMutation({
    mutationFn: (v: boolean) => risksApi.updateIncident(i?.id ?? 0, { version: i?.version ?? 0, personallyHandled: v }),
    onSuccess: () => done(t('risks.saved')),
    onError: fail,
  });
  const step = useMutation({
    mutationFn: (v: { note: string; at?: Dayjs | null }) => risksApi.addEvent(i?.id ?? 0, { note: v.note.trim(), at: v.at ? v.at.toISOString() : undefined }),
    onSuccess: () => {
      stepForm.resetFields();
      done(t('risks.stepAdded'));
    },
    onError: (err) => {
      // Field problems show on the step form; anything else as a message.
      const rest = showFieldErrors(stepForm, err, ['note', 'at']);
      if (!(err instanceof ApiError && err.code === 'validation_failed' && rest.length === 0)) fail(err);
    },
  });

  const kindLabel = (k: string) => ((EVENT_KINDS as readonly string[]).includes(k) ? t(`risks.eventKind.${k as (typeof EVENT_KINDS)[number]}`) : k);

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(860)}
      title={
        i ? (
          <Space wrap>
            <span>{t('risks.incidentTitle', { id: i.id })}</span>
            <LevelTag level={i.level} />
            <IncidentStatusTag status={i.status} />
          </Space>
        ) : (
          t('risks.incidentTitleLoading')
        )
      }
      extra={
        i && open && report ? (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => onEdit(i)}>
              {t('risks.edit')}
            </Button>
            <Button danger icon={<CheckOutlined />} onClick={() => setClosing(true)} data-testid="incident-close">
              {t('risks.closeIncident')}
            </Button>
          </Space>
        ) : null
      }
    >
      {modalHolder}
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {i ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <TimerBanner
            incident={i}
            fetchedAt={detail.dataUpdatedAt}
            canReport={report}
            busy={reportUp.isPending}
            onReport={() =>
              modal.confirm({
                title: t('risks.reportUpConfirmTitle'),
                content: t('risks.reportUpConfirm'),
                okText: t('risks.reportUp'),
                cancelText: t('common.cancel'),
                onOk: () => reportUp.mutateAsync().catch(() => {}),
              })
            }
          />
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'org', label: t('risks.org'), children: i.orgName },
              { key: 'src', label: t('risks.incSource'), children: i.source },
              { key: 'occ', label: t('risks.occurredAt'), children: fmtDateTime(i.occurredAt) },
              { key: 'rep', label: t('risks.reportedAt'), children: fmtDateTime(i.reportedAt) },
              {
                key: 'ph',
                label: t('risks.personallyHandled'),
                children: (
                  <Space wrap>
                    <Switch
                      checked={i.personallyHandled}
                      disabled={!open || !report}
                      loading={handled.isPending}
                      checkedChildren={t('common.yes')}
                      unCheckedChildren={t('common.no')}
                      onChange={(v) =>
                        v
                          ? modal.confirm({
                              title: t('risks.personallyHandledConfirmTitle'),
                              content: t('risks.personallyHandledConfirm'),
                              okText: t('common.ok'),
                              cancelText: t('common.cancel'),
                              onOk: () => handled.mutateAsync(true).catch(() => {}),
                            })
                          : handled.mutate(false)
                      }
                      aria-label={t('risks.personallyHandled')}
                    />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('risks.personallyHandledHint')}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                key: 'risks',
                label: t('risks.linkedRisks'),
                children: i.risks.length ? (
                  <Space wrap size={[4, 4]}>
                    {i.risks.map((r) => (
                      <Tag key={r.id} style={{ cursor: 'pointer' }} onClick={() => onOpenRisk(r.id)}>
                        {r.code} · {levelLabel(r.level)}
                      </Tag>
                    ))}
                  </Space>
                ) : (
                  t('common.none')
                ),
              },
              { key: 'sum', label: t('risks.summary'), span: 'filled' as const, children: <div className="tz-pre">{i.summary}</div> },
              ...(i.status === 'closed'
                ? [
                    { key: 'closed', label: t('risks.closedAt'), children: fmtDateTime(i.closedAt) },
                    { key: 'lessons', label: t('risks.lessons'), span: 'filled' as const, children: <div className="tz-pre">{i.lessons ?? ''}</div> },
                  ]
                : []),
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('risks.timeline')}</Typography.Title>
            <Timeline
              items={i.events.map((e) => ({
                key: e.id,
                color: EVENT_COLORS[e.kind] ?? 'gray',
                content: (
                  <div>
                    <Space size={6} wrap>
                      <Typography.Text strong>{fmtDateTime(e.at)}</Typography.Text>
                      <Tag>{kindLabel(e.kind)}</Tag>
                      <Typography.Text type="secondary">{e.actorName ?? t('common.none')}</Typography.Text>
                    </Space>
                    <div className="tz-pre">{e.note}</div>
                  </div>
                ),
              }))}
            />
            {open && report ? (
              <Card size="small" title={t('risks.addStep')} style={{ marginTop: 8 }}>
                <Form form={stepForm} layout="vertical" name="incident-step" onFinish={(v) => step.mutate(v)} disabled={step.isPending}>
                  <Form.Item name="note" label={t('risks.stepNote')} rules={[{ required: true, whitespace: true, message: t('risks.required') }]}>
                    <Input.TextArea rows={2} maxLength={2000} showCount placeholder={t('risks.stepPlaceholder')} />
                  </Form.Item>
                  <Space wrap align="end">
                    <Form.Item name="at" label={t('risks.stepAt')} style={{ marginBottom: 0 }} tooltip={t('risks.stepAtHint')}>
                      <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
                    </Form.Item>
                    <Button type="primary" htmlType="submit" loading={step.isPending}>
                      {t('risks.addStepOk')}
                    </Button>
                  </Space>
                </Form>
              </Card>
            ) : null}
          </div>
        </Space>
      ) : null}
      <CloseIncidentModal incident={closing && i ? i : null} onClose={() => setClosing(false)} onReload={() => void detail.refetch()} />
    </Drawer>
  );
}
