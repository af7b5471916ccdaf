import { ArrowLeftOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { FieldProblem } from '../api/client.ts';
import { gateOf, useChangePassword, useCurrentSession, useLogout } from '../auth/session.ts';
import { AuthFrame } from '../components/AuthFrame.tsx';
import { ErrorAlert, applyFieldErrors } from '../components/errors.tsx';
import { useMessage } from '../components/feedback.tsx';
import '../layout/layout.css';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

/** Own password change; forced (no way back) while the server says mustChangePassword. */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const forced = gateOf(session) === '/change-password';
  const [form] = Form.useForm<ChangeForm>();
  const change = useChangePassword();
  const logout = useLogout();
  const navigate = useNavigate();
  const message = useMessage();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);

  const onFinish = (values: ChangeForm) => {
    setExtra(undefined);
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          void message.success(t('changePassword.success'));
          navigate('/', { replace: true });
        },
        // The typed values stay in the form; the server's reasons go on the fields they concern.
        onError: (err) => setExtra(applyFieldErrors(form, err, FIELDS)),
      },
    );
  };

  return (
    <AuthFrame
      title={t('changePassword.title')}
      extra={
        forced ? (
          <Button type="link" icon={<LogoutOutlined />} loading={logout.isPending} onClick={() => logout.mutate()}>
            {t('header.logout')}
          </Button>
        ) : (
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/')}>
            {t('changePassword.backToApp')}
          </Button>
        )
      }
    >
      {forced ? <Alert type="warning" showIcon title={t('changePassword.forcedNotice')} style={{ marginBottom: 16 }} /> : null}
      {change.error ? <ErrorAlert error={change.error} extra={extra} style={{ marginBottom: 16 }} /> : null}
      <p className="tz-auth-who">{t('common.withParen', { text: session.user.displayName, inner: session.user.username })}</p>
      <Form<ChangeForm> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} name="change-password">
        <input type="text" name="username" autoComplete="username" value={session.user.username} readOnly hidden />
        <Form.Item
          label={t('changePassword.currentPassword')}
          name="currentPassword"
          rules={[{ required: true, message: t('changePassword.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          label={t('changePassword.newPassword')}
          name="newPassword"
          extra={t('changePassword.policy')}
          rules={[{ required: true, message: t('changePassword.newRequired') }]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item
          label={t('changePassword.confirmPassword')}
          name="confirmPassword"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('changePassword.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: (_rule, value) =>
                !value || getFieldValue('newPassword') === value ? Promise.resolve() : Promise.reject(new Error(t('changePassword.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={256} />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block size="large" loading={change.isPending}>
            {t('changePassword.submit')}
          </Button>
        </Form.Item>
      </Form>
    </AuthFrame>
  );
}
