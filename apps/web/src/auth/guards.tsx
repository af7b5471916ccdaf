import type { Ability } from '@taizhang/shared/roles';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../components/errors.tsx';
import { Loading } from '../components/Loading.tsx';
import { StatusPanel } from '../components/StatusPanel.tsx';
import { type GatePath, gateOf, useCan, useSession, wasLoggedOut } from './session.ts';

/** A safe in-app path to return to after login (never another origin). */
export function safeNext(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/login')) return '/';
  return next;
}

/**
 * Renders children only for a signed-in user; otherwise sends to the login page. While the server still requires a
 * step (authenticator code, password change, authenticator enrolment), only that step's page is reachable.
 * `page` names the step page being guarded (reachable voluntarily too, except the code prompt).
 */
export function RequireSession({ children, page }: { children: ReactNode; page?: GatePath }) {
  const { t } = useTranslation();
  const { data, isPending, error, refetch } = useSession();
  const location = useLocation();
  if (isPending) return <Loading fullScreen />;
  if (error && data === undefined) {
    return (
      <StatusPanel
        title={t('common.loadFailed')}
        actions={
          <Button type="primary" onClick={() => void refetch()}>
            {t('common.retry')}
          </Button>
        }
      >
        <ErrorAlert error={error} />
      </StatusPanel>
    );
  }
  if (!data) {
    const here = location.pathname + location.search;
    const to = wasLoggedOut() || here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
    return <Navigate to={to} replace />;
  }
  const gate = gateOf(data);
  if (gate && gate !== page) return <Navigate to={gate} replace />;
  if (!gate && page === '/mfa') return <Navigate to="/" replace />;
  return children;
}

/** Renders `fallback` (the 403 page) when the user lacks the ability; the server enforces it anyway. */
export function RequireAbility({ ability, fallback, children }: { ability?: Ability; fallback: ReactNode; children: ReactNode }) {
  const can = useCan();
  return can(ability) ? children : fallback;
}
