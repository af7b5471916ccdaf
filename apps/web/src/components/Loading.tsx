import { useTranslation } from 'react-i18next';
import './loading.css';

/**
 * A centred spinner for a page or panel that is loading: a CSS ring (loading.css) rather than antd's Spin, because
 * it shows on the very first page load, before any page's code is there.
 */
export function Loading({ fullScreen = false, minHeight = 240 }: { fullScreen?: boolean; minHeight?: number }) {
  const { t } = useTranslation();
  return (
    <div className="tz-loading" style={{ minHeight: fullScreen ? '100vh' : minHeight }} aria-busy="true" role="status">
      <span className="tz-loading-ring" aria-hidden />
      <span className="tz-loading-text">{t('common.loading')}</span>
    </div>
  );
}
