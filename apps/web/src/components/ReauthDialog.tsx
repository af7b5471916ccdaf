import { LockOutlined } from '@ant-design/icons';
import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../api/client.ts';
import { localizeServerText } from '../i18n/index.ts';
import { useErrorMessage } from './errors.tsx';
import { modalWidth } from './sizing.ts';

interface ReauthAnswer {
  ok: true;
  validUntil: string;
}

/**
 * The password dialog of ReauthHost, loaded the first time the server asks (antd Form and Modal stay out of the
 * shell's first load). `onDone(true)` once the password was accepted, `onDone(false)` when cancelled.
 */
export default function ReauthDialog({ open, onDone }: { open: boolean; onDone: (ok: boolean) => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const finish = (ok: boolean) => {
    setProblem(null);
    form.resetFields();
    onDone(ok);
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
