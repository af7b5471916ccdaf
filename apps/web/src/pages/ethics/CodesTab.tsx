import { StopOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/errors.tsx';
import { ethicsApi, ethicsKeys } from './api.ts';

/** 十项准则: the ten professional codes for teachers, the negative list (read-only reference). */
export function CodesTab() {
  const { t } = useTranslation();
  const codes = useQuery({ queryKey: ethicsKeys.codes, queryFn: ({ signal }) => ethicsApi.codes(signal), staleTime: 30 * 60_000 });
  return (
    <div>
      <Alert type="info" showIcon title={t('ethics.codes.title')} description={t('ethics.codes.intro')} style={{ marginBottom: 16 }} />
      {codes.error ? <ErrorAlert error={codes.error} onRetry={() => void codes.refetch()} /> : null}
      {codes.isLoading ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
      {codes.data && codes.data.length === 0 ? <Empty description={t('ethics.codes.empty')} /> : null}
      {codes.data?.length ? (
        <ol className="tz-ethics-codes" aria-label={t('ethics.codes.title')}>
          {codes.data.map((c) => (
            <li key={c.id} data-testid="ethics-code">
              <span className="tz-ethics-code-no" aria-hidden="true">
                {c.code}
              </span>
              <div className="tz-ethics-code-body">
                <div className="tz-ethics-code-name">
                  <Typography.Text strong>{c.name}</Typography.Text>
                  <Tag icon={<StopOutlined />} color="red">
                    {t('ethics.codes.negative')}
                  </Tag>
                </div>
                <Typography.Text>{c.description}</Typography.Text>
              </div>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}
