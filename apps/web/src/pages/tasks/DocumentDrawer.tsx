import { CheckCircleOutlined, LinkOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Input,
  Modal,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { type DocumentDetail, type ReceiptView, tasksApi, tasksKeys } from './api.ts';
import { RateBar, fmtDate, fmtDateTime, useDrawerSize } from './ui.tsx';

type Filter = 'all' | 'unread' | 'overdue' | 'read';

function StudyLinkModal({ doc, open, onClose }: { doc: DocumentDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [text, setText] = useState('');
  const [activityId, setActivityId] = useState<number | null>(null);
  const q = useDebounced(text.trim(), 300);
  const from = fmtDate(doc.publishedAt);
  const found = useQuery({
    queryKey: ['tasks', 'study-activities', q, from],
    queryFn: ({ signal }) => tasksApi.searchActivities({ q: q || undefined, from }, signal),
    enabled: open,
  });
  const link = useMutation({
    mutationFn: (id: number) => tasksApi.linkStudy(doc.id, id),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: tasksKeys.document(doc.id) });
      void qc.invalidateQueries({ queryKey: ['tasks', 'documents'] });
      message.success(t('tasks.doc.linked', { n: r.linked }));
      setActivityId(null);
      onClose();
    },
  });
  const eligible = (found.data ?? []).filter((a) => a.status === 'submitted' || a.status === 'approved');
  return (
    <Modal
      open={open}
      title={t('tasks.doc.linkTitle')}
      okText={t('tasks.doc.link')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: activityId === null }}
      confirmLoading={link.isPending}
      onCancel={() => {
        link.reset();
        onClose();
      }}
      onOk={() => activityId !== null && link.mutate(activityId)}
    >
      {link.error ? <ErrorAlert error={link.error} style={{ marginBottom: 12 }} /> : null}
      <Typography.Paragraph type="secondary">{t('tasks.doc.linkHint')}</Typography.Paragraph>
      <Select<number>
        showSearch={{ filterOption: false, onSearch: setText }}
        value={activityId ?? undefined}
        onChange={setActivityId}
        placeholder={t('tasks.doc.linkPlaceholder')}
        notFoundContent={found.isFetching ? <Spin size="small" /> : t('tasks.doc.noActivities')}
        options={eligible.map((a) => ({ value: a.id, label: `${a.date} · ${a.orgName} · ${a.topic}（${a.present}/${a.expected}）` }))}
        style={{ width: '100%' }}
      />
    </Modal>
  );
}

