import { LockOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The calm "not yours to see" state of restricted case records: no error, just what the user can do instead. */
export function NoAccess({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className={compact ? 'tz-ethics-noaccess compact' : 'tz-ethics-noaccess'} data-testid="ethics-no-access">
      <LockOutlined className="tz-ethics-noaccess-icon" aria-hidden="true" />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('ethics.cases.noAccessTitle')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('ethics.cases.noAccessText')}</Typography.Text>
    </div>
  );
}
