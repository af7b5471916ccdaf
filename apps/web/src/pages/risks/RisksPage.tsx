import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/risks.ts';

export default function RisksPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('risks.title')}</Typography.Title>;
}
