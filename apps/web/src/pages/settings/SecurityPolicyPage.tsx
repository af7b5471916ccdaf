import { ROLES, type Role } from '@taizhang/shared/roles';
import { Alert, Divider, Form, InputNumber, Radio, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { type SettingsViewBase, SettingsForm } from './SettingsForm.tsx';

interface SecurityPolicy {
  passwordStyle: 'asvs' | 'dengbao';
  passwordMinLength: number;
  passwordMaxAgeDays: number;
  lockoutThreshold: number;
  lockoutMinutes: number;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  accountInactiveDays: number;
  mfaRequiredRoles: Role[];
  reauthWindowMinutes: number;
}

const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin', 'committee_admin'];

function Num({ name, label, min, max, help }: { name: keyof SecurityPolicy; label: string; min: number; max: number; help?: string }) {
  return (
    <Form.Item name={name} label={label} extra={help} rules={[{ required: true }, { type: 'number', min, max }]}>
      <InputNumber min={min} max={max} precision={0} style={{ width: 160 }} data-testid={`policy-${name}`} />
    </Form.Item>
  );
}

/** The security administrator's page: password, lockout, session and two-factor rules (GET/PUT /api/v1/settings/security-policy). */
export default function SecurityPolicyPage() {
  const { t } = useTranslation();
  return (
    <SettingsForm<SecurityPolicy, SettingsViewBase<SecurityPolicy>>
      url="/api/v1/settings/security-policy"
      title={t('settings.security.title')}
      intro={t('settings.security.intro')}
      testId="security-policy-page"
      hint={(v) =>
        v.mfaRequiredRoles && ADMIN_ROLES.some((r) => !v.mfaRequiredRoles?.includes(r)) ? (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('settings.security.mfaWarning')} data-testid="mfa-warning" />
        ) : null
      }
    >
      <Divider titlePlacement="start">{t('settings.security.passwords')}</Divider>
      <Form.Item name="passwordStyle" label={t('settings.security.passwordStyle')}>
        <Radio.Group>
          <Space orientation="vertical">
            <Radio value="asvs">{t('settings.security.styleAsvs')}</Radio>
            <Radio value="dengbao">{t('settings.security.styleDengbao')}</Radio>
          </Space>
        </Radio.Group>
      </Form.Item>
      <Space wrap size={24}>
        <Num name="passwordMinLength" label={t('settings.security.passwordMinLength')} min={8} max={64} />
        <Num name="passwordMaxAgeDays" label={t('settings.security.passwordMaxAgeDays')} min={0} max={365} />
      </Space>
      <Divider titlePlacement="start">{t('settings.security.lockout')}</Divider>
      <Space wrap size={24}>
        <Num name="lockoutThreshold" label={t('settings.security.lockoutThreshold')} min={3} max={10} />
        <Num name="lockoutMinutes" label={t('settings.security.lockoutMinutes')} min={5} max={1440} />
      </Space>
      <Divider titlePlacement="start">{t('settings.security.sessions')}</Divider>
      <Space wrap size={24}>
        <Num name="sessionIdleMinutes" label={t('settings.security.sessionIdleMinutes')} min={5} max={120} />
        <Num name="sessionAbsoluteHours" label={t('settings.security.sessionAbsoluteHours')} min={1} max={24} />
      </Space>
      <Num name="reauthWindowMinutes" label={t('settings.security.reauthWindowMinutes')} min={1} max={30} help={t('settings.security.reauthHelp')} />
      <Divider titlePlacement="start">{t('settings.security.accounts')}</Divider>
      <Num name="accountInactiveDays" label={t('settings.security.accountInactiveDays')} min={0} max={365} />
      <Form.Item name="mfaRequiredRoles" label={t('settings.security.mfaRequiredRoles')}>
        <Select mode="multiple" allowClear options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="policy-mfaRequiredRoles" />
      </Form.Item>
    </SettingsForm>
  );
}
