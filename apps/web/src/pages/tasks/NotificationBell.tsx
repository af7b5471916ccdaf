import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import '../../i18n/tasks.ts';
import { tasksApi, tasksKeys } from './api.ts';

/**
 * The header's bell: the caller's unread notification count (polled every minute, and refreshed whenever the
 * notifications tab marks something read, through the shared query key); a click opens the notifications tab.
 */
export default function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useQuery({
    queryKey: tasksKeys.unread,
    // One row is enough: the response carries the unread count whatever the page holds.
    queryFn: async ({ signal }) => (await tasksApi.notifications(true, 1, 1, signal)).unread,
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
    retry: false,
  });
  const n = unread.data ?? 0;
  const label = n ? t('tasks.notify.bellUnread', { n }) : t('tasks.notify.bell');
  return (
    <Tooltip title={label}>
      <Button
        type="text"
        className="tz-header-btn"
        aria-label={label}
        onClick={() => navigate('/notifications')}
        data-testid="notification-bell"
        icon={
          <Badge count={n} size="small" overflowCount={99} offset={[4, -2]}>
            <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
          </Badge>
        }
      />
    </Tooltip>
  );
}
