import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/tasks.ts';

export default function TasksPage() {
  const { t } = useTranslation();
  return <Typography.Title level={3}>{t('tasks.title')}</Typography.Title>;
}
