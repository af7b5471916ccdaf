import { CameraOutlined, CheckCircleFilled, CloseCircleFilled, MobileOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Input, Result, Space, Spin, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, isConflict } from '../../api/client.ts';
import { useOrgDetail } from '../../api/orgUnits.ts';
import { OrgPicker } from '../../components/OrgPicker.tsx';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { localizeServerText } from '../../i18n/index.ts';
import '../../layout/layout.css';
import { useDefaultOrgId } from './ActivityFormDrawer.tsx';
import { type ActivityView, ledgerApi, ledgerKeys } from './api.ts';
import './ledger.css';

/** The most common records of a branch, 主题党日 first (preselected). */
const COMMON_TYPES = ['theme_party_day', 'branch_committee_meeting', 'party_group_meeting', 'party_lecture'] as const;

/**
 * Phone-first entry of a branch activity: type (主题党日 preselected) → topic → absentees (one tap each; everybody
 * else on the roster is present) → optional photo → submit. The date defaults to today.
 */
export default function QuickEntryPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const defaultOrg = useDefaultOrgId();
  const [orgId, setOrgId] = useState<number | null>(defaultOrg);
  const [typeCode, setTypeCode] = useState<string>(COMMON_TYPES[0]);
  const [topic, setTopic] = useState('');
  const [date, setDate] = useState<Dayjs>(() => dayjs());
  const [absent, setAbsent] = useState<Set<number>>(new Set());
  const [photo, setPhoto] = useState<{ name: string; url: string } | null>(null);
  const [topicError, setTopicError] = useState<string | null>(null);
  const [done, setDone] = useState<ActivityView | null>(null);
  const dateStr = date.format('YYYY-MM-DD');
  const org = useOrgDetail(orgId);

  const types = useQuery({ queryKey: ledgerKeys.types, queryFn: ({ signal }) => ledgerApi.types(signal), staleTime: 5 * 60_000 });
  const roster = useQuery({
    queryKey: ledgerKeys.roster(orgId ?? 0, dateStr),
    queryFn: ({ signal }) => ledgerApi.roster(orgId ?? 0, dateStr, signal),
    enabled: orgId !== null,
  });
  const common = useMemo(() => {
    const byCode = new Map((types.data ?? []).map((x) => [x.code, x]));
    return COMMON_TYPES.map((c) => byCode.get(c)).filter((x) => x !== undefined);
  }, [types.data]);

  useEffect(() => () => (photo ? URL.revokeObjectURL(photo.url) : undefined), [photo]);

  const save = useMutation({
    mutationFn: () =>
      ledgerApi.create({
        orgId: orgId ?? 0,
        typeCode,
        date: dateStr,
        topic: topic.trim(),
        attendees: (roster.data ?? []).map((p) => ({ personId: p.personId, status: absent.has(p.personId) ? 'absent' : 'present' })),
        submit: true,
      }),
    onSuccess: (a) => {
      void qc.invalidateQueries({ queryKey: ledgerKeys.all });
      setDone(a);
    },
    onError: (err) => {
      const p = err instanceof ApiError ? err.fields.find((f) => f.field === 'topic') : undefined;
      if (p) setTopicError(localizeServerText(p.message));
    },
  });

  const toggle = (id: number) =>
    setAbsent((s) => {
      const n = new Set(s);
      if (n.has(id)) n.delete(id);
      else n.add(id);
      return n;
    });

  const onSubmit = () => {
    if (!topic.trim()) {
      setTopicError(t('ledger.quick.topicRequired'));
      return;
    }
    setTopicError(null);
    save.mutate();
  };

  if (done) {
    return (
      <div className="tz-quick">
        <Card>
          <Result
            status="success"
            title={t('ledger.quick.doneTitle')}
            subTitle={t('ledger.quick.doneSub', { topic: done.topic, present: done.attendance.present, expected: done.attendance.expected })}
            extra={
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Button
                  type="primary"
                  size="large"
                  block
                  onClick={() => {
                    setDone(null);
                    setTopic('');
                    setAbsent(new Set());
                    setPhoto(null);
                    save.reset();
                  }}
                >
                  {t('ledger.quick.again')}
                </Button>
                <Button size="large" block onClick={() => navigate(`/activities?view=${done.id}`)}>
                  {t('ledger.quick.viewRecord')}
                </Button>
              </Space>
            }
          />
        </Card>
      </div>
    );
  }

  const people = roster.data ?? [];
  const presentCount = people.length - people.filter((p) => absent.has(p.personId)).length;
  const conflict = isConflict(save.error);

  return (
    <div className="tz-quick">
      <div className="tz-page-title">
        <Typography.Title level={4}>
          <MobileOutlined style={{ color: '#c8161d', marginInlineEnd: 8 }} />
          {t('ledger.quick.title')}
        </Typography.Title>
      </div>
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {defaultOrg === null || orgId === null ? (
          <Card size="small" title={t('ledger.quick.org')}>
            <OrgPicker value={orgId} onChange={setOrgId} allowClear={false} />
          </Card>
        ) : (
          <Typography.Text type="secondary" data-testid="quick-org">
            {t('ledger.quick.forOrg', { name: org.data?.unit.name ?? '…' })}
          </Typography.Text>
        )}

        <Card size="small" title={t('ledger.quick.step1')}>
          {types.isLoading ? (
            <Spin />
          ) : (
            <div className="tz-quick-types" role="radiogroup" aria-label={t('ledger.type')}>
              {common.map((x, i) => (
                <Button
                  key={x.code}
                  role="radio"
                  aria-checked={typeCode === x.code}
                  className={`tz-quick-type${i === 0 ? ' is-main' : ''}`}
                  type={typeCode === x.code ? 'primary' : 'default'}
                  icon={typeCode === x.code ? <CheckCircleFilled /> : undefined}
                  onClick={() => setTypeCode(x.code)}
                >
                  {x.name}
                </Button>
              ))}
            </div>
          )}
        </Card>

        <Card size="small" title={t('ledger.quick.step2')}>
          <Input
            size="large"
            value={topic}
            maxLength={300}
            placeholder={t('ledger.quick.topicPlaceholder')}
            aria-label={t('ledger.topic')}
            status={topicError ? 'error' : undefined}
            onChange={(e) => {
              setTopic(e.target.value);
              if (topicError) setTopicError(null);
            }}
            data-testid="quick-topic"
          />
          {topicError ? (
            <Typography.Text type="danger" role="alert">
              {topicError}
            </Typography.Text>
          ) : null}
          <div style={{ marginTop: 8, display: 'flex', alignItems: 'center', gap: 8 }}>
            <Typography.Text type="secondary">{t('ledger.date')}</Typography.Text>
            <DatePicker value={date} allowClear={false} onChange={(d) => d && setDate(d)} inputReadOnly disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </div>
        </Card>

        <Card
          size="small"
          title={t('ledger.quick.step3')}
          extra={
            <Typography.Text strong data-testid="quick-count">
              {t('ledger.quick.count', { present: presentCount, expected: people.length })}
            </Typography.Text>
          }
        >
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            {t('ledger.quick.tapHint')}
          </Typography.Paragraph>
          {roster.isLoading ? (
            <Spin />
          ) : roster.error ? (
            <ErrorAlert error={roster.error} onRetry={() => void roster.refetch()} />
          ) : people.length ? (
            <div className="tz-quick-people">
              {people.map((p) => {
                const off = absent.has(p.personId);
                return (
                  <Button
                    key={p.personId}
                    className={`tz-person${off ? ' is-absent' : ''}`}
                    aria-pressed={off}
                    onClick={() => toggle(p.personId)}
                    data-testid={`person-${p.code}`}
                  >
                    <span className="tz-person-name">{p.name}</span>
                    <span className="tz-person-state">
                      {off ? <CloseCircleFilled /> : <CheckCircleFilled style={{ color: '#389e0d' }} />}{' '}
                      {off ? t('ledger.attendance.absent') : t('ledger.attendance.present')}
                    </span>
                  </Button>
                );
              })}
            </div>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('ledger.rosterEmpty')} />
          )}
        </Card>

        <Card size="small" title={t('ledger.quick.step4')}>
          <label className="tz-quick-photo">
            <input
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => {
                const f = e.target.files?.[0];
                setPhoto(f ? { name: f.name, url: URL.createObjectURL(f) } : null);
              }}
              data-testid="quick-photo"
            />
            {photo ? <img src={photo.url} alt={photo.name} /> : <CameraOutlined style={{ fontSize: 22 }} />}
            <span>{photo ? t('ledger.quick.photoRetake') : t('ledger.quick.photo')}</span>
          </label>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('ledger.quick.photoNote')}
          </Typography.Text>
        </Card>

        {conflict ? <Alert type="error" showIcon title={t('ledger.conflict')} /> : save.error ? <ErrorAlert error={save.error} /> : null}
        <Button
          type="primary"
          size="large"
          block
          className="tz-quick-submit"
          loading={save.isPending}
          disabled={orgId === null || roster.isLoading}
          onClick={onSubmit}
          data-testid="quick-submit"
        >
          {t('ledger.quick.submit')}
        </Button>
      </Space>
    </div>
  );
}
