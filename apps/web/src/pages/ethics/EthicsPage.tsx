import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/ethics.ts';

export default function EthicsPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('ethics.title')}</Typography.Title>;
}
