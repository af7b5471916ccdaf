import { AuditOutlined, BookOutlined, FileProtectOutlined, ProfileOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Card, Col, Row, Select, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { Loading } from '../../components/Loading.tsx';
import '../../i18n/ethics.ts';
import '../../layout/layout.css';
import { CasesTab } from './CasesTab.tsx';
import { CodesTab } from './CodesTab.tsx';
import './ethics.css';
import { MechanismsTab } from './MechanismsTab.tsx';
import { PledgesTab } from './PledgesTab.tsx';
import { type EthicsScope, type EthicsTab, useEthicsScope } from './useEthicsScope.ts';

/** The unit and year every figure of the page is counted for. */
function ScopeBar({ scope }: { scope: EthicsScope }) {
  const { t } = useTranslation();
  const org = useOrgDetail(scope.orgId);
  const thisYear = new Date().getFullYear();
  const years = Array.from({ length: 10 }, (_, i) => thisYear + 1 - i);
  if (!years.includes(scope.year)) years.push(scope.year);
  return (
    <Card size="small" className="tz-ethics-scope">
      <Row gutter={[16, 8]} align="bottom">
        <Col xs={24} sm={14} lg={8}>
          <label className="tz-ethics-label" htmlFor="ethics-scope-org">
            {t('ethics.scope.org')}
          </label>
          <OrgPicker
            id="ethics-scope-org"
            value={scope.orgId}
            allowClear={false}
            onChange={(v) => scope.set({ orgId: v })}
            initial={org.data ? { id: org.data.unit.id, name: org.data.unit.name, code: org.data.unit.code } : null}
          />
        </Col>
        <Col xs={12} sm={10} lg={4}>
          <label className="tz-ethics-label" htmlFor="ethics-scope-year">
            {t('ethics.scope.year')}
          </label>
          <Select
            id="ethics-scope-year"
            style={{ width: '100%' }}
            value={scope.year}
            onChange={(v) => scope.set({ year: v })}
            options={years.sort((a, b) => b - a).map((y) => ({ value: y, label: t('ethics.scope.yearOption', { year: y }) }))}
            data-testid="ethics-year"
          />
        </Col>
        <Col xs={24} lg={12}>
          <Typography.Text type="secondary" className="tz-ethics-scope-hint">
            {t('ethics.scope.hint')}
          </Typography.Text>
        </Col>
      </Row>
    </Card>
  );
}

/** 师德师风: study mechanisms (with coverage), yearly pledges, the ten codes, and the restricted breach cases. */
export default function EthicsPage() {
  const { t } = useTranslation();
  const scope = useEthicsScope();
  const ready = scope.orgId !== null;
  const body = (node: React.ReactNode) =>
    scope.loading ? <Loading /> : ready ? node : <Typography.Text type="secondary">{t('ethics.scope.none')}</Typography.Text>;
  return (
    <div className="tz-ethics">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <SafetyCertificateOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('ethics.title')}
        </Typography.Title>
      </div>
      {scope.tab === 'codes' ? null : <ScopeBar scope={scope} />}
      <Card size="small">
        <Tabs
          activeKey={scope.tab}
          onChange={(k) => scope.set({ tab: k as EthicsTab })}
          items={[
            {
              key: 'mechanisms',
              icon: <BookOutlined />,
              label: t('ethics.tabs.mechanisms'),
              children: body(<MechanismsTab orgId={scope.orgId ?? 0} year={scope.year} />),
            },
            {
              key: 'pledges',
              icon: <FileProtectOutlined />,
              label: t('ethics.tabs.pledges'),
              children: body(<PledgesTab orgId={scope.orgId ?? 0} year={scope.year} />),
            },
            { key: 'codes', icon: <ProfileOutlined />, label: t('ethics.tabs.codes'), children: <CodesTab /> },
            {
              key: 'cases',
              icon: <AuditOutlined />,
              label: t('ethics.tabs.cases'),
              children: body(<CasesTab orgId={scope.orgId ?? 0} year={scope.year} />),
            },
          ]}
        />
      </Card>
    </div>
  );
}
