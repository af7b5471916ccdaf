import { FileTextOutlined, FileWordOutlined, LockOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Drawer, Empty, Input, List, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { Fragment, type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useCan, useSession } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { download } from '../../components/files.ts';
import { Loading } from '../../components/Loading.tsx';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import dayjs from '../../i18n/dayjs.ts';
import '../../i18n/people.ts';
import '../../layout/layout.css';
import '../people/people.css';
import { drawerWidth } from '../../components/sizing.ts';

interface Figure {
  value: unknown;
  label: string;
  definition: string;
  sources: { kind: string; ids: (number | string)[] };
}
interface Paragraph {
  text: string;
  figures: string[];
}
interface Section {
  id: string;
  heading: string;
  level: 1 | 2;
  paragraphs: Paragraph[];
  editable: boolean;
}
interface ReportView {
  org: { code: string; name: string };
  year: number;
  figures: Record<string, Figure>;
  sections: Section[];
  id: number | null;
  status: 'live' | 'draft' | 'final';
  revision: number;
  frozenAt: string | null;
}
interface Revision {
  id: number;
  status: 'draft' | 'final';
  revision: number;
  createdAt: string;
  createdBy: number | null;
  frozenAt: string | null;
}
interface SourceRecord {
  id: number | string;
  title: string;
  orgId: number | null;
  date: string | null;
}
interface Sources {
  key: string;
  label: string;
  definition: string;
  kind: string;
  records: SourceRecord[];
}

const EDITABLE = ['problems', 'next'] as const;
type EditableId = (typeof EDITABLE)[number];

const reportKeys = {
  preview: (orgId: number, year: number) => ['reports', 'preview', orgId, year] as const,
  revisions: (orgId: number, year: number) => ['reports', 'revisions', orgId, year] as const,
  sources: (orgId: number, year: number, key: string) => ['reports', 'sources', orgId, year, key] as const,
};

/** The figure's value as text: numbers as they are, lists by their length. */
function valueText(f: Figure | undefined, t: (k: 'report.items', o: { count: number }) => string): string {
  if (!f) return '';
  if (typeof f.value === 'number') return String(f.value);
  if (Array.isArray(f.value)) return t('report.items', { count: f.value.length });
  return f.value === null || f.value === undefined ? '' : String(f.value);
}

/** The paragraph text with each figure's number made a link to its records (in the order the template states them). */
function linkedText(p: Paragraph, figures: Record<string, Figure>, open: (key: string) => void): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = p.text;
  let n = 0;
  for (const key of p.figures) {
    const f = figures[key];
    if (!f || typeof f.value !== 'number') continue;
    const v = String(f.value);
    const re = new RegExp(`(?<!\\d)${v}(?!\\d)`);
    const m = re.exec(rest);
    if (!m) continue;
    out.push(<Fragment key={`t${n}`}>{rest.slice(0, m.index)}</Fragment>);
    out.push(
      <button type="button" key={`f${n}`} className="tz-report-figure" title={f.label} onClick={() => open(key)} data-figure={key}>
        {v}
      </button>,
    );
    rest = rest.slice(m.index + v.length);
    n += 1;
  }
  out.push(<Fragment key="end">{rest}</Fragment>);
  return out;
}

