import { CheckCircleOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Drawer, Modal, Space, Spin, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { FOUND_KEYS, compareClassNames, SCREENING_STATUS_COLORS, type Screening, type ScreeningResult, safetyApi, safetyKeys } from './api.ts';
import { CountTag, DateText, Rate, today } from './parts.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { ResultFormModal } from './ResultFormModal.tsx';

interface Props {
  id: number | null;
  campaignName?: string | null;
  onClose: () => void;
  onEdit: (s: Screening) => void;
}

const foundOf = (r: ScreeningResult) => r.foundGaming + r.foundHarmfulInfo + r.foundHarmfulApps + r.foundOther;

/** A school's screening with its per-class results (counts by category, follow-ups opened/closed). */
export function ScreeningDetailDrawer({ id, campaignName, onClose, onEdit }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canManage = can('safety.manage');
  const [result, setResult] = useState<ScreeningResult | 'new' | null>(null);
  const detail = useQuery({
    queryKey: safetyKeys.screening(id ?? 0),
    queryFn: ({ signal }) => safetyApi.screening(id ?? 0, signal),
    enabled: id !== null,
    staleTime: 0,
  });
  const s = detail.data;

  const complete = useMutation({
    mutationFn: (x: Screening) => safetyApi.updateScreening(x.id, { version: x.version, status: 'completed', endDate: x.endDate ?? today() }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: safetyKeys.all });
      message.success(t('safety.screening.completed'));
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const confirmComplete = (x: Screening) =>
    Modal.confirm({
      title: t('safety.screening.completeTitle'),
      content: t('safety.screening.completeConfirm', { code: x.code, date: x.endDate ?? today() }),
      okText: t('safety.screening.complete'),
      cancelText: t('common.cancel'),
      onOk: () => complete.mutateAsync(x).catch(() => {}),
    });

  const columns: TableColumnsType<ScreeningResult> = [
    { title: t('safety.className'), dataIndex: 'className', fixed: 'left', width: 120 },
    { title: t('safety.result.students'), dataIndex: 'students', width: 80, align: 'right' },
    { title: t('safety.result.screened'), dataIndex: 'screened', width: 80, align: 'right' },
    { title: t('safety.result.rate'), key: 'rate', width: 110, render: (_: unknown, r) => <Rate part={r.screened} whole={r.students} compact /> },
    ...FOUND_KEYS.map((k) => ({
      title: t(`safety.found.${k}`),
      dataIndex: k,
      width: 90,
      align: 'right' as const,
      render: (n: number) => <CountTag n={n} />,
    })),
    { title: t('safety.result.foundTotal'), key: 'found', width: 90, align: 'right', render: (_: unknown, r) => foundOf(r) },
    {
      title: t('safety.result.followUps'),
      key: 'fu',
      width: 110,
      render: (_: unknown, r) => t('safety.result.followUpsValue', { opened: r.followUpsOpened, closed: r.followUpsClosed }),
    },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            fixed: 'right' as const,
            render: (_: unknown, r: ScreeningResult) => (
              <Button size="small" type="link" onClick={() => setResult(r)}>
                {t('safety.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const results = useMemo(() => [...(s?.results ?? [])].sort((a, b) => compareClassNames(a.className, b.className)), [s?.results]);
  const sum = (f: (r: ScreeningResult) => number) => results.reduce((n, r) => n + f(r), 0);
  return (
    <Drawer
      open={id !== null}
      title={s ? t('safety.screening.detailTitle', { code: s.code, name: s.orgName }) : t('safety.screening.detail')}
      onClose={onClose}
      size={drawerWidth(1100)}
      destroyOnHidden
      extra={
        s && canManage ? (
          <Space wrap>
            {s.status !== 'completed' ? (
              <Button icon={<CheckCircleOutlined />} onClick={() => confirmComplete(s)} loading={complete.isPending}>
                {t('safety.screening.complete')}
              </Button>
            ) : null}
            <Button icon={<EditOutlined />} onClick={() => onEdit(s)}>
              {t('safety.edit')}
            </Button>
          </Space>
        ) : null
      }
    >
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {detail.isLoading ? <Spin /> : null}
      {s ? (
        <>
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 3 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('safety.school')}>{s.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('safety.screening.campaign')}>{campaignName ?? t('common.none')}</Descriptions.Item>
            <Descriptions.Item label={t('safety.statusLabel')}>
              <Tag color={SCREENING_STATUS_COLORS[s.status]}>{t(`safety.screening.status.${s.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.screening.startDate')}>
              <DateText value={s.startDate} />
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.screening.endDate')}>
              <DateText value={s.endDate} />
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.screening.coverage')}>
              {t('safety.screening.coverageValue', { screened: s.studentsScreened, expected: s.studentsExpected })}
            </Descriptions.Item>
            <Descriptions.Item label={t('safety.screening.issues')}>
              {t('safety.screening.issuesValue', { found: s.issuesFound, resolved: s.issuesResolved })}
            </Descriptions.Item>
            {s.importBatch ? <Descriptions.Item label={t('safety.screening.importBatch')}>{s.importBatch}</Descriptions.Item> : null}
          </Descriptions>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('safety.result.title')} <Tag>{t('safety.result.classesN', { n: results.length })}</Tag>
            </Typography.Title>
            {canManage ? (
              <Button size="small" icon={<PlusOutlined />} onClick={() => setResult('new')} data-testid="result-add">
                {t('safety.result.add')}
              </Button>
            ) : null}
          </div>
          <Table<ScreeningResult>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={results}
            pagination={results.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: t('safety.result.empty') }}
            summary={() =>
              results.length > 1 ? (
                <Table.Summary fixed>
                  <Table.Summary.Row className="tz-safety-total">
                    <Table.Summary.Cell index={0}>{t('safety.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={1} align="right">
                      {sum((r) => r.students)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={2} align="right">
                      {sum((r) => r.screened)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={3}>
                      <Rate part={sum((r) => r.screened)} whole={sum((r) => r.students)} compact />
                    </Table.Summary.Cell>
                    {FOUND_KEYS.map((k, i) => (
                      <Table.Summary.Cell key={k} index={4 + i} align="right">
                        {sum((r) => r[k])}
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={8} align="right">
                      {sum(foundOf)}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={9}>
                      {t('safety.result.followUpsValue', { opened: sum((r) => r.followUpsOpened), closed: sum((r) => r.followUpsClosed) })}
                    </Table.Summary.Cell>
                    {canManage ? <Table.Summary.Cell index={10} /> : null}
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
            {t('safety.countsOnly')}
          </Typography.Paragraph>
          <ResultFormModal screeningId={s.id} target={result} classNames={results.map((r) => r.className)} onClose={() => setResult(null)} />
        </>
      ) : null}
    </Drawer>
  );
}
