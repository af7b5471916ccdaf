import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Skeleton, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCan } from '../../auth/session.ts';
import { ErrorAlert } from '../../components/errors.tsx';
import { type DisclosureCategory, type MissingDisclosure, publicityApi, publicityKeys } from './api.ts';

interface Props {
  orgId: number | null;
  year: number;
  /** 补录: record the missing item. */
  onRecord: (orgId: number, category: DisclosureCategory) => void;
}

const SHOWN = 8;

/** The items the rules require each year that an org of the subtree has not disclosed (often enough). */
export function MissingPanel({ orgId, year, onRecord }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const [all, setAll] = useState(false);
  const missing = useQuery({
    queryKey: publicityKeys.missing(orgId ?? 0, year),
    queryFn: ({ signal }) => publicityApi.missing(orgId ?? 0, year, signal),
    enabled: orgId !== null,
    staleTime: 0,
  });
  if (orgId === null) return null;
  if (missing.error) return <ErrorAlert error={missing.error} onRetry={() => void missing.refetch()} style={{ marginBottom: 12 }} />;
  if (!missing.data) return <Skeleton active paragraph={{ rows: 1 }} title={false} className="tz-pub-missing" />;
  const items = missing.data;
  if (!items.length)
    return <Alert type="success" showIcon className="tz-pub-missing" title={t('publicity.disclosure.noneMissing', { year })} data-testid="missing-ok" />;
  const shown = all ? items : items.slice(0, SHOWN);
  const orgs = new Set(items.map((i) => i.orgId)).size;
  return (
    <Alert
      type="warning"
      showIcon
      className="tz-pub-missing"
      data-testid="missing-flags"
      title={t('publicity.disclosure.missingTitle', { year, orgs, n: items.length })}
      description={
        <>
          <ul>
            {shown.map((m: MissingDisclosure) => (
              <li key={`${m.orgId}:${m.category}`}>
                <strong>{m.orgName}</strong>
                {t('common.colon')}
                <Tag color="warning" style={{ marginInlineStart: 4 }}>
                  {t('publicity.disclosure.missingFlag')}
                </Tag>
                {t(`publicity.category.${m.category as DisclosureCategory}`)}
                <span style={{ color: 'rgba(0,0,0,0.55)' }}>{t('publicity.disclosure.missingCount', { required: m.required, found: m.found })}</span>
                {can('disclosure.manage') ? (
                  <Button type="link" size="small" icon={<PlusOutlined />} onClick={() => onRecord(m.orgId, m.category as DisclosureCategory)}>
                    {t('publicity.disclosure.record')}
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
          {items.length > SHOWN ? (
            <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setAll((x) => !x)}>
              {all ? t('publicity.showLess') : t('publicity.showAll', { n: items.length })}
            </Button>
          ) : null}
        </>
      }
    />
  );
}
