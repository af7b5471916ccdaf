import { BellOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { UNREAD_KEY, fetchUnread } from '../api/notifications.ts';

/**
 * The header's bell: the caller's unread notification count (polled every minute, and refreshed whenever the
 * notifications tab marks something read, through the shared query key); a click opens the notifications tab.
 * Part of the shell: its strings are in the shell catalog and the count is a plain bubble (layout.css).
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: ({ signal }) => fetchUnread(signal),
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
    retry: false,
  });
  const n = unread.data ?? 0;
  const label = n ? t('header.bellUnread', { n }) : t('header.bell');
  return (
    <Tooltip title={label}>
      <Button
        type="text"
        className="tz-header-btn"
        aria-label={label}
        onClick={() => navigate('/notifications')}
        data-testid="notification-bell"
        icon={
          <span className="tz-bell">
            <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
            {n ? (
              <span className="tz-bell-count" aria-hidden>
                {n > 99 ? '99+' : n}
              </span>
            ) : null}
          </span>
        }
      />
    </Tooltip>
  );
}