/** One conveyed document: text, targets, per-person read receipts (overdue readers flagged), mark read, link study. */
export function DocumentDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const drawerSize = useDrawerSize(820);
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [filter, setFilter] = useState<Filter>('all');
  const [search, setSearch] = useState('');
  const [linking, setLinking] = useState(false);
  const detail = useQuery({
    queryKey: tasksKeys.document(id ?? 0),
    queryFn: ({ signal }) => tasksApi.document(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const doc = detail.data;
  const read = useMutation({
    mutationFn: (d: DocumentDetail) => tasksApi.markDocumentRead(d.id),
    onSuccess: (d) => {
      qc.setQueryData(tasksKeys.document(d.id), d);
      void qc.invalidateQueries({ queryKey: ['tasks', 'documents'] });
      message.success(t('tasks.doc.markedRead'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const receipts = (doc?.receiptList ?? []).filter((r) => {
    if (filter === 'unread' && r.readAt) return false;
    if (filter === 'read' && !r.readAt) return false;
    if (filter === 'overdue' && !r.overdue) return false;
    const s = search.trim();
    return !s || r.personName.includes(s) || (r.orgName ?? '').includes(s);
  });
  const list = doc?.receiptList ?? [];
  const nRead = list.filter((r) => r.readAt).length;
  const nOverdue = list.filter((r) => r.overdue).length;

  const columns: TableColumnsType<ReceiptView> = [
    { title: t('tasks.doc.person'), dataIndex: 'personName', width: 110 },
    { title: t('tasks.doc.partyOrg'), dataIndex: 'orgName', ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
    {
      title: t('tasks.doc.readAt'),
      dataIndex: 'readAt',
      width: 150,
      render: (v: string | null, r) =>
        v ? (
          <Space size={4} wrap>
            <span>{fmtDateTime(v)}</span>
            {r.overdue ? <Tag color="orange">{t('tasks.doc.readLate')}</Tag> : null}
          </Space>
        ) : r.overdue ? (
          <Tag color="error">{t('tasks.doc.overdueUnread')}</Tag>
        ) : (
          <Tag>{t('tasks.doc.unread')}</Tag>
        ),
    },
    {
      title: t('tasks.doc.via'),
      dataIndex: 'linkedActivityId',
      width: 110,
      responsive: ['sm'],
      render: (v: number | null, r) =>
        v ? <Tag icon={<LinkOutlined />}>{t('tasks.doc.viaStudy')}</Tag> : r.readAt ? t('tasks.doc.viaSelf') : t('common.none'),
    },
  ];

  // On a phone the actions leave the crowded header for the top of the body.
  const narrow = drawerSize < 576;
  const actions = doc ? (
    <Space wrap>
      <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void detail.refetch()} />
      {doc.mine && !doc.mine.readAt ? (
        <Button type="primary" icon={<CheckCircleOutlined />} loading={read.isPending} onClick={() => read.mutate(doc)} data-testid="doc-mark-read">
          {t('tasks.doc.markRead')}
        </Button>
      ) : null}
      {can('ledger.write') ? (
        <Button icon={<LinkOutlined />} onClick={() => setLinking(true)}>
          {t('tasks.doc.link')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  return (
    <Drawer open={id !== null} onClose={onClose} size={drawerSize} title={doc ? doc.title : t('tasks.doc.detailTitle')} extra={narrow ? null : actions}>
      {detail.isLoading ? <Spin /> : null}
      {narrow && actions ? <div style={{ marginBottom: 12 }}>{actions}</div> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {doc ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {doc.mine ? (
            doc.mine.readAt ? (
              <Alert type="success" showIcon title={t('tasks.doc.youRead', { at: fmtDateTime(doc.mine.readAt) })} />
            ) : (
              <Alert type="warning" showIcon title={t('tasks.doc.youMustRead', { date: doc.dueDate })} />
            )
          ) : null}
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2 }}
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'issuer', label: t('tasks.col.issuer'), children: doc.issuingOrgName },
              { key: 'published', label: t('tasks.doc.publishedAt'), children: fmtDateTime(doc.publishedAt) },
              { key: 'within', label: t('tasks.doc.readWithin'), children: t('tasks.doc.withinDays', { n: doc.readWithinDays }) },
              { key: 'due', label: t('tasks.doc.dueDate'), children: doc.dueDate },
              {
                key: 'targets',
                label: t('tasks.doc.targets'),
                span: 'filled',
                children: (
                  <Space wrap size={[4, 4]}>
                    {doc.targets.map((x) => (
                      <Tag key={`${x.kind}${x.id}`} color={x.kind === 'org' ? 'blue' : undefined}>
                        {x.name}
                      </Tag>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
          <div>
            <Typography.Title level={5}>{t('tasks.doc.body')}</Typography.Title>
            {doc.body ? (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{doc.body}</Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('tasks.doc.receipts')}</Typography.Title>
            <Row gutter={[16, 8]} align="middle" style={{ marginBottom: 8 }}>
              <Col xs={8} sm={5}>
                <Statistic title={t('tasks.doc.readers')} value={list.length} />
              </Col>
              <Col xs={8} sm={5}>
                <Statistic title={t('tasks.doc.read')} value={nRead} styles={{ content: { color: '#389e0d' } }} />
              </Col>
              <Col xs={8} sm={5}>
                <Statistic title={t('tasks.doc.overdueReaders')} value={nOverdue} styles={{ content: { color: nOverdue ? '#cf1322' : undefined } }} />
              </Col>
              <Col xs={24} sm={9}>
                <RateBar rate={list.length ? nRead / list.length : null} title={t('tasks.doc.readRate')} />
              </Col>
            </Row>
            <div className="tz-task-filters">
              <Segmented<Filter>
                size="small"
                value={filter}
                onChange={setFilter}
                options={[
                  { value: 'all', label: t('common.all') },
                  { value: 'unread', label: t('tasks.doc.unread') },
                  { value: 'overdue', label: t('tasks.doc.overdueFilter') },
                  { value: 'read', label: t('tasks.doc.read') },
                ]}
              />
              <Input.Search
                allowClear
                size="small"
                placeholder={t('tasks.doc.searchReader')}
                onSearch={setSearch}
                onChange={(e) => !e.target.value && setSearch('')}
                className="tz-f-md"
              />
            </div>
            <Table<ReceiptView>
              rowKey="personId"
              size="small"
              columns={columns}
              dataSource={receipts}
              pagination={{ pageSize: 20, size: 'small', showTotal: (total) => t('common.total', { total }), showSizeChanger: false }}
              scroll={{ x: 'max-content' }}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.doc.noReceipts')} /> }}
            />
          </div>
        </Space>
      ) : null}
      {doc ? <StudyLinkModal doc={doc} open={linking} onClose={() => setLinking(false)} /> : null}
    </Drawer>
  );
}
