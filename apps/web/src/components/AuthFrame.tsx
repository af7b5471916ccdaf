import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch.tsx';

/** The frame of the pages outside the shell (login, password change): brand band, a card, footer. */
export function AuthFrame({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="tz-auth-page">
      <div className="tz-auth-top">
        <span />
        <LanguageSwitch light />
      </div>
      <div className="tz-auth-brand">
        <div className="tz-auth-name">{t('app.name')}</div>
        <div className="tz-auth-sub">{t('app.subtitle')}</div>
      </div>
      <main className="tz-auth-card">
        <div className="tz-auth-card-head">
          <h1 className="tz-auth-card-title">{title}</h1>
          {extra}
        </div>
        <div className="tz-auth-card-body">{children}</div>
      </main>
      <div className="tz-auth-footer">{t('app.copyright')}</div>
    </div>
  );
}
