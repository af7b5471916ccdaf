import { GlobalOutlined } from '@ant-design/icons';
import type { Locale } from '@taizhang/shared/errors';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, currentLocale, setLocale } from '../i18n/index.ts';

/** Switches the UI language (persisted in localStorage); antd's locale follows through the ConfigProvider. */
export function LanguageSwitch({ compact = false, light = false }: { compact?: boolean; light?: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [locale],
        items: LOCALES.map((l) => ({ key: l, label: t(`lang.${l}`) })),
        onClick: ({ key }) => void setLocale(key as Locale),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('header.language')}
        data-testid="language-switch"
        style={light ? { color: '#fff' } : undefined}
      >
        {compact ? null : t(`lang.${locale}`)}
      </Button>
    </Dropdown>
  );
}
