import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
// The two input components alone: antd's `Input` namespace would also bring TextArea, Search and OTP to the first page.
import Input from 'antd/es/input/Input';
import InputPassword from 'antd/es/input/Password';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { sessionExpired } from '../api/queryClient.ts';
import { safeNext } from '../auth/guards.tsx';
import { gateOf, useLogin, useSession } from '../auth/session.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { ErrorAlert } from '../components/errors.tsx';

/**
 * Sign-in. A plain form (two required fields) rather than antd's Form, which would add ~35 kB gzip to the first
 * page anyone loads; the pages behind the login use antd Form.
 */
export default function LoginPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const navigate = useNavigate();
  const session = useSession();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);

  if (session.data && !login.isPending) return <Navigate to={gateOf(session.data) ?? next} replace />;

  const usernameError = submitted && !username.trim() ? t('login.usernameRequired') : null;
  const passwordError = submitted && !password ? t('login.passwordRequired') : null;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!username.trim() || !password || login.isPending) return;
    login.mutate({ username: username.trim(), password }, { onSuccess: (s) => navigate(gateOf(s) ?? next, { replace: true }) });
  };

  const err = login.error;
  const wrongCredentials = err instanceof ApiError && err.code === 'unauthenticated';

  return (
    <AuthFrame title={t('login.title')}>
      {!err && sessionExpired() ? <Alert type="info" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} /> : null}
      {err ? <ErrorAlert error={err} title={wrongCredentials ? t('login.badCredentials') : undefined} style={{ marginBottom: 16 }} /> : null}
      <form onSubmit={onSubmit} noValidate name="login" aria-label={t('login.title')}>
        <div className="tz-field">
          <label htmlFor="login-username" className="tz-field-label">
            {t('login.username')}
          </label>
          <Input
            id="login-username"
            name="username"
            prefix={<UserOutlined />}
            autoComplete="username"
            autoFocus
            size="large"
            maxLength={64}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            status={usernameError ? 'error' : undefined}
            aria-invalid={usernameError ? true : undefined}
            aria-describedby={usernameError ? 'login-username-error' : undefined}
            disabled={login.isPending}
          />
          {usernameError ? (
            <div id="login-username-error" className="tz-field-error" role="alert">
              {usernameError}
            </div>
          ) : null}
        </div>
        <div className="tz-field">
          <label htmlFor="login-password" className="tz-field-label">
            {t('login.password')}
          </label>
          <InputPassword
            id="login-password"
            name="password"
            prefix={<LockOutlined />}
            autoComplete="current-password"
            size="large"
            maxLength={256}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            status={passwordError ? 'error' : undefined}
            aria-invalid={passwordError ? true : undefined}
            aria-describedby={passwordError ? 'login-password-error' : undefined}
            disabled={login.isPending}
          />
          {passwordError ? (
            <div id="login-password-error" className="tz-field-error" role="alert">
              {passwordError}
            </div>
          ) : null}
        </div>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          {t('login.submit')}
        </Button>
      </form>
      <p className="tz-auth-hint">{t('login.hint')}</p>
    </AuthFrame>
  );
}
