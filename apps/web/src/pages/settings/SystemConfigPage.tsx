import { Card, Descriptions, Divider, Form, Input, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { type SettingsViewBase, SettingsForm } from './SettingsForm.tsx';

interface SystemConfig {
  siteName: string;
  announcement: string;
  auditRetentionDays: number;
}

interface SystemConfigView extends SettingsViewBase<SystemConfig> {
  facts: { dialect: string; cryptoProfile: string; keyConfigured: boolean; migrations: number };
}

/** The system administrator's page: site name, announcement, audit retention, installation facts (GET/PUT /api/v1/settings/system). */
export default function SystemConfigPage() {
  const { t } = useTranslation();
  return (
    <SettingsForm<SystemConfig, SystemConfigView>
      url="/api/v1/settings/system"
      title={t('settings.system.title')}
      intro={t('settings.system.intro')}
      testId="system-config-page"
      aside={(view) => (
        <Card title={t('settings.system.facts')}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('settings.system.dialect')}>{view.facts.dialect === 'pg' ? 'PostgreSQL' : 'SQLite'}</Descriptions.Item>
            <Descriptions.Item label={t('settings.system.cryptoProfile')}>
              {view.facts.cryptoProfile === 'sm' ? t('settings.system.profileSm') : t('settings.system.profileStandard')}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.system.keyConfigured')}>
              {view.facts.keyConfigured ? t('settings.system.keyYes') : t('settings.system.keyNo')}
            </Descriptions.Item>
            <Descriptions.Item label={t('settings.system.migrations')}>{view.facts.migrations}</Descriptions.Item>
          </Descriptions>
        </Card>
      )}
    >
      <Divider titlePlacement="start">{t('settings.system.general')}</Divider>
      <Form.Item name="siteName" label={t('settings.system.siteName')} extra={t('settings.system.siteNameHelp')} rules={[{ max: 60 }]}>
        <Input maxLength={60} showCount data-testid="config-siteName" />
      </Form.Item>
      {/* room below the box for its character count, which antd draws under it (it overlapped the help text) */}
      <Form.Item name="announcement" label={t('settings.system.announcement')} extra={t('settings.system.announcementHelp')} rules={[{ max: 200 }]}>
        <Input.TextArea maxLength={200} showCount autoSize={{ minRows: 2, maxRows: 4 }} style={{ marginBottom: 20 }} data-testid="config-announcement" />
      </Form.Item>
      <Divider titlePlacement="start">{t('settings.system.audit')}</Divider>
      <Form.Item
        name="auditRetentionDays"
        label={t('settings.system.auditRetentionDays')}
        rules={[{ required: true }, { type: 'number', min: 180, max: 3650 }]}
      >
        <InputNumber min={180} max={3650} precision={0} style={{ width: 160 }} data-testid="config-auditRetentionDays" />
      </Form.Item>
    </SettingsForm>
  );
}
