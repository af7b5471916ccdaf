import { CheckCircleOutlined, ClockCircleOutlined, DeleteOutlined, EditOutlined, LineChartOutlined, WarningOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Descriptions,
  type DescriptionsProps,
  Drawer,
  Empty,
  List,
  Popconfirm,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type RatingView, type RiskDetail, type RiskStatus, STATUS_MOVES, STATUSES, reasonOf, risksApi, risksKeys } from './api.ts';
import { LevelTag, RiskStatusTag, chinaToday, fmtDateTime, useLevelLabel } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { isConflict } from '../../api/client.ts';
import { RateModal } from './RateModal.tsx';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (r: RiskDetail) => void;
  onOpenReview: (id: number) => void;
}

const SOURCES = ['create', 'rerate', 'review', 'incident', 'matrix', 'import'] as const;

/** One risk: its rating now and over time, measures, the 研判 meetings that reviewed it, and the status moves it allows. */
export function RiskDetailDrawer({ id, onClose, onEdit, onOpenReview }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const levelLabel = useLevelLabel();
  const [rating, setRating] = useState(false);
  const detail = useQuery({
    queryKey: risksKeys.detail(id ?? 0),
    queryFn: ({ signal }) => risksApi.get(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const r = detail.data;
  const manage = can('risk.manage');

  const fail = (err: unknown) => {
    if (reasonOf(err) === 'in_use') message.error(t('risks.deleteInUse'));
    else if (isConflict(err)) {
      message.error(t('risks.conflictTitle'));
      void detail.refetch();
    } else message.error(errorMessage(err));
  };
  const move = useMutation({
    mutationFn: (to: RiskStatus) => risksApi.update(r?.id ?? 0, { version: r?.version ?? 0, status: to }),
    onSuccess: (_x, to) => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.moved', { status: t(`risks.status.${to}`) }));
    },
    onError: fail,
  });
  const markDone = useMutation({
    mutationFn: (index: number) =>
      risksApi.update(r?.id ?? 0, { version: r?.version ?? 0, measures: (r?.measures ?? []).map((m, i) => (i === index ? { ...m, done: true } : m)) }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.measureMarked'));
    },
    onError: fail,
  });
  const remove = useMutation({
    mutationFn: () => risksApi.remove(r?.id ?? 0),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.deleted'));
      onClose();
    },
    onError: fail,
  });

  const status = r && (STATUSES as readonly string[]).includes(r.status) ? (r.status as RiskStatus) : null;
  const moves = status ? STATUS_MOVES[status] : [];
  const today = chinaToday();
  const sourceLabel = (s: string) => ((SOURCES as readonly string[]).includes(s) ? t(`risks.ratingSource.${s as (typeof SOURCES)[number]}`) : s);

  const items: DescriptionsProps['items'] = r
    ? [
        { key: 'org', label: t('risks.org'), children: r.orgName },
        { key: 'cat', label: t('risks.category'), children: r.category },
        { key: 'lvl', label: t('risks.levelLabel'), children: <LevelTag level={r.level} rating={[r.likelihood, r.impact]} /> },
        {
          key: 'res',
          label: t('risks.residualLevel'),
          children: <LevelTag level={r.residualLevel} rating={[r.residualLikelihood, r.residualImpact]} />,
        },
        { key: 'owner', label: t('risks.owner'), children: r.ownerName ?? t('common.none') },
        {
          key: 'tr',
          label: t('risks.treatmentLabel'),
          children: ['mitigate', 'accept', 'avoid', 'transfer'].includes(r.treatment) ? t(`risks.treatment.${r.treatment as 'mitigate'}`) : r.treatment,
        },
        { key: 'src', label: t('risks.source'), children: r.source ?? t('common.none') },
        { key: 'st', label: t('risks.statusLabel'), children: <RiskStatusTag status={r.status} /> },
        {
          key: 'rd',
          label: t('risks.reviewDate'),
          children: (
            <Space size={4} wrap>
              {r.reviewDate ?? t('common.none')}
              {r.overdueReview ? (
                <Tag color="red" icon={<WarningOutlined />}>
                  {t('risks.overdueReview')}
                </Tag>
              ) : null}
            </Space>
          ),
        },
        { key: 'lr', label: t('risks.lastReviewed'), children: r.lastReviewedOn ?? t('risks.neverReviewed') },
        { key: 'desc', label: t('risks.description'), span: 'filled' as const, children: <div className="tz-pre">{r.description}</div> },
      ]
    : [];

  const ratingColumns: TableColumnsType<RatingView> = [
    { title: t('risks.ratedAt'), dataIndex: 'ratedAt', width: 140, render: (v: string) => fmtDateTime(v) },
    { title: t('risks.ratingKind'), dataIndex: 'kind', width: 80, render: (v: string) => (v === 'residual' ? t('risks.residual') : t('risks.inherent')) },
    {
      title: t('risks.rating'),
      key: 'rating',
      width: 170,
      render: (_: unknown, h) => (
        <Space size={2} wrap>
          {h.previousLevel ? <Typography.Text type="secondary">{levelLabel(h.previousLevel)} →</Typography.Text> : null}
          <LevelTag level={h.level} rating={[h.likelihood, h.impact]} />
        </Space>
      ),
    },
    { title: t('risks.ratingSourceLabel'), dataIndex: 'source', width: 100, render: (v: string) => sourceLabel(v) },
    { title: t('risks.rateReason'), dataIndex: 'reason', render: (v: string | null) => v ?? t('common.none') },
    { title: t('risks.ratedBy'), dataIndex: 'ratedBy', width: 90, render: (v: string | null) => v ?? t('common.none') },
  ];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(900)}
      title={
        r ? (
          <Space wrap>
            <span>{r.code}</span>
            <LevelTag level={r.level} />
            <RiskStatusTag status={r.status} />
          </Space>
        ) : (
          t('risks.detailTitle')
        )
      }
      extra={
        r && manage ? (
          <Space wrap>
            <Button icon={<EditOutlined />} onClick={() => onEdit(r)} data-testid="risk-edit">
              {t('risks.edit')}
            </Button>
            <Button icon={<LineChartOutlined />} onClick={() => setRating(true)} data-testid="risk-rate">
              {t('risks.rate')}
            </Button>
            <Popconfirm
              title={t('risks.deleteConfirm')}
              description={t('risks.deleteHint')}
              okText={t('risks.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate()}
            >
              <Button danger icon={<DeleteOutlined />} loading={remove.isPending} aria-label={t('risks.delete')} />
            </Popconfirm>
          </Space>
        ) : null
      }
    >
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {r ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {r.overdueReview ? <Alert type="warning" showIcon title={t('risks.overdueAlert', { date: r.reviewDate ?? '' })} /> : null}
          {manage && moves.length ? (
            <Space wrap>
              <Typography.Text type="secondary">{t('risks.moveTo')}</Typography.Text>
              {moves.map((to) =>
                to === 'closed' ? (
                  <Popconfirm
                    key={to}
                    title={t('risks.closeConfirm')}
                    okText={t('risks.move.closed')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => move.mutate(to)}
                  >
                    <Button size="small" loading={move.isPending && move.variables === to}>
                      {t('risks.move.closed')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button key={to} size="small" loading={move.isPending && move.variables === to} onClick={() => move.mutate(to)}>
                    {t(`risks.move.${to}`)}
                  </Button>
                ),
              )}
            </Space>
          ) : null}
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
          <div>
            <Typography.Title level={5}>{t('risks.measures')}</Typography.Title>
            {r.measures.length ? (
              <List
                size="small"
                bordered
                dataSource={r.measures}
                renderItem={(m, i) => {
                  const late = !m.done && !!m.dueDate && m.dueDate < today;
                  return (
                    <List.Item key={i}>
                      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                        <span>
                          {i + 1}. {m.text}
                        </span>
                        <Space size={4}>
                          {m.dueDate ? <Typography.Text type="secondary">{t('risks.dueOn', { date: m.dueDate })}</Typography.Text> : null}
                          {m.done ? (
                            <Tag color="success" icon={<CheckCircleOutlined />}>
                              {t('risks.measureDone')}
                            </Tag>
                          ) : late ? (
                            <Tag color="error" icon={<WarningOutlined />}>
                              {t('risks.measureLate')}
                            </Tag>
                          ) : (
                            <Tag icon={<ClockCircleOutlined />}>{t('risks.measurePending')}</Tag>
                          )}
                          {!m.done && manage ? (
                            <Button size="small" type="link" loading={markDone.isPending && markDone.variables === i} onClick={() => markDone.mutate(i)}>
                              {t('risks.markDone')}
                            </Button>
                          ) : null}
                        </Space>
                      </Space>
                    </List.Item>
                  );
                }}
              />
            ) : (
              <Typography.Text type="secondary">{t('risks.noMeasures')}</Typography.Text>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('risks.ratingHistory')}</Typography.Title>
            <Table<RatingView>
              rowKey="id"
              size="small"
              columns={ratingColumns}
              dataSource={[...r.ratings].reverse()}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              scroll={{ x: 720 }}
              data-testid="rating-history"
            />
          </div>
          <div>
            <Typography.Title level={5}>{t('risks.reviewedAt')}</Typography.Title>
            {r.reviews.length ? (
              <Space wrap>
                {r.reviews.map((v) => (
                  <Button key={v.reviewId} size="small" onClick={() => onOpenReview(v.reviewId)}>
                    {v.date} · {levelLabel(v.level)} · {v.signed ? t('risks.signed') : t('risks.unsigned')}
                  </Button>
                ))}
              </Space>
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risks.noReviews')} />
            )}
          </div>
        </Space>
      ) : null}
      <RateModal risk={rating && r ? r : null} onClose={() => setRating(false)} onReload={() => void detail.refetch()} />
    </Drawer>
  );
}
