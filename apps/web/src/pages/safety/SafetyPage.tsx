import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/safety.ts';

export default function SafetyPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('safety.title')}</Typography.Title>;
}
