import { CheckCircleFilled, ExclamationCircleFilled, PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Progress, Row, Skeleton, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { ethicsApi, ethicsKeys } from './api.ts';

interface Props {
  orgId: number;
  year: number;
  /** Offered on each school without a mechanism (to record one for it). */
  onCreateFor?: (orgId: number) => void;
}

/** How many schools under the unit have a study mechanism in force during the year, and which have none. */
export function CoverageCard({ orgId, year, onCreateFor }: Props) {
  const { t } = useTranslation();
  const cov = useQuery({ queryKey: ethicsKeys.coverage(orgId, year), queryFn: ({ signal }) => ethicsApi.coverage(orgId, year, signal), staleTime: 0 });
  const c = cov.data;
  const rate = c?.schools ? Math.round((c.withMechanism / c.schools) * 100) : 0;
  return (
    <Card size="small" className="tz-ethics-card" title={t('ethics.coverage.title', { year })} data-testid="ethics-coverage">
      {cov.error ? <ErrorAlert error={cov.error} onRetry={() => void cov.refetch()} /> : null}
      {cov.isLoading ? <Skeleton active paragraph={{ rows: 2 }} /> : null}
      {c && c.schools === 0 ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ethics.coverage.noSchools')} /> : null}
      {c && c.schools > 0 ? (
        <Row gutter={[24, 12]} align="middle">
          <Col xs={12} sm={6}>
            <Statistic title={t('ethics.coverage.schools')} value={c.schools} />
          </Col>
          <Col xs={12} sm={6}>
            <Statistic title={t('ethics.coverage.withMechanism')} value={c.withMechanism} />
          </Col>
          <Col xs={24} sm={12}>
            <Typography.Text type="secondary">{t('ethics.coverage.rate')}</Typography.Text>
            <Progress percent={rate} status={rate === 100 ? 'success' : 'normal'} format={(p) => `${p ?? 0}%`} />
          </Col>
          <Col xs={24}>
            {c.missing.length === 0 ? (
              <Space size={6}>
                <CheckCircleFilled style={{ color: '#389e0d' }} />
                <Typography.Text>{t('ethics.coverage.allCovered')}</Typography.Text>
              </Space>
            ) : (
              <div>
                <Space size={6} style={{ marginBottom: 6 }}>
                  <ExclamationCircleFilled style={{ color: '#d46b08' }} />
                  <Typography.Text strong>{t('ethics.coverage.missing', { count: c.missing.length })}</Typography.Text>
                  {onCreateFor ? <Typography.Text type="secondary">{t('ethics.coverage.missingHint')}</Typography.Text> : null}
                </Space>
                <div className="tz-ethics-tags">
                  {c.missing.map((m) =>
                    onCreateFor ? (
                      <Button key={m.orgId} size="small" icon={<PlusOutlined />} onClick={() => onCreateFor(m.orgId)} title={t('ethics.coverage.createFor')}>
                        {m.orgName}
                      </Button>
                    ) : (
                      <Tag key={m.orgId} color="warning">
                        {m.orgName}
                      </Tag>
                    ),
                  )}
                </div>
              </div>
            )}
          </Col>
        </Row>
      ) : null}
    </Card>
  );
}
