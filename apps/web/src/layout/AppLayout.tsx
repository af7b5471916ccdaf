import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuOutlined,
  MenuUnfoldOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Alert, Button, Dropdown, Grid, Layout, type MenuProps, Tooltip } from 'antd';
import { Suspense, lazy, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigate } from 'react-router';
import { useMeta } from '../api/meta.ts';
import type { SessionView } from '../api/types.ts';
import { useCurrentSession, useLogout } from '../auth/session.ts';
import { useErrorMessage } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { ReauthHost } from '../components/ReauthHost.tsx';
import './layout.css';
import { NotificationBell } from './NotificationBell.tsx';
import { SideMenu } from './SideMenu.tsx';

const MobileNav = lazy(() => import('./MobileNav.tsx'));

const { Header, Sider, Content } = Layout;

/** The names of the orgs the user's grants cover, or "all organisations" for a whole-tree grant. */
export function useScopeLabel(session: SessionView): string {
  const { t } = useTranslation();
  if (session.grants.some((g) => g.orgId === null)) return t('header.allOrgs');
  const names = [...new Set(session.grants.map((g) => g.orgName ?? `#${g.orgId}`))];
  return names.length ? names.join('、') : t('header.noScope');
}

/** The shell: header (logo, scope, language, user menu), side menu (a drawer under 768 px) and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const screens = Grid.useBreakpoint();
  const mobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const navigate = useNavigate();
  const logout = useLogout();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const scope = useScopeLabel(session);
  const meta = useMeta().data;
  // Offered when the server supports two-factor authentication and the user has not turned it on yet.
  const mfaAvailable = (session as Partial<Pick<typeof session, 'mfa'>>).mfa?.enabled === false;

  const userMenu: MenuProps = {
    items: [
      { key: 'scope', disabled: true, label: `${t('header.scope')}${t('common.colon')}${scope}`, style: mobile ? undefined : { display: 'none' } },
      { key: 'change-password', icon: <KeyOutlined />, label: t('header.changePassword') },
      ...(mfaAvailable ? [{ key: 'mfa', icon: <SafetyCertificateOutlined />, label: t('mfa.menu') }] : []),
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'change-password') navigate('/change-password');
      if (key === 'mfa') navigate('/mfa/setup');
      if (key === 'logout') {
        logout.mutate(undefined, {
          onSuccess: () => void message.success(t('header.loggedOut')),
          onError: (err) => void message.error(errorMessage(err)),
        });
      }
    },
  };

  return (
    <Layout className="tz-shell">
      <Header className="tz-header">
        {mobile ? (
          <Button
            type="text"
            className="tz-header-btn"
            icon={<MenuOutlined />}
            aria-label={t('nav.openMenu')}
            data-testid="open-menu"
            onClick={() => setDrawerOpen(true)}
          />
        ) : (
          <Tooltip title={collapsed ? t('nav.expand') : t('nav.collapse')}>
            <Button
              type="text"
              className="tz-header-btn"
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}
              onClick={() => setCollapsed((c) => !c)}
            />
          </Tooltip>
        )}
        <button type="button" className="tz-logo" onClick={() => navigate('/')}>
          <span className="tz-logo-mark">{t('app.name')}</span>
          {mobile ? null : (
            <span className="tz-logo-sub" data-testid="site-name">
              · {meta?.siteName || t('app.subtitle')}
            </span>
          )}
        </button>
        <div className="tz-header-spacer" />
        {mobile ? null : (
          <span className="tz-scope" title={scope} data-testid="header-scope">
            {t('header.scope')}
            {t('common.colon')}
            {scope}
          </span>
        )}
        <NotificationBell />
        <LanguageSwitch compact={mobile} light />
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          <Button type="text" className="tz-header-btn tz-user-btn" icon={<UserOutlined />} data-testid="user-menu">
            {mobile ? null : (
              <>
                <span className="tz-user-name">{session.user.displayName}</span>
                <DownOutlined style={{ fontSize: 10 }} />
              </>
            )}
          </Button>
        </Dropdown>
      </Header>
      <Layout>
        {mobile ? (
          <Suspense fallback={null}>
            <MobileNav open={drawerOpen} onClose={() => setDrawerOpen(false)} scope={scope} />
          </Suspense>
        ) : (
          <Sider theme="light" width={216} collapsible collapsed={collapsed} trigger={null} className="tz-sider">
            <SideMenu />
          </Sider>
        )}
        <Content className={mobile ? 'tz-content tz-content-mobile' : 'tz-content'}>
          {meta?.announcement ? (
            <Alert
              type="info"
              showIcon
              banner
              style={{ marginBottom: 12 }}
              title={`${t('announcement.label')}${t('common.colon')}${meta.announcement}`}
              data-testid="announcement"
            />
          ) : null}
          <Outlet />
        </Content>
        <ReauthHost />
      </Layout>
    </Layout>
  );
}
