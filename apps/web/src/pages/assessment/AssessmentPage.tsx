import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/assessment.ts';

export default function AssessmentPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('assessment.title')}</Typography.Title>;
}
