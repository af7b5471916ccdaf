import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FieldProblem, isConflict } from '../api/client.ts';
import { orgApi } from '../api/orgUnits.ts';
import type { OrgPathItem, OrgUnitView } from '../api/types.ts';
import { ErrorAlert, applyFieldErrors } from '../components/errors.tsx';
import { OrgPicker } from '../components/OrgPicker.tsx';

interface Props {
  unit: OrgUnitView | null;
  path: OrgPathItem[];
  onClose: () => void;
  onMoved: (unit: OrgUnitView, oldParentId: number | null) => void;
  onRefresh: () => Promise<unknown>;
}

/** Moves a unit (and its subtree) under another parent picked by search. */
export function OrgMoveModal({ unit, path, onClose, onMoved, onRefresh }: Props) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ parentId: number | null }>();
  const [extra, setExtra] = useState<FieldProblem[] | undefined>(undefined);
  const [refreshing, setRefreshing] = useState(false);

  const move = useMutation({
    mutationFn: (parentId: number) => {
      if (!unit) throw new Error('no unit');
      return orgApi.move(unit.id, { version: unit.version, parentId });
    },
    onSuccess: (moved) => {
      if (unit) onMoved(moved, unit.parentId);
    },
    onError: (err) => setExtra(applyFieldErrors(form, err, ['parentId'])),
  });
  const { reset } = move;

  const openId = unit?.id ?? null;
  useEffect(() => {
    if (openId === null) return;
    reset();
    setExtra(undefined);
    form.resetFields();
  }, [openId, form, reset]);

  const conflict = isConflict(move.error);
  const current = path
    .slice(0, -1)
    .map((p) => p.name)
    .join(' / ');

  return (
    <Modal
      open={unit !== null}
      title={t('orgMove.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={move.isPending}
      mask={{ closable: false }}
    >
      {conflict ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('org.conflict')}
          style={{ marginBottom: 16 }}
          action={
            <Button
              size="small"
              loading={refreshing}
              onClick={async () => {
                setRefreshing(true);
                try {
                  await onRefresh();
                  move.reset();
                } finally {
                  setRefreshing(false);
                }
              }}
            >
              {t('org.conflictRefresh')}
            </Button>
          }
        />
      ) : move.error ? (
        <ErrorAlert error={move.error} extra={extra} style={{ marginBottom: 16 }} />
      ) : null}
      <Typography.Paragraph>
        <Typography.Text strong>{unit?.name}</Typography.Text>
        <br />
        <Typography.Text type="secondary">
          {t('orgMove.current')}
          {t('common.colon')}
          {current || t('orgForm.rootParent')}
        </Typography.Text>
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => v.parentId && move.mutate(v.parentId)} name="org-move">
        <Form.Item
          label={t('orgMove.newParent')}
          name="parentId"
          extra={t('orgMove.hint')}
          rules={[{ required: true, message: t('orgMove.newParentRequired') }]}
        >
          <OrgPicker excludeIds={unit ? [unit.id, ...(unit.parentId ? [unit.parentId] : [])] : []} placeholder={t('orgMove.pickerPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
