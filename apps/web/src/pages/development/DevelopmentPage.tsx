import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/development.ts';

export default function DevelopmentPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('development.title')}</Typography.Title>;
}
