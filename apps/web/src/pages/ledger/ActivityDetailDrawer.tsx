import { CheckOutlined, DeleteOutlined, EditOutlined, RollbackOutlined, SendOutlined, SnippetsOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  type DescriptionsProps,
  Drawer,
  Empty,
  Input,
  Modal,
  Popconfirm,
  Space,
  Spin,
  Statistic,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isConflict } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { type ActivityView, STATUS_COLORS, ledgerApi, ledgerKeys } from './api.ts';
import { sanitizeHtml } from '../../components/html.ts';
import { drawerWidth } from '../../components/sizing.ts';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (a: ActivityView, mode: 'edit' | 'amend') => void;
}

const ATT_COLORS = { present: 'green', absent: 'red', excused: 'orange' } as const;

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return `${v.length}`;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One record: attendance (应到/实到), minutes, review status and amendment history, with the actions it allows. */
export function ActivityDetailDrawer({ id, onClose, onEdit }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [review, setReview] = useState<'approve' | 'return' | null>(null);
  const [comment, setComment] = useState('');

  const detail = useQuery({
    queryKey: ledgerKeys.detail(id ?? 0),
    queryFn: ({ signal }) => ledgerApi.get(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const a = detail.data;
  const types = useQuery({ queryKey: ledgerKeys.types, queryFn: ({ signal }) => ledgerApi.types(signal), staleTime: 5 * 60_000 });
  const fieldLabel = (code: string, key: string) => types.data?.find((x) => x.code === code)?.fields.find((f) => f.key === key)?.label ?? key;

  const done = (text: string) => {
    void qc.invalidateQueries({ queryKey: ledgerKeys.all });
    message.success(text);
  };
  const onFail = (err: unknown) => {
    if (isConflict(err)) message.error(t('ledger.conflict'));
    else message.error(errorMessage(err));
  };
  const submit = useMutation({
    mutationFn: (x: ActivityView) => ledgerApi.submit(x.id, x.version),
    onSuccess: () => done(t('ledger.submitted')),
    onError: onFail,
  });
  const remove = useMutation({
    mutationFn: (x: ActivityView) => ledgerApi.remove(x.id),
    onSuccess: () => {
      done(t('ledger.deleted'));
      onClose();
    },
    onError: onFail,
  });
  const decide = useMutation({
    mutationFn: (x: { a: ActivityView; decision: 'approve' | 'return'; comment: string }) =>
      ledgerApi.review(x.a.id, { version: x.a.version, decision: x.decision, comment: x.comment.trim() || null }),
    onSuccess: (_r, x) => {
      setReview(null);
      setComment('');
      done(x.decision === 'approve' ? t('ledger.approved') : t('ledger.returned'));
    },
  });

  const editable = a && (a.status === 'draft' || a.status === 'returned') && can('ledger.write');
  const reviewable = a && a.status === 'submitted' && can('ledger.review');
  const amendable = a?.locked && can('ledger.write');

  const items: DescriptionsProps['items'] = a
    ? [
        { key: 'code', label: t('ledger.code'), children: a.code },
        { key: 'org', label: t('ledger.org'), children: a.orgName },
        { key: 'type', label: t('ledger.type'), children: a.typeName },
        { key: 'date', label: t('ledger.date'), children: `${a.date}${a.startTime ? ` ${a.startTime}` : ''}` },
        { key: 'place', label: t('ledger.place'), children: a.place ?? t('common.none') },
        { key: 'host', label: t('ledger.host'), children: a.hostName ?? t('common.none') },
        { key: 'speaker', label: t('ledger.speaker'), children: a.speaker ?? t('common.none') },
        { key: 'recorder', label: t('ledger.recorder'), children: a.recorderName ?? t('common.none') },
        { key: 'guests', label: t('ledger.guests'), children: a.guests ?? t('common.none') },
        ...(a.participantCount !== null ? [{ key: 'pc', label: t('ledger.participantCount'), children: a.participantCount }] : []),
        ...Object.entries(a.extra).map(([k, v]) => ({ key: `x-${k}`, label: fieldLabel(a.typeCode, k), children: show(v) })),
        { key: 'topic', label: t('ledger.topic'), span: 'filled' as const, children: a.topic },
      ]
    : [];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(820)}
      title={
        a ? (
          <Space wrap>
            <span>{a.topic}</span>
            <Tag color={STATUS_COLORS[a.status]}>{t(`ledger.status.${a.status}`)}</Tag>
            {a.locked ? <Tag>{t('ledger.locked')}</Tag> : null}
          </Space>
        ) : (
          t('ledger.detailTitle')
        )
      }
      extra={
        a ? (
          <Space wrap>
            {editable ? (
              <>
                <Button icon={<EditOutlined />} onClick={() => onEdit(a, 'edit')}>
                  {t('ledger.edit')}
                </Button>
                <Button type="primary" icon={<SendOutlined />} loading={submit.isPending} onClick={() => submit.mutate(a)}>
                  {t('ledger.submit')}
                </Button>
              </>
            ) : null}
            {editable && a.status === 'draft' ? (
              <Popconfirm title={t('ledger.deleteConfirm')} okText={t('common.ok')} cancelText={t('common.cancel')} onConfirm={() => remove.mutate(a)}>
                <Button danger icon={<DeleteOutlined />} loading={remove.isPending} aria-label={t('ledger.delete')} />
              </Popconfirm>
            ) : null}
            {reviewable ? (
              <>
                <Button type="primary" icon={<CheckOutlined />} onClick={() => setReview('approve')}>
                  {t('ledger.approve')}
                </Button>
                <Button danger icon={<RollbackOutlined />} onClick={() => setReview('return')}>
                  {t('ledger.return')}
                </Button>
              </>
            ) : null}
            {amendable ? (
              <Button icon={<SnippetsOutlined />} onClick={() => onEdit(a, 'amend')}>
                {t('ledger.amend')}
              </Button>
            ) : null}
          </Space>
        ) : null
      }
    >
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {a ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {a.status === 'returned' && a.reviewComment ? <Alert type="warning" showIcon title={t('ledger.returnedWith', { comment: a.reviewComment })} /> : null}
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
          <div>
            <Typography.Title level={5}>{t('ledger.attendance.title')}</Typography.Title>
            <Space size={32} wrap>
              <Statistic title={t('ledger.expected')} value={a.attendance.expected} />
              <Statistic title={t('ledger.present')} value={a.attendance.present} styles={{ content: { color: '#389e0d' } }} />
              <Statistic title={t('ledger.attendance.absent')} value={a.attendance.absent} styles={{ content: { color: '#cf1322' } }} />
              <Statistic title={t('ledger.attendance.excused')} value={a.attendance.excused} styles={{ content: { color: '#d46b08' } }} />
            </Space>
            <div style={{ marginTop: 8 }}>
              {a.attendees.length ? (
                <Space wrap size={[6, 6]}>
                  {a.attendees.map((p) => (
                    <Tag key={p.personId} color={ATT_COLORS[p.status]} title={p.reason ?? undefined}>
                      {p.name} · {t(`ledger.attendance.${p.status}`)}
                      {p.reason ? `（${p.reason}）` : ''}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('ledger.noAttendees')}</Typography.Text>
              )}
            </div>
          </div>
          <div>
            <Typography.Title level={5}>{t('ledger.minutes')}</Typography.Title>
            {a.minutesHtml ? (
              // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by an allow-list (here and on the server)
              <div className="tz-minutes" dangerouslySetInnerHTML={{ __html: sanitizeHtml(a.minutesHtml) }} />
            ) : (
              <Typography.Text type="secondary">{t('ledger.noMinutes')}</Typography.Text>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('ledger.reviewTitle')}</Typography.Title>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 's', label: t('ledger.statusLabel'), children: t(`ledger.status.${a.status}`) },
                { key: 'at', label: t('ledger.reviewedAt'), children: a.reviewedAt ? dayjs(a.reviewedAt).format('YYYY-MM-DD HH:mm') : t('common.none') },
                { key: 'c', label: t('ledger.reviewComment'), children: a.reviewComment ?? t('common.none') },
              ]}
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('ledger.amendments')}</Typography.Title>
            {a.amendments.length ? (
              <Timeline
                items={a.amendments.map((m) => ({
                  key: m.id,
                  content: (
                    <div>
                      <Typography.Text strong>{dayjs(m.at).format('YYYY-MM-DD HH:mm')}</Typography.Text>{' '}
                      <Typography.Text type="secondary">{m.byName ?? t('common.none')}</Typography.Text>
                      <div>
                        {t('ledger.amendReason')}
                        {t('common.colon')}
                        {m.reason}
                      </div>
                      <ul className="tz-changes">
                        {Object.entries(m.changes).map(([k, c]) => (
                          <li key={k}>
                            <Typography.Text code>{k}</Typography.Text> {show(c.from)} → {show(c.to)}
                          </li>
                        ))}
                      </ul>
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.noAmendments')} />
            )}
          </div>
        </Space>
      ) : null}
      <Modal
        open={review !== null}
        title={review === 'approve' ? t('ledger.approveTitle') : t('ledger.returnTitle')}
        okText={review === 'approve' ? t('ledger.approve') : t('ledger.return')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: review === 'return', disabled: review === 'return' && comment.trim() === '' }}
        confirmLoading={decide.isPending}
        onCancel={() => {
          setReview(null);
          decide.reset();
        }}
        onOk={() => a && review && decide.mutate({ a, decision: review, comment })}
      >
        {decide.error ? (
          <ErrorAlert error={decide.error} title={isConflict(decide.error) ? t('ledger.conflict') : undefined} style={{ marginBottom: 12 }} />
        ) : null}
        <Typography.Paragraph type="secondary">{review === 'approve' ? t('ledger.approveHint') : t('ledger.returnHint')}</Typography.Paragraph>
        <Input.TextArea rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('ledger.reviewComment')} />
      </Modal>
    </Drawer>
  );
}
