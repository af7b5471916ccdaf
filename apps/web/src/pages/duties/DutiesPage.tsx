import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/duties.ts';

export default function DutiesPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('duties.title')}</Typography.Title>;
}
