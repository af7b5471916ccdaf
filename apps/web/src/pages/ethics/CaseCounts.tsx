import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { CASE_STAGES, ethicsApi, ethicsKeys } from './api.ts';

/** Case numbers by stage under the unit for the year (clue dated in the year): numbers only, for everyone. */
export function CaseCounts({ orgId, year }: { orgId: number; year: number }) {
  const { t } = useTranslation();
  const counts = useQuery({
    queryKey: ethicsKeys.caseCounts(orgId, year),
    queryFn: ({ signal }) => ethicsApi.caseCounts(orgId, year, signal),
    staleTime: 0,
  });
  const c = counts.data;
  return (
    <Card size="small" className="tz-ethics-card" title={t('ethics.cases.countsTitle', { year })} data-testid="ethics-case-counts">
      {counts.error ? <ErrorAlert error={counts.error} onRetry={() => void counts.refetch()} /> : null}
      <Row gutter={[24, 12]}>
        <Col xs={12} sm={8} md={4}>
          <Statistic title={t('ethics.cases.total')} value={c?.total ?? 0} loading={counts.isLoading} />
        </Col>
        {CASE_STAGES.map((s) => (
          <Col key={s} xs={12} sm={8} md={5}>
            <Statistic title={t(`ethics.stage.${s}`)} value={c?.byStage[s] ?? 0} loading={counts.isLoading} />
          </Col>
        ))}
      </Row>
      <Typography.Text type="secondary" className="tz-ethics-scope-hint" style={{ marginTop: 8 }}>
        {t('ethics.cases.countsHint')}
      </Typography.Text>
    </Card>
  );
}