function SourcesDrawer({
  orgId,
  year,
  figureKey,
  figure,
  onClose,
}: {
  orgId: number;
  year: number;
  figureKey: string | null;
  figure?: Figure;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const sources = useQuery({
    queryKey: reportKeys.sources(orgId, year, figureKey ?? ''),
    queryFn: ({ signal }) => api.get<Sources>('/api/v1/reports/sources', { orgId, year, key: figureKey }, signal),
    enabled: figureKey !== null,
  });
  return (
    <Drawer
      open={figureKey !== null}
      onClose={onClose}
      title={t('report.sources', { label: figure?.label ?? sources.data?.label ?? '' })}
      size={drawerWidth(560)}
      data-testid="sources-drawer"
    >
      {figure ? (
        <Typography.Paragraph type="secondary">
          {t('report.figureValue')}
          {t('common.colon')}
          <Typography.Text strong>{valueText(figure, t)}</Typography.Text>
          <br />
          {t('report.figureDefinition')}
          {t('common.colon')}
          {figure.definition}
        </Typography.Paragraph>
      ) : null}
      {sources.error ? <ErrorAlert error={sources.error} onRetry={() => void sources.refetch()} /> : null}
      <Table<SourceRecord>
        size="small"
        rowKey={(r) => String(r.id)}
        loading={sources.isFetching}
        dataSource={sources.data?.records ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true, size: 'small', showTotal: (total) => t('common.total', { total }) }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noSources')} /> }}
        columns={[
          { title: t('report.sourceTitle'), dataIndex: 'title' },
          { title: t('report.sourceDate'), dataIndex: 'date', width: 120, render: (d: string | null) => d ?? t('common.none') },
        ]}
      />
    </Drawer>
  );
}

/** The org the page starts on: the user's first granted unit, else the first top unit in reach. */
function useDefaultOrg(): { orgId: number | null; loading: boolean } {
  const session = useSession().data;
  const granted = session?.grants.find((g) => g.orgId !== null)?.orgId ?? null;
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  if (granted !== null) return { orgId: granted, loading: false };
  return { orgId: top.data?.[0]?.id ?? null, loading: top.isLoading };
}

/** 情况报告: the annual situation report of an org — sections with figures linked to their records, drafts, finalising, downloads. */
export default function ReportPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const can = useCan();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const canGenerate = can('report.generate');
  const defaults = useDefaultOrg();
  const [picked, setPicked] = useState<number | null>(null);
  const orgId = picked ?? defaults.orgId;
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear - 1);
  const [figureKey, setFigureKey] = useState<string | null>(null);
  const [edits, setEdits] = useState<Record<EditableId, string>>({ problems: '', next: '' });
  const [downloading, setDownloading] = useState<'docx' | 'md' | null>(null);

  const preview = useQuery({
    queryKey: reportKeys.preview(orgId ?? 0, year),
    queryFn: ({ signal }) => api.get<ReportView>('/api/v1/reports/preview', { orgId, year }, signal),
    enabled: orgId !== null,
    staleTime: 0,
  });
  const revisions = useQuery({
    queryKey: reportKeys.revisions(orgId ?? 0, year),
    queryFn: async ({ signal }) => (await api.get<{ items: Revision[] }>('/api/v1/reports', { orgId, year }, signal)).items,
    enabled: orgId !== null,
    staleTime: 0,
  });
  const report = preview.data;
  const frozen = report?.status === 'final';
  const editable = canGenerate && !frozen;

  // Fill the editable sections from the report each time another org, year or state is shown.
  const fillKey = report ? `${orgId}:${year}:${report.status}:${report.revision}` : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: refill only when another report is shown
  useEffect(() => {
    if (!report) return;
    const next = { problems: '', next: '' };
    for (const s of report.sections) if ((EDITABLE as readonly string[]).includes(s.id)) next[s.id as EditableId] = s.paragraphs.map((p) => p.text).join('\n');
    setEdits(next);
  }, [fillKey]);

  const invalidate = async () => {
    await qc.invalidateQueries({ queryKey: reportKeys.revisions(orgId ?? 0, year) });
    await qc.invalidateQueries({ queryKey: reportKeys.preview(orgId ?? 0, year) });
  };

  const saveDraft = useMutation({
    mutationFn: () => {
      const body: Record<string, string[]> = {};
      for (const id of EDITABLE)
        if (report?.sections.some((s) => s.id === id && s.editable))
          body[id] = edits[id]
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean);
      return api.post<{ id: number; revision: number; status: string }>('/api/v1/reports', { orgId, year, edits: body });
    },
    onSuccess: (r) => {
      message.success(t('report.draftSaved', { revision: r.revision }));
      void qc.invalidateQueries({ queryKey: reportKeys.revisions(orgId ?? 0, year) });
    },
    onError: (err) => message.error(errorMessage(err)),
  });

  const finalize = (r: Revision) => {
    // Signing off is re-authenticated: the caller's own password, typed into the confirmation.
    let password = '';
    Modal.confirm({
      title: t('report.finalize'),
      content: (
        <>
          <Typography.Paragraph>{t('report.finalizeConfirm', { revision: r.revision })}</Typography.Paragraph>
          <Input.Password
            autoComplete="current-password"
            placeholder={t('report.finalizePassword')}
            aria-label={t('report.finalizePassword')}
            onChange={(e) => {
              password = e.target.value;
            }}
          />
        </>
      ),
      okText: t('report.finalize'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await api.post(`/api/v1/reports/${r.id}/finalize`, { password });
          message.success(t('report.finalized'));
          await invalidate();
        } catch (err) {
          message.error(errorMessage(err));
          // Keep the dialog open so a mistyped password can be corrected.
          throw err;
        }
      },
    });
  };

  const get = async (format: 'docx' | 'md') => {
    if (orgId === null) return;
    setDownloading(format);
    try {
      await download('/api/v1/reports/export', { query: { orgId, year, format }, fallback: `${t('report.title')}-${year}.${format}` });
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setDownloading(null);
    }
  };

  const years = useMemo(() => Array.from({ length: 8 }, (_, i) => thisYear - i), [thisYear]);
  const figureRows = useMemo(() => Object.entries(report?.figures ?? {}).map(([key, f]) => ({ key, ...f })), [report]);
  const hasFinal = (revisions.data ?? []).some((r) => r.status === 'final');
  const statusTag = report ? (
    <Tag color={report.status === 'final' ? 'red' : report.status === 'draft' ? 'blue' : 'default'}>
      {report.status === 'final' ? t('report.statusFinal') : report.status === 'draft' ? t('report.statusDraft') : t('report.statusLive')}
    </Tag>
  ) : null;

  const renderSection = (s: Section) => {
    const heading = (
      <Typography.Title level={s.level === 1 ? 5 : 5} style={{ marginTop: s.level === 1 ? 20 : 12, fontSize: s.level === 1 ? 16 : 15 }}>
        {s.heading}
      </Typography.Title>
    );
    if (s.editable && editable && (EDITABLE as readonly string[]).includes(s.id)) {
      const id = s.id as EditableId;
      return (
        <div key={s.id} data-section={s.id}>
          {heading}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('report.editHint')}
          </Typography.Text>
          <Input.TextArea
            value={edits[id]}
            onChange={(e) => setEdits((x) => ({ ...x, [id]: e.target.value }))}
            autoSize={{ minRows: 3, maxRows: 14 }}
            maxLength={50 * 4000}
            style={{ marginTop: 4 }}
            aria-label={s.heading}
            data-testid={`edit-${s.id}`}
          />
        </div>
      );
    }
    return (
      <div key={s.id} data-section={s.id}>
        {heading}
        {s.paragraphs.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs have no id and never reorder
          <div key={i}>
            <p className="tz-report-paragraph">{linkedText(p, report?.figures ?? {}, setFigureKey)}</p>
            {p.figures.length ? (
              <div className="tz-report-chips">
                <Space size={[4, 4]} wrap>
                  {p.figures.map((k) => {
                    const f = report?.figures[k];
                    return f ? (
                      <Tag key={k} color="red" variant="outlined" onClick={() => setFigureKey(k)} data-chip={k}>
                        {f.label}：{valueText(f, t)}
                      </Tag>
                    ) : null;
                  })}
                </Space>
              </div>
            ) : null}
          </div>
        ))}
      </div>
    );
  };

  return (
    <div>
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <FileTextOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('report.title')}
        </Typography.Title>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div className="tz-people-filters" style={{ marginBottom: 0 }}>
          <div style={{ width: 300, maxWidth: '100%' }}>
            <OrgPicker value={orgId} onChange={(v) => v !== null && setPicked(v)} allowClear={false} placeholder={t('report.org')} />
          </div>
          <Select
            value={year}
            onChange={setYear}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            style={{ width: 110 }}
            aria-label={t('report.year')}
            data-testid="report-year"
          />
          <Button icon={<FileWordOutlined />} loading={downloading === 'docx'} disabled={!report} onClick={() => void get('docx')}>
            {t('report.downloadWord')}
          </Button>
          <Button icon={<FileTextOutlined />} loading={downloading === 'md'} disabled={!report} onClick={() => void get('md')}>
            {t('report.downloadMd')}
          </Button>
        </div>
      </Card>
      {defaults.loading ? <Loading /> : null}
      {!defaults.loading && orgId === null ? <Empty description={t('report.empty')} /> : null}
      {preview.error ? <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} style={{ marginBottom: 16 }} /> : null}
      {orgId !== null && preview.isPending ? <Loading /> : null}
      {report ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={16}>
            {frozen ? (
              <Alert
                type="warning"
                showIcon
                icon={<LockOutlined />}
                title={t('report.frozen', { at: report.frozenAt ? dayjs(report.frozenAt).format('YYYY-MM-DD HH:mm') : '' })}
                style={{ marginBottom: 16 }}
                data-testid="report-frozen"
              />
            ) : null}
            <Card
              size="small"
              title={
                <Space wrap size={6}>
                  <span>
                    {report.org.name} {report.year}
                  </span>
                  {statusTag}
                </Space>
              }
              extra={
                editable ? (
                  <Button
                    type="primary"
                    size="small"
                    icon={<SaveOutlined />}
                    loading={saveDraft.isPending}
                    onClick={() => saveDraft.mutate()}
                    data-testid="save-draft"
                  >
                    {t('report.saveDraft')}
                  </Button>
                ) : null
              }
              data-testid="report-sections"
            >
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('report.figureHint')}
              </Typography.Text>
              {report.sections.map(renderSection)}
            </Card>
          </Col>
          <Col xs={24} xl={8}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Card size="small" title={t('report.revisions')}>
                {revisions.error ? <ErrorAlert error={revisions.error} onRetry={() => void revisions.refetch()} /> : null}
                <List<Revision>
                  size="small"
                  loading={revisions.isFetching}
                  dataSource={revisions.data ?? []}
                  locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('report.noRevisions')} /> }}
                  renderItem={(r) => (
                    <List.Item
                      actions={
                        canGenerate && r.status === 'draft' && !hasFinal
                          ? [
                              <Button key="final" size="small" danger onClick={() => finalize(r)} data-testid={`finalize-${r.revision}`}>
                                {t('report.finalize')}
                              </Button>,
                            ]
                          : undefined
                      }
                    >
                      <Space orientation="vertical" size={0}>
                        <Space size={6}>
                          <span>{t('report.revision', { revision: r.revision })}</span>
                          <Tag color={r.status === 'final' ? 'red' : 'blue'}>{r.status === 'final' ? t('report.statusFinal') : t('report.statusDraft')}</Tag>
                        </Space>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {dayjs(r.frozenAt ?? r.createdAt).format('YYYY-MM-DD HH:mm')}
                        </Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </Card>
            </Space>
          </Col>
          <Col xs={24}>
            <Card size="small" title={t('report.figuresTitle')}>
              <Table
                size="small"
                rowKey="key"
                pagination={false}
                dataSource={figureRows}
                scroll={{ x: 'max-content' }}
                columns={[
                  { title: t('report.figureLabel'), dataIndex: 'label', width: 200 },
                  {
                    title: t('report.figureValue'),
                    key: 'value',
                    width: 80,
                    align: 'right',
                    render: (_: unknown, f: Figure & { key: string }) => (
                      <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setFigureKey(f.key)}>
                        {valueText(f, t)}
                      </Button>
                    ),
                  },
                  {
                    title: t('report.figureDefinition'),
                    dataIndex: 'definition',
                    responsive: ['md'],
                    render: (d: string) => (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {d}
                      </Typography.Text>
                    ),
                  },
                ]}
                data-testid="figures-table"
              />
            </Card>
          </Col>
        </Row>
      ) : null}
      {orgId !== null ? (
        <SourcesDrawer
          orgId={orgId}
          year={year}
          figureKey={figureKey}
          figure={figureKey ? report?.figures[figureKey] : undefined}
          onClose={() => setFigureKey(null)}
        />
      ) : null}
    </div>
  );
}
