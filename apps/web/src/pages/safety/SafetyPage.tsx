import { SafetyOutlined } from '@ant-design/icons';
import { Card, Col, Empty, Form, Row, Select, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { Loading } from '../../components/Loading.tsx';
import dayjs from '../../i18n/dayjs.ts';
import '../../i18n/safety.ts';
import '../../layout/layout.css';
import { CoverageTab } from './CoverageTab.tsx';
import { CustodyTab } from './CustodyTab.tsx';
import { FollowupsTab } from './FollowupsTab.tsx';
import { NoticesTab } from './NoticesTab.tsx';
import type { TabScope } from './parts.tsx';
import { ScreeningsTab } from './ScreeningsTab.tsx';
import { SpotChecksTab } from './SpotChecksTab.tsx';
import { useSafetyScope } from './useSafetyScope.ts';
import './safety.css';

const TABS = ['coverage', 'screenings', 'custody', 'spot-checks', 'notices', 'followups'] as const;
type TabKey = (typeof TABS)[number];

function positive(v: string | null): number | undefined {
  const n = Number(v);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** 网络安全与防沉迷: coverage, campaigns and screenings, phone custody, spot checks, parent notices and restricted follow-ups. */
export default function SafetyPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const orgParam = positive(params.get('orgId'));
  const yearParam = positive(params.get('year'));
  const tabParam = params.get('tab');
  const tab: TabKey = TABS.includes(tabParam as TabKey) ? (tabParam as TabKey) : 'coverage';
  const scope = useSafetyScope(orgParam, yearParam);
  const org = useOrgDetail(scope.orgId);

  const setParam = (patch: Record<string, string | null>) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        for (const [k, v] of Object.entries(patch)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  const years = useMemo(() => {
    const last = Math.max(dayjs().year(), scope.year ?? 0);
    return Array.from({ length: last - 2015 + 1 }, (_, i) => last - i);
  }, [scope.year]);

  const tabScope: TabScope | null =
    scope.orgId !== null && scope.year !== null ? { orgId: scope.orgId, year: scope.year, onPickOrg: (id) => setParam({ orgId: String(id) }) } : null;
  // Remounting a tab when the unit or year changes starts its paging and filters afresh for the new scope.
  const scopeKey = `${scope.orgId}:${scope.year}`;
  const body = (key: TabKey) => {
    if (!tabScope) return null;
    switch (key) {
      case 'coverage':
        return <CoverageTab key={scopeKey} {...tabScope} />;
      case 'screenings':
        return <ScreeningsTab key={scopeKey} {...tabScope} />;
      case 'custody':
        return <CustodyTab key={scopeKey} {...tabScope} />;
      case 'spot-checks':
        return <SpotChecksTab key={scopeKey} {...tabScope} />;
      case 'notices':
        return <NoticesTab key={scopeKey} {...tabScope} />;
      case 'followups':
        return <FollowupsTab key={scopeKey} {...tabScope} />;
    }
  };

  const unit = org.data?.unit;
  return (
    <div className="tz-safety">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <SafetyOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('safety.title')}
        </Typography.Title>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('safety.intro')}
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="vertical" name="safety-scope" className="tz-safety-scope">
          <Row gutter={16}>
            <Col xs={24} sm={14} lg={8}>
              <Form.Item label={t('safety.scopeOrg')} tooltip={t('safety.scopeOrgHint')}>
                <OrgPicker
                  allowClear={false}
                  value={scope.orgId}
                  onChange={(id) => {
                    if (id !== null) setParam({ orgId: String(id) });
                  }}
                  initial={unit ? { id: unit.id, name: unit.name, code: unit.code } : null}
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={10} lg={4}>
              <Form.Item label={t('safety.year')}>
                <Select
                  value={scope.year ?? undefined}
                  onChange={(y: number) => setParam({ year: String(y) })}
                  options={years.map((y) => ({ value: y, label: t('safety.yearN', { year: y }) }))}
                  data-testid="safety-year"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {scope.loading ? (
        <Loading />
      ) : !tabScope ? (
        <Card>
          <Empty description={t('safety.noScope')} />
        </Card>
      ) : (
        <Tabs
          activeKey={tab}
          onChange={(k) => setParam({ tab: k === 'coverage' ? null : k })}
          destroyOnHidden
          items={TABS.map((k) => ({ key: k, label: t(`safety.tabs.${k}`), children: body(k) }))}
        />
      )}
    </div>
  );
}
