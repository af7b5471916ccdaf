import { ArrowLeftOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FieldProblem } from '../api/client.ts';
import { refreshSession, useMfaEnable, useMfaSetup } from '../auth/mfa.ts';
import { gateOf, useCurrentSession, useLogout } from '../auth/session.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { ErrorAlert, applyFieldErrors } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';

/** Enrols an authenticator (forced for roles that require it): key → first code → recovery codes, shown once. */
export default function MfaSetupPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const forced = gateOf(session) === '/mfa/setup';
  const navigate = useNavigate();
  const message = useMessage();
  const logout = useLogout();
  const setup = useMfaSetup();
  const enable = useMfaEnable();
  const [form] = Form.useForm<{ code: string }>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [recovery, setRecovery] = useState<string[] | null>(null);

  const finish = async () => {
    await refreshSession();
    message.success(t('mfa.enabled'));
    navigate('/', { replace: true });
  };

  return (
    <AuthFrame
      title={t('mfa.setupTitle')}
      extra={
        forced ? (
          <Button type="link" icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate()}>
            {t('header.logout')}
          </Button>
        ) : recovery ? null : (
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/')}>
            {t('changePassword.backToApp')}
          </Button>
        )
      }
    >
      {recovery ? (
        <>
          <Alert type="warning" showIcon title={t('mfa.recoveryTitle')} description={t('mfa.recoveryNote')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph copyable={{ text: recovery.join('\n') }} style={{ marginBottom: 16 }}>
            <pre className="tz-json" data-testid="recovery-codes">
              {recovery.join('\n')}
            </pre>
          </Typography.Paragraph>
          <Button type="primary" block size="large" onClick={() => void finish()}>
            {t('mfa.recoverySaved')}
          </Button>
        </>
      ) : (
        <>
          {forced ? <Alert type="warning" showIcon title={t('mfa.setupForced')} style={{ marginBottom: 16 }} /> : null}
          <p className="tz-auth-who">{t('mfa.setupIntro')}</p>
          {setup.error ? <ErrorAlert error={setup.error} style={{ marginBottom: 16 }} /> : null}
          {!setup.data ? (
            <Button type="primary" block size="large" loading={setup.isPending} onClick={() => setup.mutate()}>
              {t('mfa.start')}
            </Button>
          ) : (
            <>
              <div className="tz-field">
                <div className="tz-field-label">{t('mfa.secret')}</div>
                <Typography.Text code copyable={{ text: setup.data.secret }} style={{ fontSize: 16, wordBreak: 'break-all' }} data-testid="mfa-secret">
                  {setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}
                </Typography.Text>
              </div>
              <div className="tz-field">
                <div className="tz-field-label">{t('mfa.uri')}</div>
                <Typography.Link href={setup.data.uri} copyable={{ text: setup.data.uri }} style={{ wordBreak: 'break-all', fontSize: 12 }}>
                  {setup.data.uri}
                </Typography.Link>
              </div>
              {enable.error ? <ErrorAlert error={enable.error} extra={extra} style={{ marginBottom: 16 }} /> : null}
              <Form
                form={form}
                layout="vertical"
                requiredMark={false}
                name="mfa-enable"
                onFinish={(v) =>
                  enable.mutate(v.code.trim(), {
                    onSuccess: (r) => setRecovery(r.recoveryCodes),
                    onError: (err) => setExtra(applyFieldErrors(form, err, ['code'])),
                  })
                }
              >
                <Form.Item label={t('mfa.firstCode')} name="code" rules={[{ required: true, whitespace: true, message: t('mfa.codeRequired') }]}>
                  <Input size="large" autoComplete="one-time-code" inputMode="numeric" maxLength={20} />
                </Form.Item>
                <Button type="primary" htmlType="submit" block size="large" loading={enable.isPending}>
                  {t('mfa.enable')}
                </Button>
              </Form>
            </>
          )}
        </>
      )}
    </AuthFrame>
  );
}
