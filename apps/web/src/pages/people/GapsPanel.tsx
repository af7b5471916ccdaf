import { useQuery } from '@tanstack/react-query';
import { Alert, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { Loading } from '../../components/Loading.tsx';
import { type DutyRolesView, peopleApi, peopleKeys } from './api.ts';
import { OrgTreeSelect } from './OrgTreeSelect.tsx';

function Holders({ list }: { list: DutyRolesView['firstResponsible'] }) {
  const { t } = useTranslation();
  if (!list.length) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      {list.map((h) => (
        <span key={`${h.personId}:${h.post}`}>{t('common.withParen', { text: h.name, inner: h.post })}</span>
      ))}
    </Space>
  );
}

/** 缺位: party orgs under a unit (default: the user's top unit) without a first or direct responsible person. */
export function GapsPanel() {
  const { t } = useTranslation();
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const [picked, setPicked] = useState<number | null>(null);
  const rootId = picked ?? top.data?.[0]?.id ?? null;
  const gaps = useQuery({
    queryKey: peopleKeys.gaps(rootId ?? 0),
    queryFn: ({ signal }) => peopleApi.gaps(rootId as number, signal),
    enabled: rootId !== null,
    staleTime: 0,
  });

  if (top.isPending) return <Loading minHeight={160} />;
  if (top.error) return <ErrorAlert error={top.error} onRetry={() => void top.refetch()} />;
  if (rootId === null) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.gaps.noRoot')} />;

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size={12}>
      <Space wrap>
        <OrgTreeSelect value={rootId} onChange={setPicked} style={{ width: 260 }} />
      </Space>
      <Alert type="info" showIcon title={t('people.gaps.hint')} />
      {gaps.error ? <ErrorAlert error={gaps.error} onRetry={() => void gaps.refetch()} /> : null}
      <Table<DutyRolesView>
        rowKey="orgId"
        size="middle"
        loading={gaps.isFetching}
        dataSource={gaps.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => t('common.total', { total }), size: 'small' }}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.gaps.none')} /> }}
        columns={[
          { title: t('people.gaps.org'), dataIndex: 'orgName', width: 200 },
          {
            title: t('people.gaps.vacancies'),
            dataIndex: 'vacancies',
            width: 200,
            render: (v: DutyRolesView['vacancies']) => (
              <Space size={4} wrap>
                {v.map((k) => (
                  <Tag color="red" key={k}>
                    {t(`people.gaps.${k}`)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('people.gaps.first'), dataIndex: 'firstResponsible', render: (l: DutyRolesView['firstResponsible']) => <Holders list={l} /> },
          { title: t('people.gaps.direct'), dataIndex: 'directResponsible', render: (l: DutyRolesView['directResponsible']) => <Holders list={l} /> },
          {
            title: t('people.gaps.dual'),
            dataIndex: 'dualDuty',
            responsive: ['lg'],
            render: (l: DutyRolesView['dualDuty'], r) => (
              <Space size={4} wrap>
                <Holders list={l} />
                {r.dualRole ? <Tag color="gold">{t('people.gaps.dualRole')}</Tag> : null}
              </Space>
            ),
          },
        ]}
        data-testid="gaps-table"
      />
    </Space>
  );
}
