import { AuditOutlined, DownloadOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Grid, Input, Modal, Popconfirm, Space, Spin, Steps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert, useErrorMessage } from '../../components/errors.tsx';
import { useMessage } from '../../components/feedback.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { LIST_KINDS, type PledgePreview, dutyApi, dutyKeys, isReauthFailure } from './api.ts';
import { PledgeStatusTag, roleLabel } from './labels.tsx';
import { drawerWidth } from '../../components/sizing.ts';

export interface PledgeTarget {
  personId: number;
  orgId: number;
  year: number;
}

const at = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : null);

/** Downloads the pledge as Word: the signed document once signed, else a fresh draft. */
export function usePledgeDownload() {
  const { t } = useTranslation();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (q: PledgeTarget, name: string) => {
    const key = `${q.personId}:${q.orgId}`;
    setBusy(key);
    try {
      await dutyApi.pledgeDocument(q, t('duties.pledges.fileName', { year: q.year, name }));
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return { run, busy };
}

/** 签署: the password re-confirms who signs; the document's hash and the time are stored and cannot be undone. */
export function SignModal({ preview, onClose }: { preview: PledgePreview | null; onClose: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const message = useMessage();
  const [form] = Form.useForm<{ password: string }>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: cleared once per opening
  useEffect(() => {
    if (preview) form.resetFields();
  }, [preview?.orgId, preview?.year]);
  const sign = useMutation({
    mutationFn: (password: string) => {
      if (!preview) throw new Error('no pledge');
      return dutyApi.sign({ year: preview.year, orgId: preview.orgId, password });
    },
    onSuccess: () => {
      message.success(t('duties.sign.done'));
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
      onClose();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'forbidden' && isReauthFailure(err.details)) {
        form.setFields([{ name: 'password', errors: [t('duties.sign.wrongPassword')] }]);
      }
    },
  });
  const wrong = sign.error instanceof ApiError && sign.error.code === 'forbidden' && isReauthFailure(sign.error.details);
  return (
    <Modal
      open={preview !== null}
      title={t('duties.sign.title')}
      okText={t('duties.sign.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={sign.isPending}
      onCancel={() => {
        sign.reset();
        onClose();
      }}
      onOk={() => form.submit()}
      mask={{ closable: false }}
      forceRender
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('duties.sign.warn', { title: preview?.title ?? '', org: preview?.orgName ?? '' })} />
      {sign.error && !wrong ? <ErrorAlert error={sign.error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => sign.mutate(v.password)} disabled={sign.isPending} name="pledge-sign">
        <Form.Item
          label={t('duties.sign.password')}
          name="password"
          rules={[{ required: true, message: t('duties.sign.passwordRequired') }]}
          extra={t('duties.sign.passwordHint')}
        >
          <Input.Password autoComplete="current-password" maxLength={200} data-testid="pledge-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 责任书 preview: the person's items per list, the signing steps, download, sign (one's own) and countersign (the level above). */
export function PledgeDrawer({ target, myPersonId, onClose }: { target: PledgeTarget | null; myPersonId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const can = useCan();
  const qc = useQueryClient();
  const message = useMessage();
  const errorMessage = useErrorMessage();
  const [signing, setSigning] = useState(false);
  // On a phone the actions go into the body (the header has no room for them).
  const narrow = Grid.useBreakpoint().sm === false;
  const download = usePledgeDownload();
  const q = target ?? { personId: 0, orgId: 0, year: 0 };
  const preview = useQuery({
    queryKey: dutyKeys.preview(q.personId, q.orgId, q.year),
    queryFn: ({ signal }) => dutyApi.preview(q, signal),
    enabled: target !== null,
    staleTime: 0,
  });
  const p = preview.data;
  const countersign = useMutation({
    mutationFn: (id: number) => dutyApi.countersign(id),
    onSuccess: () => {
      message.success(t('duties.pledges.countersigned'));
      void qc.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (err) => message.error(errorMessage(err)),
  });
  const mine = !!p && p.personId === myPersonId;
  const actions = p ? (
    <Space wrap>
      <Button icon={<DownloadOutlined />} loading={download.busy !== null} onClick={() => target && void download.run(target, p.personName)}>
        {t('duties.pledges.download')}
      </Button>
      {mine && p.pledge.status === 'unsigned' ? (
        <Button type="primary" icon={<EditOutlined />} onClick={() => setSigning(true)} data-testid="pledge-sign">
          {t('duties.sign.button')}
        </Button>
      ) : null}
      {can('duty.review') && p.pledge.status === 'signed' && p.pledge.id !== null ? (
        <Popconfirm
          title={t('duties.pledges.countersignTitle')}
          description={t('duties.pledges.countersignConfirm', { name: p.personName, org: p.orgName })}
          okText={t('duties.pledges.countersign')}
          cancelText={t('common.cancel')}
          onConfirm={() => countersign.mutateAsync(p.pledge.id as number).catch(() => undefined)}
        >
          <Button type="primary" icon={<AuditOutlined />} loading={countersign.isPending}>
            {t('duties.pledges.countersign')}
          </Button>
        </Popconfirm>
      ) : null}
    </Space>
  ) : null;
  const step = !p ? 0 : p.pledge.status === 'unsigned' ? 0 : p.pledge.status === 'signed' ? 1 : 2;

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={drawerWidth(760)}
      title={p ? p.title : t('duties.pledges.previewTitle')}
      zIndex={1100}
      extra={narrow ? null : actions}
      data-testid="pledge-drawer"
    >
      {preview.isLoading ? <Spin /> : null}
      {preview.error ? <ErrorAlert error={preview.error} onRetry={() => void preview.refetch()} /> : null}
      {p ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {narrow ? actions : null}
          <Steps
            size="small"
            current={step}
            items={[
              { title: t('duties.pledges.stepDraft'), content: t('duties.pledges.stepDraftHint') },
              { title: t('duties.pledges.stepSigned'), content: at(p.pledge.signedAt) ?? t('duties.pledgeStatus.unsigned') },
              { title: t('duties.pledges.stepCountersigned'), content: at(p.pledge.countersignedAt) ?? t('duties.pledges.waiting') },
            ]}
          />
          <Space wrap>
            <PledgeStatusTag status={p.pledge.status} />
            <Typography.Text>
              {p.orgName} · {p.personName} · {p.roles.map((r) => roleLabel(t, r)).join(t('duties.listSep'))}
            </Typography.Text>
          </Space>
          {p.pledge.documentHash ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('duties.pledges.hash')}
              {t('common.colon')}
              <Typography.Text code copyable style={{ fontSize: 12 }}>
                {p.pledge.documentHash}
              </Typography.Text>
            </Typography.Text>
          ) : null}
          <div className="tz-duties-pledge-doc" data-testid="pledge-doc">
            <h3>{p.title}</h3>
            <p style={{ textIndent: '2em' }}>
              {t('duties.pledges.preamble', { org: p.orgName, name: p.personName, roles: p.roles.map((r) => roleLabel(t, r)).join(t('duties.listSep')) })}
            </p>
            {LIST_KINDS.filter((k) => p.lists[k].length).map((k) => (
              <div key={k}>
                <h4>{t(`duties.listKind.${k}`)}</h4>
                <ol>
                  {p.lists[k].map((it, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the pledge's items have no id and keep their order
                    <li key={i}>
                      {it.text}
                      {it.target ? <Typography.Text type="secondary">{t('duties.pledges.targetParen', { target: it.target })}</Typography.Text> : null}
                    </li>
                  ))}
                </ol>
              </div>
            ))}
          </div>
        </Space>
      ) : null}
      <SignModal preview={signing && p ? p : null} onClose={() => setSigning(false)} />
    </Drawer>
  );
}
