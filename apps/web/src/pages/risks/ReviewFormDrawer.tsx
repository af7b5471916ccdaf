import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Col, DatePicker, Drawer, Form, Input, Modal, Row, Select, Space, Table, type TableColumnsType, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { RATINGS, type ReviewDetail, type RiskView, risksApi, risksKeys } from './api.ts';
import { ConflictAlert, LevelTag, chinaToday, levelFrom } from './common.tsx';
import { drawerWidth } from '../../components/sizing.ts';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';
import { RiskPicker } from './pickers.tsx';

export type ReviewFormTarget = { mode: 'create'; orgId: number | null } | { mode: 'edit'; review: ReviewDetail };

interface Values {
  orgId?: number | null;
  date?: Dayjs;
  title?: string;
  agenda?: string;
  conclusions?: string;
}
interface ItemRow {
  risk: RiskView;
  likelihood: number;
  impact: number;
  note: string;
  nextReviewDate: Dayjs | null;
}

interface Props {
  target: ReviewFormTarget | null;
  onClose: () => void;
  onSaved: (r: ReviewDetail) => void;
  onReload: (id: number) => Promise<void>;
}

/** Record a 研判 meeting with the risks it assessed (ratings frozen as assessed), or edit an unsigned one's texts. */
export function ReviewFormDrawer({ target, onClose, onSaved, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const [form] = Form.useForm<Values>();
  const [rows, setRows] = useState<ItemRow[]>([]);
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const review = target?.mode === 'edit' ? target.review : null;
  const matrix = useQuery({ queryKey: risksKeys.matrix, queryFn: ({ signal }) => risksApi.matrix(signal), staleTime: 10 * 60_000 });
  const orgId = (Form.useWatch('orgId', form) as number | null | undefined) ?? null;

  const openKey = target ? (review ? `edit:${review.id}:${review.version}` : `create:${target.mode === 'create' ? target.orgId : ''}`) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form is filled once per opening (openKey)
  useEffect(() => {
    if (!target) return;
    form.resetFields();
    setExtra(undefined);
    setRows([]);
    save.reset();
    if (target.mode === 'create') form.setFieldsValue({ orgId: target.orgId, date: dayjs(chinaToday()), conclusions: '' });
    else form.setFieldsValue({ title: target.review.title ?? '', agenda: target.review.agenda, conclusions: target.review.conclusions });
  }, [openKey]);

  // A different org means different risks: start the list again.
  useEffect(() => setRows((rs) => (rs.length && orgId !== null && rs.some((r) => r.risk.orgId !== orgId) ? [] : rs)), [orgId]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (review)
        return risksApi.updateReview(review.id, {
          version: review.version,
          title: v.title?.trim(),
          agenda: v.agenda?.trim(),
          conclusions: v.conclusions?.trim() ?? '',
        });
      return risksApi.createReview({
        orgId: v.orgId ?? 0,
        date: (v.date ?? dayjs()).format('YYYY-MM-DD'),
        title: v.title?.trim() || undefined,
        agenda: v.agenda?.trim() ?? '',
        conclusions: v.conclusions?.trim() ?? '',
        items: rows.map((r) => ({
          riskId: r.risk.id,
          likelihood: r.likelihood,
          impact: r.impact,
          note: r.note.trim() || undefined,
          nextReviewDate: r.nextReviewDate ? r.nextReviewDate.format('YYYY-MM-DD') : undefined,
        })),
      });
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(review ? t('risks.saved') : t('risks.reviewCreated'));
      onSaved(r);
    },
    onError: (err) => {
      const rest = showFieldErrors(form, err, ['orgId', 'date', 'title', 'agenda', 'conclusions']);
      // Item problems name the row; show them with the risk's code.
      setExtra(
        rest.map((p) => {
          const m = p.field.match(/^items\.(\d+)\./);
          const code = m ? rows[Number(m[1])]?.risk.code : undefined;
          return code ? { ...p, message: `${code}${t('common.colon')}${p.message}` } : p;
        }),
      );
    },
  });

  const submit = () =>
    form
      .validateFields()
      .then((v) => {
        if (review) return save.mutate(v);
        const changed = rows.filter((r) => r.likelihood !== r.risk.likelihood || r.impact !== r.risk.impact).length;
        modal.confirm({
          title: t('risks.reviewConfirmTitle'),
          content: t('risks.reviewConfirm', { n: rows.length, changed }),
          okText: t('common.save'),
          cancelText: t('common.cancel'),
          onOk: () => save.mutate(v),
        });
      })
      .catch(() => {});

  const setRow = (id: number, patch: Partial<ItemRow>) => setRows((rs) => rs.map((r) => (r.risk.id === id ? { ...r, ...patch } : r)));
  const score = RATINGS.map((n) => ({ value: n, label: String(n) }));
  const columns: TableColumnsType<ItemRow> = [
    {
      title: t('risks.risk'),
      key: 'risk',
      width: 220,
      render: (_: unknown, r) => (
        <div>
          <Typography.Text strong>{r.risk.code}</Typography.Text>
          <div style={{ fontSize: 12 }}>{r.risk.description}</div>
        </div>
      ),
    },
    {
      title: t('risks.registerLevel'),
      key: 'now',
      width: 100,
      render: (_: unknown, r) => <LevelTag level={r.risk.level} rating={[r.risk.likelihood, r.risk.impact]} />,
    },
    {
      title: t('risks.assessed'),
      key: 'assessed',
      width: 230,
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Select
            size="small"
            style={{ width: 58 }}
            value={r.likelihood}
            options={score}
            onChange={(v) => setRow(r.risk.id, { likelihood: v })}
            aria-label={t('risks.likelihood')}
          />
          ×
          <Select
            size="small"
            style={{ width: 58 }}
            value={r.impact}
            options={score}
            onChange={(v) => setRow(r.risk.id, { impact: v })}
            aria-label={t('risks.impact')}
          />
          <LevelTag level={levelFrom(matrix.data, r.likelihood, r.impact)} />
        </Space>
      ),
    },
    {
      title: t('risks.itemNote'),
      key: 'note',
      width: 200,
      render: (_: unknown, r) => <Input size="small" value={r.note} maxLength={1000} onChange={(e) => setRow(r.risk.id, { note: e.target.value })} />,
    },
    {
      title: t('risks.nextReviewDate'),
      key: 'next',
      width: 150,
      render: (_: unknown, r) => <DatePicker size="small" value={r.nextReviewDate} onChange={(d) => setRow(r.risk.id, { nextReviewDate: d })} />,
    },
  ];

  return (
    <Drawer
      open={target !== null}
      title={review ? t('risks.reviewEditTitle') : t('risks.reviewCreateTitle')}
      onClose={onClose}
      size={drawerWidth(980)}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Space wrap style={{ justifyContent: 'flex-end', width: '100%' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={submit} data-testid="review-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {modalHolder}
      {isConflict(save.error) ? (
        <ConflictAlert onReload={review ? () => void onReload(review.id) : undefined} />
      ) : save.error ? (
        <ErrorAlert error={save.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" name="review-form" disabled={save.isPending}>
        <Row gutter={16}>
          {review ? (
            <Col xs={24}>
              <Typography.Paragraph>
                <Typography.Text strong>{review.orgName}</Typography.Text> · {review.date}
              </Typography.Paragraph>
            </Col>
          ) : (
            <>
              <Col xs={24} sm={14}>
                <Form.Item label={t('risks.org')} name="orgId" rules={[{ required: true, message: t('risks.required') }]}>
                  <OrgPicker allowClear={false} placeholder={t('risks.orgPlaceholder')} />
                </Form.Item>
              </Col>
              <Col xs={24} sm={10}>
                <Form.Item label={t('risks.meetingDate')} name="date" rules={[{ required: true, message: t('risks.required') }]}>
                  <DatePicker style={{ width: '100%' }} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > chinaToday()} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24}>
            <Form.Item label={t('risks.meetingTitle')} name="title">
              <Input maxLength={200} placeholder={t('risks.meetingTitlePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('risks.agenda')} name="agenda" rules={[{ required: true, whitespace: true, message: t('risks.required') }]}>
              <Input.TextArea rows={3} maxLength={4000} showCount placeholder={t('risks.agendaPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item label={t('risks.conclusions')} name="conclusions">
              <Input.TextArea rows={4} maxLength={8000} showCount placeholder={t('risks.conclusionsPlaceholder')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {review ? null : (
        <>
          <Typography.Title level={5}>{t('risks.reviewedRisks')}</Typography.Title>
          <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('risks.freezeHint')} />
          <RiskPicker
            orgId={orgId}
            value={rows.map((r) => r.risk)}
            placeholder={t('risks.reviewRiskPlaceholder')}
            onChange={(risks) =>
              setRows((prev) =>
                risks.map(
                  (risk) =>
                    prev.find((p) => p.risk.id === risk.id) ?? { risk, likelihood: risk.likelihood, impact: risk.impact, note: '', nextReviewDate: null },
                ),
              )
            }
          />
          {rows.length ? (
            <Table<ItemRow>
              rowKey={(r) => r.risk.id}
              size="small"
              columns={columns}
              dataSource={rows}
              pagination={false}
              scroll={{ x: 900 }}
              style={{ marginTop: 12 }}
            />
          ) : null}
        </>
      )}
    </Drawer>
  );
}
