import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Card, Select, Space, Tabs, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgChildren, orgKeys, useOrgDetail } from '../../api/orgUnits.ts';
import { useCan, useCurrentSession } from '../../auth/session.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import '../../i18n/duties.ts';
import dayjs from '../../i18n/dayjs.ts';
import '../../layout/layout.css';
import { BoardTab } from './BoardTab.tsx';
import { DutyDrawer } from './DutyDrawer.tsx';
import './duties.css';
import { GapsTab } from './GapsTab.tsx';
import { useDutyLists } from './hooks.ts';
import { InvolvementTab } from './InvolvementTab.tsx';
import { ListsTab } from './ListsTab.tsx';
import { MyDutiesTab } from './MyDutiesTab.tsx';
import { TAB_KEYS, type TabKey, type TabProps, enumParam, numParam, useParamState } from './params.ts';
import { PledgesTab } from './PledgesTab.tsx';

/**
 * 责任清单: the responsibility system in one page — my duties, the org board, gaps (缺位/错位), the committee's
 * list editor, pledges (责任书) and the first responsible person's personal involvement (亲自抓).
 */
export default function DutiesPage() {
  const { t } = useTranslation();
  const can = useCan();
  const session = useCurrentSession();
  const [params, patch] = useParamState();
  const lists = useDutyLists();
  const grantOrg = session.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: grantOrg === null });

  const thisYear = dayjs().year();
  // The year in view: the URL's, else the newest year with a published list (the demo district's is 2022).
  const year = numParam(params, 'year') ?? lists.data?.find((l) => l.status === 'published')?.year ?? thisYear;
  const years = useMemo(() => {
    const s = new Set<number>([thisYear, year, ...(lists.data ?? []).map((l) => l.year)]);
    return [...s].sort((a, b) => b - a);
  }, [lists.data, thisYear, year]);

  // The org subtree in view: the URL's, else the user's granted unit, else (whole tree) the committee that authored
  // the year's list, else the first top unit.
  const listOrg = lists.data?.find((l) => l.year === year)?.orgId ?? lists.data?.[0]?.orgId ?? null;
  const orgId = numParam(params, 'org') ?? grantOrg ?? listOrg ?? top.data?.[0]?.id ?? null;
  const orgDetail = useOrgDetail(orgId);

  const tab: TabKey = enumParam(params, 'tab', TAB_KEYS) ?? (can('duty.manage') ? 'board' : 'mine');
  const dutyId = numParam(params, 'duty');
  const openDuty = (id: number) => patch({ duty: id });

  if (lists.isPending || (grantOrg === null && top.isPending)) return <Loading />;

  const props: TabProps = { year, orgId, params, patch, openDuty };
  const items: { key: TabKey; label: string; children: React.ReactNode }[] = [
    { key: 'mine', label: t('duties.tabs.mine'), children: <MyDutiesTab {...props} /> },
    { key: 'board', label: t('duties.tabs.board'), children: <BoardTab {...props} /> },
    { key: 'gaps', label: t('duties.tabs.gaps'), children: <GapsTab {...props} /> },
    { key: 'lists', label: t('duties.tabs.lists'), children: <ListsTab {...props} /> },
    { key: 'pledges', label: t('duties.tabs.pledges'), children: <PledgesTab {...props} /> },
    { key: 'involvement', label: t('duties.tabs.involvement'), children: <InvolvementTab {...props} /> },
  ];

  return (
    <div className="tz-duties">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <SafetyCertificateOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('duties.title')}
        </Typography.Title>
        <Space wrap size={[12, 8]} className="tz-duties-scope">
          <div className="tz-duties-field">
            <label htmlFor="duties-year">{t('duties.year')}</label>
            <Select<number>
              id="duties-year"
              value={year}
              onChange={(y) => patch({ year: y, page: null, duty: null })}
              options={years.map((y) => ({ value: y, label: t('duties.yearN', { year: y }) }))}
              style={{ width: 120 }}
              aria-label={t('duties.year')}
              data-testid="duties-year"
            />
          </div>
          <div className="tz-duties-field tz-duties-org">
            <label htmlFor="duties-scope">{t('duties.scope')}</label>
            <div className="tz-duties-org-box">
              <OrgPicker
                id="duties-scope"
                value={orgId}
                allowClear={false}
                onChange={(id) => patch({ org: id, page: null, person: null })}
                placeholder={t('duties.scopePlaceholder')}
                initial={orgDetail.data ? { id: orgDetail.data.unit.id, name: orgDetail.data.unit.name, code: orgDetail.data.unit.code } : null}
              />
            </div>
          </div>
        </Space>
      </div>
      {lists.error ? <ErrorAlert error={lists.error} onRetry={() => void lists.refetch()} style={{ marginBottom: 12 }} /> : null}
      <Card size="small">
        <Tabs activeKey={tab} onChange={(k) => patch({ tab: k, page: null, status: null, binds: null, listKind: null })} items={items} />
      </Card>
      <DutyDrawer
        id={dutyId}
        year={year}
        onClose={() => patch({ duty: null })}
        onInvolvement={(personId) => patch({ tab: 'involvement', person: personId, duty: null })}
      />
    </div>
  );
}
