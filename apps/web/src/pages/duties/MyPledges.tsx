import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import dayjs from '../../i18n/dayjs.ts';
import { dutyApi, dutyKeys } from './api.ts';
import { PledgeStatusTag, roleLabel } from './labels.tsx';
import type { PledgeTarget } from './PledgeDrawer.tsx';

/** 我的责任书: one card per org where the caller holds a responsible role, with its status and the way to sign. */
export function MyPledges({ year, orgIds, personId, onOpen }: { year: number; orgIds: number[]; personId: number | null; onOpen: (p: PledgeTarget) => void }) {
  const { t } = useTranslation();
  const previews = useQueries({
    queries: orgIds.map((orgId) => ({
      queryKey: dutyKeys.preview(personId ?? 0, orgId, year),
      queryFn: ({ signal }: { signal: AbortSignal }) => dutyApi.preview({ personId: personId ?? 0, orgId, year }, signal),
      enabled: personId !== null,
      staleTime: 0,
    })),
  });
  if (personId === null) return null;
  return (
    <Card size="small" title={t('duties.pledges.mineTitle')} data-testid="my-pledges">
      <Row gutter={[12, 12]}>
        {orgIds.map((orgId, i) => {
          const p = previews[i]?.data;
          const target = { personId, orgId, year };
          return (
            <Col key={orgId} xs={24} md={12} xl={8}>
              <Card size="small" type="inner" title={p ? p.orgName : <Spin size="small" />}>
                {p ? (
                  <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                    <Space wrap>
                      <PledgeStatusTag status={p.pledge.status} />
                      <Typography.Text type="secondary">{p.roles.map((r) => roleLabel(t, r)).join(t('duties.listSep'))}</Typography.Text>
                    </Space>
                    <Typography.Text>
                      {p.pledge.signedAt
                        ? t('duties.pledges.signedOn', { date: dayjs(p.pledge.signedAt).format('YYYY-MM-DD') })
                        : t('duties.pledges.itemsToSign', { n: p.lists.rights.length + p.lists.responsibilities.length + p.lists.negative.length })}
                    </Typography.Text>
                    <Space wrap>
                      <Button size="small" icon={<EyeOutlined />} onClick={() => onOpen(target)}>
                        {t('duties.pledges.preview')}
                      </Button>
                      {p.pledge.status === 'unsigned' ? (
                        <Button size="small" type="primary" icon={<EditOutlined />} onClick={() => onOpen(target)}>
                          {t('duties.sign.readAndSign')}
                        </Button>
                      ) : null}
                    </Space>
                  </Space>
                ) : previews[i]?.error ? (
                  <Typography.Text type="secondary">{t('common.loadFailed')}</Typography.Text>
                ) : null}
              </Card>
            </Col>
          );
        })}
      </Row>
    </Card>
  );
}
