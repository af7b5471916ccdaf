import { type ReactNode, Suspense } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { RequireAbility, RequireSession } from './auth/guards.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Loading } from './components/Loading.tsx';
import { AppLayout } from './layout/AppLayout.tsx';
import { ChangePasswordPage, ForbiddenPage, LoginPage, MfaSetupPage, MfaVerifyPage, NotFoundPage, SHELL_ROUTES } from './routes.tsx';

function Page({ children, fullScreen = false }: { children: ReactNode; fullScreen?: boolean }) {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Suspense fallback={<Loading fullScreen={fullScreen} />}>{children}</Suspense>
    </ErrorBoundary>
  );
}

/**
 * The app's routes, built from the route table in routes.tsx. Declarative routes (no data router): the pages load
 * their data with TanStack Query, and the declarative API keeps react-router's share of the initial bundle small.
 */
export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Page fullScreen>
            <LoginPage />
          </Page>
        }
      />
      <Route
        path="/change-password"
        element={
          <RequireSession page="/change-password">
            <Page fullScreen>
              <ChangePasswordPage />
            </Page>
          </RequireSession>
        }
      />
      <Route
        path="/mfa"
        element={
          <RequireSession page="/mfa">
            <Page fullScreen>
              <MfaVerifyPage />
            </Page>
          </RequireSession>
        }
      />
      <Route
        path="/mfa/setup"
        element={
          <RequireSession page="/mfa/setup">
            <Page fullScreen>
              <MfaSetupPage />
            </Page>
          </RequireSession>
        }
      />
      <Route
        path="/"
        element={
          <RequireSession>
            <AppLayout />
          </RequireSession>
        }
      >
        {SHELL_ROUTES.map((r) => (
          <Route
            key={r.menuKey}
            {...(r.path === '/' ? { index: true } : { path: r.path.slice(1) })}
            element={
              <Page>
                <RequireAbility ability={r.ability} fallback={<ForbiddenPage />}>
                  <r.page />
                </RequireAbility>
              </Page>
            }
          />
        ))}
        <Route
          path="403"
          element={
            <Page>
              <ForbiddenPage />
            </Page>
          }
        />
        <Route
          path="*"
          element={
            <Page>
              <NotFoundPage />
            </Page>
          }
        />
      </Route>
      <Route path="*" element={<Navigate to="/" replace />} />
    </Routes>
  );
}
