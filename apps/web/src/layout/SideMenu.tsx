import { Menu, type MenuProps } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { useCan } from '../auth/session.ts';
import { SHELL_ROUTES, menuKeyOf } from '../routes.tsx';

/** The side menu, built from the route table; entries the user lacks the ability for are hidden. */
export function SideMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const navigate = useNavigate();
  const location = useLocation();
  const items: MenuProps['items'] = useMemo(
    () => SHELL_ROUTES.filter((r) => can(r.ability)).map((r) => ({ key: r.menuKey, icon: r.icon, label: t(r.labelKey) })),
    [can, t],
  );
  const selected = menuKeyOf(location.pathname);
  return (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={selected ? [selected] : []}
      style={{ borderInlineEnd: 'none' }}
      onClick={({ key }) => {
        const r = SHELL_ROUTES.find((x) => x.menuKey === key);
        if (r) navigate(r.path);
        onNavigate?.();
      }}
    />
  );
}
