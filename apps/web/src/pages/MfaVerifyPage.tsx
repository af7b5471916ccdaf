import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useMfaVerify } from '../auth/mfa.ts';
import { forgetSession, useLogout } from '../auth/session.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { ErrorAlert } from '../components/errors.tsx';
import { localizeServerText } from '../i18n/index.ts';

function hasReason(details: unknown, reason: string): boolean {
  return typeof details === 'object' && details !== null && 'reason' in details && details.reason === reason;
}

/** Second sign-in step for accounts with an authenticator. */
export default function MfaVerifyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const verify = useMfaVerify();
  const logout = useLogout();
  const [code, setCode] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const missing = submitted && !code.trim();
  const err = verify.error;
  const fieldError = err instanceof ApiError ? err.fields.find((f) => f.field === 'code') : undefined;
  // A wrong code answers 401 with reason mfa_code_wrong (the session stays); any other 401 means the session is gone.
  const wrongCode = err instanceof ApiError && err.code === 'unauthenticated' && hasReason(err.details, 'mfa_code_wrong');

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!code.trim() || verify.isPending) return;
    verify.mutate(code.trim(), {
      onSuccess: () => navigate('/', { replace: true }),
      onError: (e) => {
        if (e instanceof ApiError && e.code === 'unauthenticated' && !hasReason(e.details, 'mfa_code_wrong')) forgetSession();
      },
    });
  };

  return (
    <AuthFrame
      title={t('mfa.title')}
      extra={
        <Button type="link" icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate()}>
          {t('header.logout')}
        </Button>
      }
    >
      {err && !fieldError && !wrongCode ? <ErrorAlert error={err} style={{ marginBottom: 16 }} /> : null}
      <p className="tz-auth-who">{t('mfa.verifyIntro')}</p>
      <form onSubmit={onSubmit} noValidate name="mfa-verify">
        <div className="tz-field">
          <label htmlFor="mfa-code" className="tz-field-label">
            {t('mfa.code')}
          </label>
          <Input
            id="mfa-code"
            prefix={<SafetyCertificateOutlined />}
            size="large"
            autoComplete="one-time-code"
            autoFocus
            maxLength={20}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            status={missing || fieldError || wrongCode ? 'error' : undefined}
            aria-invalid={missing || fieldError || wrongCode ? true : undefined}
            disabled={verify.isPending}
          />
          {missing || fieldError || wrongCode ? (
            <div className="tz-field-error" role="alert">
              {missing ? t('mfa.codeRequired') : wrongCode ? t('mfa.wrongCode') : localizeServerText(fieldError?.message ?? '')}
            </div>
          ) : null}
        </div>
        <Button type="primary" htmlType="submit" block size="large" loading={verify.isPending}>
          {t('mfa.verify')}
        </Button>
      </form>
    </AuthFrame>
  );
}
