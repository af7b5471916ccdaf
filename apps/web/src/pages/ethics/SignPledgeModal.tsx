import { Alert, DatePicker, Form, Modal, Progress, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useErrorMessage } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { localizeServerText } from '../../i18n/index.ts';
import { ethicsApi } from './api.ts';

export interface SignTarget {
  people: { personId: number; name: string }[];
  /** The date already recorded (correcting a date rather than recording a first signature). */
  signedAt?: string;
}

interface Props {
  target: SignTarget | null;
  year: number;
  onClose: () => void;
  /** After the last call, with how many were recorded. */
  onDone: (recorded: number) => void;
}

interface Failure {
  personId: number;
  name: string;
  reason: string;
}

/**
 * Records that teachers signed the year's pledge on a date. The dialog itself is the confirmation: it names how many
 * teachers and which year before anything is stored; each teacher is one audited call.
 */
export function SignPledgeModal({ target, year, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<{ signedAt?: Dayjs | null }>();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [failures, setFailures] = useState<Failure[]>([]);

  useEffect(() => {
    if (!target) return;
    setProgress(null);
    setFailures([]);
    const today = dayjs();
    form.setFieldsValue({ signedAt: target.signedAt ? dayjs(target.signedAt) : today.year() === year ? today : null });
  }, [target, year, form]);

  const run = async () => {
    if (!target) return;
    const { signedAt } = await form.validateFields();
    const date = (signedAt ?? dayjs()).format('YYYY-MM-DD');
    const failed: Failure[] = [];
    setFailures([]);
    setProgress({ done: 0, total: target.people.length });
    let recorded = 0;
    for (const [i, p] of target.people.entries()) {
      try {
        await ethicsApi.sign({ personId: p.personId, year, signedAt: date });
        recorded++;
      } catch (err) {
        const field = err instanceof ApiError ? err.fields[0] : undefined;
        failed.push({ personId: p.personId, name: p.name, reason: field ? localizeServerText(field.message) : errorMessage(err) });
      }
      setProgress({ done: i + 1, total: target.people.length });
    }
    setFailures(failed);
    onDone(recorded);
    if (failed.length === 0) onClose();
  };

  const busy = progress !== null && progress.done < progress.total;
  const count = target?.people.length ?? 0;
  const correcting = !!target?.signedAt;
  return (
    <Modal
      open={target !== null}
      title={correcting ? t('ethics.pledge.correctTitle') : t('ethics.pledge.signTitle', { year })}
      okText={correcting ? t('ethics.pledge.correctOk') : t('ethics.pledge.signOk', { count })}
      cancelText={t('common.cancel')}
      onOk={() => run().catch(() => {})}
      onCancel={onClose}
      confirmLoading={busy}
      mask={{ closable: false }}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {correcting
          ? t('ethics.pledge.correctConfirm', { name: target?.people[0]?.name ?? '', year })
          : count === 1
            ? t('ethics.pledge.signConfirmOne', { name: target?.people[0]?.name ?? '', year })
            : t('ethics.pledge.signConfirmMany', { count, year })}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" name="ethics-sign" disabled={busy}>
        <Form.Item label={t('ethics.pledge.signedAt')} name="signedAt" rules={[{ required: true, message: t('ethics.form.required') }]}>
          <DatePicker
            style={{ width: '100%' }}
            format="YYYY-MM-DD"
            disabledDate={(d) => d.isAfter(dayjs(), 'day') || d.year() < year - 1 || d.year() > year + 1}
          />
        </Form.Item>
      </Form>
      {progress && progress.total > 1 ? <Progress percent={Math.round((progress.done / progress.total) * 100)} size="small" /> : null}
      {failures.length ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('ethics.pledge.someFailed', { count: failures.length })}
          description={failures.map((f) => <div key={f.personId}>{t('ethics.pledge.failedItem', { name: f.name, reason: f.reason })}</div>)}
        />
      ) : null}
    </Modal>
  );
}
