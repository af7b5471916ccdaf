import { BellOutlined } from '@ant-design/icons';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/tasks.ts';
import { NotificationsTab } from './NotificationsTab.tsx';

/** The caller's own notifications, open to every signed-in account (the three administrators included). */
export default function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={3}>
        <BellOutlined /> {t('nav.notifications')}
      </Typography.Title>
      <NotificationsTab />
    </>
  );
}
