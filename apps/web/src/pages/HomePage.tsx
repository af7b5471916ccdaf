import { Button, Card, Col, Empty, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan, useCurrentSession } from '../auth/session.ts';
import { useScopeLabel } from '../layout/AppLayout.tsx';
import { SHELL_ROUTES } from '../routes.tsx';

/** Dashboard placeholder: welcome, roles, scope and quick links to what the user may open. */
export default function HomePage() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const can = useCan();
  const navigate = useNavigate();
  const scope = useScopeLabel(session);
  const links = SHELL_ROUTES.filter((r) => r.descKey && can(r.ability));
  const roles = [...new Set(session.grants.map((g) => g.role))];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('home.welcome', { name: session.user.displayName })}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
        <Space wrap size={[8, 8]}>
          <Typography.Text strong>
            {t('home.roles')}
            {t('common.colon')}
          </Typography.Text>
          {roles.length ? (
            roles.map((r) => (
              <Tag key={r} color="red">
                {t(`roles.${r}`)}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
          )}
        </Space>
        <div style={{ marginTop: 8 }}>
          <Typography.Text strong>
            {t('home.scope')}
            {t('common.colon')}
          </Typography.Text>
          <Typography.Text>{scope}</Typography.Text>
        </div>
      </Card>
      <Card title={t('home.quickLinks')}>
        {links.length ? (
          <Row gutter={[16, 16]}>
            {links.map((r) => (
              <Col key={r.menuKey} xs={24} sm={12} lg={8}>
                <Card hoverable size="small" onClick={() => navigate(r.path)} data-testid={`quick-${r.menuKey}`}>
                  <Card.Meta
                    avatar={<span style={{ fontSize: 24, color: '#c8161d' }}>{r.icon}</span>}
                    title={t(r.labelKey)}
                    description={r.descKey ? t(r.descKey) : null}
                  />
                  <div style={{ textAlign: 'right', marginTop: 8 }}>
                    <Button type="link" size="small" style={{ padding: 0 }}>
                      {t('home.open')}
                    </Button>
                  </div>
                </Card>
              </Col>
            ))}
          </Row>
        ) : (
          <Empty description={t('home.noLinks')} />
        )}
      </Card>
    </Space>
  );
}
