import { EditOutlined, PlusOutlined, RocketOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Empty, Modal, Row, Space, Spin, Statistic, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type Category, type Indicator, assessmentApi, assessmentKeys } from './api.ts';
import { CreateSystemDialog } from './CreateSystemDialog.tsx';
import { SystemEditorDrawer } from './SystemEditorDrawer.tsx';
import { MeasureText, SourceTag } from './tags.tsx';

interface TreeRow {
  key: string;
  kind: 'category' | 'indicator';
  code: string;
  name: string;
  points: number;
  category?: Category;
  indicator?: Indicator;
  children?: TreeRow[];
}

interface Props {
  committeeId: number;
  committeeName: string;
  year: number;
}

/** 指标体系: the committee's indicator tree for the year, its grade bands; create, edit, and open the year (publish). */
export function SystemTab({ committeeId, committeeName, year }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [modal, modalHolder] = Modal.useModal();
  const canManage = can('assessment.manage');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState(false);

  const system = useQuery({
    queryKey: assessmentKeys.system(committeeId, year),
    queryFn: ({ signal }) => assessmentApi.system(committeeId, year, signal),
    staleTime: 0,
  });
  const cards = useQuery({
    queryKey: assessmentKeys.cards(year, committeeId),
    queryFn: ({ signal }) => assessmentApi.cards(year, committeeId, signal),
  });
  const s = system.data ?? null;
  const opened = cards.data?.length ?? 0;

  const openYear = useMutation({
    mutationFn: () => assessmentApi.open(committeeId, year),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['assessment', 'cards'] });
      message.success(t('assessment.sys.openDone', { created: r.created, existing: r.existing }));
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const confirmOpen = () =>
    void modal.confirm({
      title: opened ? t('assessment.sys.openMoreTitle', { year }) : t('assessment.sys.openTitle', { year }),
      content: (
        <Space orientation="vertical">
          <span>{t('assessment.sys.openConfirm', { org: committeeName, year })}</span>
          <Typography.Text type="warning">{t('assessment.sys.openSnapshot')}</Typography.Text>
        </Space>
      ),
      okText: opened ? t('assessment.sys.openMore') : t('assessment.sys.open'),
      cancelText: t('common.cancel'),
      onOk: () => openYear.mutateAsync().catch(() => undefined),
    });

  const rows = useMemo<TreeRow[]>(
    () =>
      (s?.categories ?? []).map((c) => ({
        key: `c:${c.code}`,
        kind: 'category',
        code: c.code,
        name: c.name,
        points: c.weight,
        category: c,
        children: c.indicators.map((i) => ({ key: `i:${i.code}`, kind: 'indicator', code: i.code, name: i.name, points: i.maxPoints, indicator: i })),
      })),
    [s],
  );
  const counts = useMemo(() => {
    const inds = (s?.categories ?? []).flatMap((c) => c.indicators);
    return { categories: s?.categories.length ?? 0, indicators: inds.length, auto: inds.filter((i) => i.measure.source !== 'manual').length };
  }, [s]);

  const columns: TableColumnsType<TreeRow> = [
    {
      title: t('assessment.sys.name'),
      dataIndex: 'name',
      width: 320,
      render: (v: string, r) =>
        r.kind === 'category' ? (
          <Typography.Text strong>{v}</Typography.Text>
        ) : (
          <span>
            {v} <Typography.Text type="secondary">{r.code}</Typography.Text>
          </span>
        ),
    },
    {
      title: t('assessment.sys.pointsCol'),
      dataIndex: 'points',
      width: 180,
      render: (v: number, r) =>
        r.kind === 'category'
          ? t('assessment.sys.weightIs', { weight: v, sum: r.category?.indicators.reduce((n, i) => n + i.maxPoints, 0) ?? 0 })
          : t('assessment.sys.maxIs', { n: v }),
    },
    {
      title: t('assessment.sys.measureCol'),
      key: 'measure',
      width: 340,
      render: (_: unknown, r) =>
        r.indicator ? (
          <Space size={4} wrap>
            <SourceTag auto={r.indicator.measure.source !== 'manual'} />
            <MeasureText measure={r.indicator.measure} />
          </Space>
        ) : null,
    },
    { title: t('assessment.sys.criteria'), key: 'criteria', render: (_: unknown, r) => r.indicator?.criteria || null },
  ];

  if (system.isLoading) return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (system.error) return <ErrorAlert error={system.error} onRetry={() => void system.refetch()} />;

  return (
    <div>
      {modalHolder}
      {!s ? (
        <Card>
          <Empty description={t('assessment.sys.none', { year, org: committeeName })}>
            {canManage ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="system-create">
                {t('assessment.sys.create')}
              </Button>
            ) : null}
          </Empty>
        </Card>
      ) : (
        <>
          <Card
            size="small"
            style={{ marginBottom: 12 }}
            title={
              <Space wrap size={4}>
                <span>{s.title}</span>
                {opened ? <Tag color="green">{t('assessment.sys.opened', { n: opened })}</Tag> : <Tag>{t('assessment.sys.notOpened')}</Tag>}
              </Space>
            }
            extra={
              canManage ? (
                <Space wrap>
                  <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="system-edit">
                    {t('assessment.sys.edit')}
                  </Button>
                  <Button
                    type={opened ? 'default' : 'primary'}
                    icon={<RocketOutlined />}
                    loading={openYear.isPending}
                    onClick={confirmOpen}
                    data-testid="system-open"
                  >
                    {opened ? t('assessment.sys.openMore') : t('assessment.sys.open')}
                  </Button>
                </Space>
              ) : null
            }
          >
            <Row gutter={[16, 12]}>
              <Col xs={8} sm={4}>
                <Statistic title={t('assessment.sys.categories')} value={counts.categories} />
              </Col>
              <Col xs={8} sm={4}>
                <Statistic title={t('assessment.sys.indicators')} value={counts.indicators} />
              </Col>
              <Col xs={8} sm={4}>
                <Statistic title={t('assessment.sys.autoCount')} value={counts.auto} suffix={`/ ${counts.indicators}`} />
              </Col>
              <Col xs={24} sm={12}>
                <Descriptions
                  size="small"
                  column={1}
                  items={[
                    {
                      key: 'grades',
                      label: t('assessment.sys.thresholds'),
                      children: (
                        <Space size={[4, 4]} wrap>
                          {[...s.thresholds]
                            .sort((a, b) => b.min - a.min)
                            .map((x) => (
                              <Tag key={x.grade}>{t('assessment.sys.thresholdTag', { grade: x.grade, min: x.min })}</Tag>
                            ))}
                          <Tag>{t('assessment.sys.failTag')}</Tag>
                        </Space>
                      ),
                    },
                    { key: 'ver', label: t('assessment.sys.version'), children: s.version },
                  ]}
                />
              </Col>
            </Row>
            {opened ? <Alert type="info" showIcon title={t('assessment.sys.openedHint', { n: opened })} style={{ marginTop: 8 }} /> : null}
          </Card>
          <Card size="small">
            <Table<TreeRow>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              expandable={{ defaultExpandAllRows: true }}
              scroll={{ x: 900 }}
              data-testid="system-tree"
            />
          </Card>
        </>
      )}
      <CreateSystemDialog
        open={creating}
        committeeId={committeeId}
        committeeName={committeeName}
        year={year}
        onClose={() => setCreating(false)}
        onCreated={() => setCreating(false)}
      />
      <SystemEditorDrawer system={editing ? s : null} opened={opened} onClose={() => setEditing(false)} onReload={() => system.refetch()} />
    </div>
  );
}
