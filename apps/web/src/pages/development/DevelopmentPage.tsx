import { RiseOutlined } from '@ant-design/icons';
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import '../../i18n/development.ts';
import '../../layout/layout.css';
import { BoardTab } from './board/BoardTab.tsx';
import { TABS, useDevParams } from './common.tsx';
import './development.css';
import { HonoursTab } from './honours/HonoursTab.tsx';
import { PersonDrawer } from './person/PersonDrawer.tsx';
import { StatsTab } from './stats/StatsTab.tsx';
import { TrainingsTab } from './trainings/TrainingsTab.tsx';

/**
 * 党员发展: the development board per branch (with each person's record and the next step), the year's statistics,
 * training coverage and programmes, and honours. The tab, org, year and open person live in the URL.
 */
export default function DevelopmentPage() {
  const { t } = useTranslation();
  const { tab, personId, set } = useDevParams();
  const panes = { board: <BoardTab />, stats: <StatsTab />, trainings: <TrainingsTab />, honours: <HonoursTab /> };
  return (
    <div className="tz-dev">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <RiseOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('development.title')}
        </Typography.Title>
        <Typography.Text type="secondary" className="tz-dev-subtitle">
          {t('development.subtitle')}
        </Typography.Text>
      </div>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => set({ tab: k === 'board' ? null : k, sub: null })}
          destroyOnHidden
          items={TABS.map((k) => ({ key: k, label: t(`development.tabs.${k}`), children: panes[k] }))}
        />
      </Card>
      <PersonDrawer personId={personId} onClose={() => set({ person: null })} />
    </div>
  );
}
