import { DownloadOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Input, Modal, Result, Row, Segmented, Space, Statistic, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type Followup, type FollowupQuery, safetyApi, safetyKeys } from './api.ts';
import { CloseFollowupModal } from './CloseFollowupModal.tsx';
import { FollowupDetailDrawer, FollowupState } from './FollowupDetailDrawer.tsx';
import { FollowupFormDrawer, type FollowupTarget } from './FollowupFormDrawer.tsx';
import { DateText, SectionHeader, type TabScope, isHidden } from './parts.tsx';

type OpenFilter = 'open' | 'closed' | 'all';

/**
 * 跟踪个案 (restricted: named students). Everyone who reads online safety sees the numbers; the cases themselves only
 * their head teacher, the school's designated officer and safety.case holders, and the server audits every read.
 */
export function FollowupsTab({ orgId }: TabScope) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const isOfficer = can('safety.case');
  const [openFilter, setOpenFilter] = useState<OpenFilter>('open');
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [viewId, setViewId] = useState<number | null>(null);
  const [formTarget, setFormTarget] = useState<FollowupTarget | null>(null);
  const [closing, setClosing] = useState<Followup | null>(null);
  const [exporting, setExporting] = useState(false);

  const counts = useQuery({ queryKey: safetyKeys.followupCounts(orgId), queryFn: ({ signal }) => safetyApi.followupCounts(orgId, signal) });
  const query: FollowupQuery = { ...paging, orgId, open: openFilter === 'all' ? undefined : openFilter === 'open' ? '1' : '0', q: q || undefined };
  const list = useQuery({
    queryKey: safetyKeys.followups(query),
    queryFn: ({ signal }) => safetyApi.followups(query, signal),
    placeholderData: keepPreviousData,
    // Names of minors: never kept in the cache once the tab is left.
    gcTime: 0,
    retry: false,
  });

  const filtered = openFilter !== 'open' || q !== '';
  const seesNone = !!list.data && list.data.total === 0 && !filtered && !isOfficer;
  const blocked = (list.error && isHidden(list.error)) || seesNone;

  const exportCsv = () =>
    Modal.confirm({
      title: t('safety.followup.exportTitle'),
      content: t('safety.followup.exportConfirm'),
      okText: t('safety.followup.export'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setExporting(true);
        try {
          await safetyApi.exportFollowups();
        } catch (err) {
          message.error(errorMessage(err));
        } finally {
          setExporting(false);
        }
      },
    });

  const columns: TableColumnsType<Followup> = [
    {
      title: t('safety.followup.student'),
      dataIndex: 'studentName',
      width: 110,
      fixed: 'left',
      render: (v: string, r) => (
        <Button type="link" style={{ padding: 0 }} onClick={() => setViewId(r.id)}>
          {v}
        </Button>
      ),
    },
    { title: t('safety.school'), dataIndex: 'orgName', width: 170, ellipsis: true },
    { title: t('safety.className'), dataIndex: 'className', width: 120 },
    { title: t('safety.followup.headTeacher'), dataIndex: 'headTeacherName', width: 110, render: (v: string | null) => v ?? t('common.none') },
    { title: t('safety.followup.officer'), dataIndex: 'officerName', width: 110, render: (v: string | null) => v ?? t('common.none') },
    { title: t('safety.followup.openedOn'), dataIndex: 'openedOn', width: 110, render: (v: string) => <DateText value={v} /> },
    { title: t('safety.statusLabel'), key: 'state', width: 80, render: (_: unknown, r) => <FollowupState f={r} /> },
    { title: t('safety.followup.closedOn'), dataIndex: 'closedOn', width: 110, render: (v: string | null) => <DateText value={v} /> },
    {
      title: t('safety.followup.retentionUntil'),
      dataIndex: 'retentionUntil',
      width: 120,
      render: (v: string | null) => (v ? <DateText value={v} /> : t('safety.followup.retentionOpenShort')),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 150,
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button size="small" type="link" onClick={() => setViewId(r.id)}>
            {t('safety.view')}
          </Button>
          {r.closedOn ? null : (
            <>
              <Button size="small" type="link" onClick={() => setFormTarget({ mode: 'edit', followup: r })}>
                {t('safety.edit')}
              </Button>
              <Button size="small" type="link" danger onClick={() => setClosing(r)}>
                {t('safety.followup.close')}
              </Button>
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space vertical size={16} style={{ width: '100%' }}>
      <Alert type="warning" showIcon icon={<LockOutlined />} title={t('safety.followup.restrictedTitle')} description={t('safety.followup.restricted')} />
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small" className="tz-safety-figure">
            <Statistic title={t('safety.followup.countOpen')} value={counts.data?.open ?? t('common.none')} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" className="tz-safety-figure">
            <Statistic title={t('safety.followup.countClosed')} value={counts.data?.closed ?? t('common.none')} />
          </Card>
        </Col>
      </Row>
      {counts.error ? <ErrorAlert error={counts.error} onRetry={() => void counts.refetch()} /> : null}
      <Card size="small">
        <SectionHeader
          title={t('safety.followup.title')}
          extra={
            blocked ? null : (
              <>
                <Button icon={<DownloadOutlined />} loading={exporting} onClick={exportCsv}>
                  {t('safety.followup.export')}
                </Button>
                {isOfficer ? (
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', orgId: null })} data-testid="followup-create">
                    {t('safety.followup.create')}
                  </Button>
                ) : null}
              </>
            )
          }
        />
        {blocked ? (
          <Result
            icon={<LockOutlined style={{ color: '#8c8c8c' }} />}
            title={t('safety.followup.noAccessTitle')}
            subTitle={t('safety.followup.noAccess')}
            data-testid="followups-no-access"
          />
        ) : (
          <>
            <Space wrap style={{ marginBottom: 12 }}>
              <Segmented<OpenFilter>
                value={openFilter}
                onChange={(v) => {
                  setOpenFilter(v);
                  setPaging((p) => ({ ...p, page: 1 }));
                }}
                options={[
                  { value: 'open', label: t('safety.followup.stateOpen') },
                  { value: 'closed', label: t('safety.followup.stateClosed') },
                  { value: 'all', label: t('common.all') },
                ]}
              />
              <Input.Search
                allowClear
                maxLength={50}
                value={text}
                onChange={(e) => setText(e.target.value)}
                onSearch={(v) => {
                  setQ(v.trim());
                  setPaging((p) => ({ ...p, page: 1 }));
                }}
                placeholder={t('safety.followup.searchPlaceholder')}
                style={{ width: 260, maxWidth: '100%' }}
              />
            </Space>
            {list.error ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} style={{ marginBottom: 12 }} /> : null}
            <Table<Followup>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isFetching}
              scroll={{ x: 1200 }}
              locale={{ emptyText: t('safety.followup.empty') }}
              onChange={(pg) => {
                const pageSize = pg.pageSize ?? paging.pageSize;
                setPaging({ page: pageSize === paging.pageSize ? (pg.current ?? 1) : 1, pageSize });
              }}
              pagination={{
                current: paging.page,
                pageSize: paging.pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (total) => t('common.total', { total }),
              }}
            />
          </>
        )}
      </Card>
      <FollowupDetailDrawer
        id={viewId}
        onClose={() => setViewId(null)}
        onEdit={(f) => setFormTarget({ mode: 'edit', followup: f })}
        onCloseCase={(f) => setClosing(f)}
      />
      <FollowupFormDrawer target={formTarget} onClose={() => setFormTarget(null)} onSaved={(f) => setViewId((v) => (v === null ? null : f.id))} />
      <CloseFollowupModal followup={closing} onClose={() => setClosing(null)} onReload={() => void qc.invalidateQueries({ queryKey: safetyKeys.all })} />
    </Space>
  );
}
