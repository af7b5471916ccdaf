import { Drawer } from 'antd';
import { useTranslation } from 'react-i18next';
import { SideMenu } from './SideMenu.tsx';

/** The menu as a drawer under 768 px (loaded on demand: desktop users never need it). */
export default function MobileNav({ open, onClose, scope }: { open: boolean; onClose: () => void; scope: string }) {
  const { t } = useTranslation();
  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="left"
      size={280}
      title={
        <span className="tz-drawer-title">
          <b>{t('app.name')}</b> {t('app.subtitle')}
        </span>
      }
      styles={{ body: { padding: 0 } }}
    >
      <div className="tz-drawer-scope">
        {t('header.scope')}
        {t('common.colon')}
        {scope}
      </div>
      <SideMenu onNavigate={onClose} />
    </Drawer>
  );
}
