import { AimOutlined, SwapOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, type DescriptionsProps, Drawer, Empty, Grid, Space, Spin, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import dayjs from '../../i18n/dayjs.ts';
import { dutyApi, dutyKeys } from './api.ts';
import { EvidenceSection } from './EvidenceSection.tsx';
import { useActivityTypeNames, useMyPersonId, useYearItems } from './hooks.ts';
import { DutyProgress, DutyStatusCell, ListKindTag, NextDue, OwnerCell, asMeasure, describeMeasure, roleLabel } from './labels.tsx';
import { ReassignModal } from './ReassignModal.tsx';
import { SourceRecords } from './SourceRecords.tsx';
import { useState } from 'react';
import { drawerWidth } from '../../components/sizing.ts';

interface Props {
  id: number | null;
  year: number;
  onClose: () => void;
  onInvolvement: (personId: number) => void;
}

/** One duty: how it is measured, the records behind the number, evidence (submit / review), handovers, reassignment. */
export function DutyDrawer({ id, year, onClose, onInvolvement }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [reassigning, setReassigning] = useState(false);
  // On a phone the actions go into the body: the header is too narrow for the item's text and two buttons.
  const narrow = Grid.useBreakpoint().sm === false;
  const detail = useQuery({ queryKey: dutyKeys.detail(id ?? 0), queryFn: ({ signal }) => dutyApi.detail(id ?? 0, signal), enabled: id !== null, staleTime: 0 });
  const d = detail.data;
  const items = useYearItems(d?.year ?? year);
  const typeNames = useActivityTypeNames();
  const me = useMyPersonId(d?.year ?? year);
  const item = d ? items.get(d.itemId) : undefined;
  const measure = asMeasure(item?.measure);
  const manual = d?.sources.kind === 'evidence';
  const mine = !!d && d.personId !== null && d.personId === me;
  // The owner submits; a school's manager may submit for them; a reviewer (the level above) decides instead.
  const canSubmit = manual && d?.status !== 'met' && (mine || (can('duty.manage') && !can('duty.review')));

  const actions = d ? (
    <Space wrap>
      {d.role === 'first_responsible' && d.personId !== null ? (
        <Button icon={<AimOutlined />} onClick={() => onInvolvement(d.personId as number)}>
          {t('duties.drawer.involvement')}
        </Button>
      ) : null}
      {can('duty.manage') ? (
        <Button icon={<SwapOutlined />} onClick={() => setReassigning(true)} data-testid="duty-reassign">
          {t('duties.drawer.reassign')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  const info: DescriptionsProps['items'] = d
    ? [
        { key: 'org', label: t('duties.f.org'), children: d.orgName },
        { key: 'list', label: t('duties.f.list'), children: <ListKindTag kind={d.listKind} /> },
        { key: 'role', label: t('duties.f.role'), children: roleLabel(t, d.role) },
        { key: 'owner', label: t('duties.f.owner'), children: <OwnerCell duty={d} /> },
        { key: 'target', label: t('duties.f.target'), children: d.target || t('common.none') },
        { key: 'weight', label: t('duties.f.weight'), children: d.weight },
        { key: 'measure', label: t('duties.f.measure'), span: 'filled' as const, children: describeMeasure(t, measure, typeNames) },
        { key: 'progress', label: t('duties.f.progress'), children: <DutyProgress duty={d} measure={measure} /> },
        { key: 'status', label: t('duties.f.status'), children: <DutyStatusCell duty={d} /> },
        { key: 'next', label: t('duties.f.next'), children: <NextDue next={d.next} /> },
        {
          key: 'evaluated',
          label: t('duties.f.evaluatedAt'),
          children: d.evaluatedAt ? dayjs(d.evaluatedAt).format('YYYY-MM-DD HH:mm') : t('common.none'),
        },
      ]
    : [];

  const gapNote =
    d?.status === 'vacant'
      ? t('duties.drawer.vacantNote')
      : d?.status === 'misplaced'
        ? t('duties.drawer.misplacedNote')
        : d?.status === 'breached'
          ? t('duties.drawer.breachedNote')
          : null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={drawerWidth(860)}
      title={d ? <span style={{ whiteSpace: 'normal' }}>{d.text}</span> : t('duties.drawer.title')}
      extra={narrow ? null : actions}
      // Above the gap drill-down drawer it may be opened from (nested modals stack above it by antd's z-index context).
      zIndex={1100}
      data-testid="duty-drawer"
    >
      {detail.isLoading ? <Spin /> : null}
      {detail.error ? <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /> : null}
      {d ? (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          {narrow ? actions : null}
          {gapNote ? <Alert type={d.status === 'misplaced' ? 'warning' : 'error'} showIcon title={gapNote} /> : null}
          <Descriptions bordered size="small" column={{ xs: 1, sm: 2 }} items={info} styles={{ label: { whiteSpace: 'nowrap' } }} />
          {manual ? null : (
            <section>
              <Typography.Title level={5}>{t('duties.drawer.records')}</Typography.Title>
              <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
                {t('duties.drawer.recordsHint')}
              </Typography.Paragraph>
              <SourceRecords kind={d.sources.kind} ids={d.sources.ids} restricted={d.sources.restricted} count={d.actualValue} />
            </section>
          )}
          {manual || d.evidence.length ? (
            <section>
              <Typography.Title level={5}>{t('duties.drawer.evidence')}</Typography.Title>
              <EvidenceSection duty={d} canSubmit={canSubmit} canReview={can('duty.review')} />
            </section>
          ) : null}
          <section>
            <Typography.Title level={5}>{t('duties.drawer.handovers')}</Typography.Title>
            {d.handovers.length ? (
              <Timeline
                items={d.handovers.map((h, i) => ({
                  key: `${h.onDate}:${i}`,
                  content: (
                    <div>
                      <Typography.Text strong>{h.onDate}</Typography.Text>{' '}
                      {t('duties.drawer.handoverLine', {
                        from: h.fromPersonName ?? t('duties.drawer.nobody'),
                        to: h.toPersonName ?? t('duties.drawer.nobody'),
                      })}
                      <div className="tz-duties-sub">{h.reason}</div>
                    </div>
                  ),
                }))}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('duties.drawer.noHandovers')} />
            )}
          </section>
        </Space>
      ) : null}
      <ReassignModal duty={reassigning && d ? d : null} onClose={() => setReassigning(false)} onReload={() => detail.refetch()} />
    </Drawer>
  );
}
