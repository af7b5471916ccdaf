import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** A centred spinner for a page or panel that is loading. */
export function Loading({ fullScreen = false, minHeight = 240 }: { fullScreen?: boolean; minHeight?: number }) {
  const { t } = useTranslation();
  return (
    <div
      style={{ display: 'flex', alignItems: 'center', justifyContent: 'center', minHeight: fullScreen ? '100vh' : minHeight, width: '100%' }}
      aria-busy="true"
    >
      <Spin size="large" description={t('common.loading')} />
    </div>
  );
}
