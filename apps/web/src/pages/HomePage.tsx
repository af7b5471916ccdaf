import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useCan, useCurrentSession } from '../auth/session.ts';
import { useScopeLabel } from '../layout/AppLayout.tsx';
import { SHELL_ROUTES } from '../routes.tsx';
import './home.css';

/**
 * The first page after signing in: welcome, roles, scope and quick links to what the user may open. Plain elements
 * styled in home.css (no antd Card, Typography or Tag), so the shell's first load stays small.
 */
export default function HomePage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const can = useCan();
  const scope = useScopeLabel(session);
  const links = SHELL_ROUTES.filter((r) => r.descKey && can(r.ability));
  const roles = [...new Set(session.grants.map((g) => g.role))];

  return (
    <div className="tz-home">
      <section className="tz-home-panel">
        <h2 className="tz-home-title">{t('home.welcome', { name: session.user.displayName })}</h2>
        <p className="tz-home-muted">{t('home.intro')}</p>
        <div className="tz-home-line">
          <strong>
            {t('home.roles')}
            {t('common.colon')}
          </strong>
          {roles.length ? (
            roles.map((r) => (
              <span key={r} className="tz-home-tag">
                {t(`roles.${r}`)}
              </span>
            ))
          ) : (
            <span className="tz-home-muted">{t('common.none')}</span>
          )}
        </div>
        <div className="tz-home-line">
          <strong>
            {t('home.scope')}
            {t('common.colon')}
          </strong>
          <span>{scope}</span>
        </div>
      </section>
      <section className="tz-home-panel" aria-labelledby="tz-home-links">
        <h3 id="tz-home-links" className="tz-home-subtitle">
          {t('home.quickLinks')}
        </h3>
        {links.length ? (
          <ul className="tz-home-links">
            {links.map((r) => (
              <li key={r.menuKey}>
                <Link to={r.path} className="tz-home-link" data-testid={`quick-${r.menuKey}`}>
                  <span className="tz-home-link-icon" aria-hidden>
                    {r.icon}
                  </span>
                  <span className="tz-home-link-text">
                    <span className="tz-home-link-title">{t(r.labelKey)}</span>
                    {r.descKey ? <span className="tz-home-muted">{t(r.descKey)}</span> : null}
                    <span className="tz-home-link-open">{t('home.open')}</span>
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="tz-home-empty">{t('home.noLinks')}</p>
        )}
      </section>
    </div>
  );
}
