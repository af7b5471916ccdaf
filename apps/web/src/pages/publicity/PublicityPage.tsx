import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/publicity.ts';

export default function PublicityPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('publicity.title')}</Typography.Title>;
}
