import { CheckCircleOutlined, ClockCircleOutlined, EditOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Drawer, Empty, Space, Spin, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type ReviewDetail, type ReviewItem, risksApi, risksKeys } from './api.ts';
import { LevelTag, fmtDateTime } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { SignOffModal } from './SignOffModal.tsx';

interface Props {
  id: number | null;
  onClose: () => void;
  onEdit: (r: ReviewDetail) => void;
  onOpenRisk: (id: number) => void;
}

/** One 研判 meeting: agenda, conclusions, the risks as assessed there (frozen), and its sign-off. */
export function ReviewDetailDrawer({ id, onClose, onEdit, onOpenRisk }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [signing, setSigning] = useState(false);
  const detail = useQuery({
    queryKey: risksKeys.review(id ?? 0),
    queryFn: ({ signal }) => risksApi.review(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const r = detail.data;

  const columns: TableColumnsType<ReviewItem> = [
    {
      title: t('risks.code'),
      dataIndex: 'code',
      width: 170,
      render: (v: string, x) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => onOpenRisk(x.riskId)}>
          {v}
        </Button>
      ),
    },
    { title: t('risks.description'), dataIndex: 'description', width: 240 },
    { title: t('risks.assessedLevel'), key: 'lvl', width: 110, render: (_: unknown, x) => <LevelTag level={x.level} rating={[x.likelihood, x.impact]} /> },
    {
      title: t('risks.residualLevel'),
      key: 'res',
      width: 110,
      render: (_: unknown, x) => <LevelTag level={x.residualLevel} rating={[x.residualLikelihood, x.residualImpact]} />,
    },
    { title: t('risks.itemNote'), dataIndex: 'note', render: (v: string | null) => v ?? t('common.none') },
  ];

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(900)}
      title={
        r ? (
          <Space wrap>
            <span>{r.title || t('risks.meetingUntitled', { date: r.date })}</span>
            {r.signed ? (
              <Tag color="success" icon={<CheckCircleOutlined />}>
                {t('risks.signed')}
              </Tag>
            ) : (
              <Tag color="warning" icon={<ClockCircleOutlined />}>
                {t('risks.unsigned')}
              </Tag>
            )}
          </Space>
        ) : (
          t('risks.reviewDetailTitle')
        )
      }
      extra={
        r && !r.signed ? (
          <Space wrap>
            {can('risk.manage') ? (
              <Button icon={<EditOutlined />} onClick={() => onEdit(r)}>
                {t('risks.edit')}
              </Button>
            ) : null}
            <Button type="primary" icon={<SafetyCertificateOutlined />} onClick={() => setSigning(true)} data-testid="review-sign">
              {t('risks.signOff')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {r ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {r.signed ? (
            <Alert type="success" showIcon title={t('risks.signedBy', { name: r.signedOffByName ?? t('common.none'), at: fmtDateTime(r.signedOffAt) })} />
          ) : (
            <Alert type="warning" showIcon title={t('risks.awaitingSign')} />
          )}
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            items={[
              { key: 'org', label: t('risks.org'), children: r.orgName },
              { key: 'date', label: t('risks.meetingDate'), children: r.date },
              { key: 'n', label: t('risks.riskCount'), children: r.riskCount },
              { key: 'v', label: t('risks.signOffLabel'), children: r.signed ? (r.signedOffByName ?? t('common.none')) : t('risks.unsigned') },
              { key: 'agenda', label: t('risks.agenda'), span: 'filled' as const, children: <div className="tz-pre">{r.agenda}</div> },
              {
                key: 'conc',
                label: t('risks.conclusions'),
                span: 'filled' as const,
                children: r.conclusions ? <div className="tz-pre">{r.conclusions}</div> : t('common.none'),
              },
            ]}
            styles={{ label: { whiteSpace: 'nowrap' } }}
          />
          <div>
            <Typography.Title level={5}>{t('risks.reviewedRisks')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('risks.frozenNote')}</Typography.Paragraph>
            {r.items.length ? (
              <Table<ReviewItem> rowKey="riskId" size="small" columns={columns} dataSource={r.items} pagination={false} scroll={{ x: 760 }} />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('risks.noItems')} />
            )}
          </div>
        </Space>
      ) : null}
      <SignOffModal review={signing && r ? r : null} onClose={() => setSigning(false)} />
    </Drawer>
  );
}
