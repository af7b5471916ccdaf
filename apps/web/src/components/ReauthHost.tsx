import { LockOutlined } from '@ant-design/icons';
import { Form, Input, Modal, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, setReauthHandler } from '../api/client.ts';
import { localizeServerText } from '../i18n/index.ts';
import { useErrorMessage } from './errors.tsx';
import { modalWidth } from './sizing.ts';

interface ReauthAnswer {
  ok: true;
  validUntil: string;
}

/**
 * Asks for the password again when the server answers reauth_required (personal-data exports, settings changes),
 * then lets the refused call go once more. Mounted once in the shell; calls that arrive while it is open wait for
 * the same answer.
 */
export function ReauthHost() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<{ password: string }>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const waiting = useRef<((ok: boolean) => void)[]>([]);

  useEffect(() => {
    setReauthHandler(
      () =>
        new Promise<boolean>((resolve) => {
          waiting.current.push(resolve);
          setOpen(true);
        }),
    );
    return () => setReauthHandler(null);
  }, []);

  const finish = (ok: boolean) => {
    const all = waiting.current;
    waiting.current = [];
    setOpen(false);
    setProblem(null);
    form.resetFields();
    for (const resolve of all) resolve(ok);
  };

  const submit = async () => {
    const { password } = await form.validateFields();
    setSaving(true);
    setProblem(null);
    try {
      await api.post<ReauthAnswer>('/api/v1/auth/reauth', { password });
      finish(true);
    } catch (err) {
      // A wrong password is a field error (the server counts it towards its limit); anything else is shown below.
      const wrong = isApiError(err) ? err.fields.filter((f) => f.field === 'password') : [];
      if (wrong.length) form.setFields([{ name: 'password', value: '', errors: wrong.map((f) => localizeServerText(f.message)) }]);
      else setProblem(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={
        <span>
          <LockOutlined /> {t('reauth.title')}
        </span>
      }
      okText={t('reauth.confirm')}
      cancelText={t('reauth.cancel')}
      confirmLoading={saving}
      onOk={() => void submit()}
      onCancel={() => finish(false)}
      width={modalWidth(420)}
      destroyOnHidden
      data-testid="reauth-dialog"
    >
      <Typography.Paragraph type="secondary">{t('reauth.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={() => void submit()}>
        <Form.Item name="password" label={t('reauth.password')} rules={[{ required: true, message: t('reauth.passwordRequired') }]}>
          <Input.Password autoFocus autoComplete="current-password" data-testid="reauth-password" onPressEnter={() => void submit()} />
        </Form.Item>
      </Form>
      {problem ? <Typography.Text type="danger">{problem}</Typography.Text> : null}
    </Modal>
  );
}
