import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Space, Spin, Table, type TableColumnsType, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldProblem } from '../../api/client.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import { type IncidentDetail, RATINGS, type RiskDetail, risksApi, risksKeys } from './api.ts';
import { ConflictAlert, LevelTag, levelFrom } from './common.tsx';
import { showFieldErrors } from './formErrors.ts';
import { isConflict } from '../../api/client.ts';
import { modalWidth } from '../../components/sizing.ts';

interface Props {
  incident: IncidentDetail | null;
  onClose: () => void;
  onReload: () => void;
}

type Ratings = Record<number, { likelihood: number; impact: number }>;

/** Close an incident with its lessons; every linked risk is re-rated in the same step (the server requires it). */
export function CloseIncidentModal({ incident, onClose, onReload }: Props) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<{ lessons: string }>();
  const [ratings, setRatings] = useState<Ratings>({});
  const [extra, setExtra] = useState<FieldProblem[] | undefined>();
  const matrix = useQuery({ queryKey: risksKeys.matrix, queryFn: ({ signal }) => risksApi.matrix(signal), staleTime: 10 * 60_000 });
  const linked = useQueries({
    queries: (incident?.risks ?? []).map((r) => ({
      queryKey: risksKeys.detail(r.id),
      queryFn: ({ signal }: { signal: AbortSignal }) => risksApi.get(r.id, signal),
    })),
  });
  const risks = linked.map((q) => q.data).filter((r): r is RiskDetail => r !== undefined);
  const loading = linked.some((q) => q.isLoading);

  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared at each opening
  useEffect(() => {
    if (!incident) return;
    form.resetFields();
    close.reset();
    setExtra(undefined);
    setRatings({});
  }, [incident?.id]);

  const current = (r: RiskDetail) => ratings[r.id] ?? { likelihood: r.likelihood, impact: r.impact };
  const close = useMutation({
    mutationFn: (lessons: string) =>
      risksApi.closeIncident(incident?.id ?? 0, {
        version: incident?.version ?? 0,
        lessons: lessons.trim(),
        reratings: risks.map((r) => ({ riskId: r.id, ...current(r) })),
      }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: risksKeys.all });
      message.success(t('risks.incidentClosed'));
      onClose();
    },
    onError: (err) => setExtra(showFieldErrors(form, err, ['lessons'])),
  });

  const score = RATINGS.map((n) => ({ value: n, label: String(n) }));
  const set = (id: number, patch: Partial<{ likelihood: number; impact: number }>, r: RiskDetail) =>
    setRatings((m) => ({ ...m, [id]: { ...current(r), ...patch } }));
  const columns: TableColumnsType<RiskDetail> = [
    { title: t('risks.code'), dataIndex: 'code', width: 160 },
    { title: t('risks.registerLevel'), key: 'now', width: 100, render: (_: unknown, r) => <LevelTag level={r.level} rating={[r.likelihood, r.impact]} /> },
    {
      title: t('risks.newRating'),
      key: 'new',
      render: (_: unknown, r) => {
        const c = current(r);
        return (
          <Space size={4} wrap>
            <Select
              size="small"
              style={{ width: 58 }}
              value={c.likelihood}
              options={score}
              onChange={(v) => set(r.id, { likelihood: v }, r)}
              aria-label={t('risks.likelihood')}
            />
            ×
            <Select
              size="small"
              style={{ width: 58 }}
              value={c.impact}
              options={score}
              onChange={(v) => set(r.id, { impact: v }, r)}
              aria-label={t('risks.impact')}
            />
            <LevelTag level={levelFrom(matrix.data, c.likelihood, c.impact)} />
          </Space>
        );
      },
    },
  ];

  return (
    <Modal
      open={incident !== null}
      title={t('risks.closeIncidentTitle')}
      okText={t('risks.closeIncidentOk')}
      okButtonProps={{ danger: true, disabled: loading }}
      cancelText={t('common.cancel')}
      confirmLoading={close.isPending}
      onCancel={onClose}
      onOk={() =>
        form
          .validateFields()
          .then((v) => close.mutate(v.lessons))
          .catch(() => {})
      }
      width={modalWidth(680)}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('risks.closeIncidentWarning')} />
      {isConflict(close.error) ? (
        <ConflictAlert onReload={onReload} />
      ) : close.error ? (
        <ErrorAlert error={close.error} extra={extra} style={{ marginBottom: 12 }} />
      ) : null}
      <Form form={form} layout="vertical" name="close-incident">
        <Form.Item label={t('risks.lessons')} name="lessons" rules={[{ required: true, whitespace: true, message: t('risks.lessonsRequired') }]}>
          <Input.TextArea rows={4} maxLength={4000} showCount placeholder={t('risks.lessonsPlaceholder')} />
        </Form.Item>
      </Form>
      {incident?.risks.length ? (
        <>
          <Typography.Title level={5}>{t('risks.rerateLinked')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('risks.rerateLinkedHint')}</Typography.Paragraph>
          {loading ? <Spin /> : <Table<RiskDetail> rowKey="id" size="small" columns={columns} dataSource={risks} pagination={false} scroll={{ x: 480 }} />}
        </>
      ) : null}
    </Modal>
  );
}
