import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { safetyApi, safetyKeys } from './api.ts';

interface Props {
  /** The school whose staff are offered; nothing is offered before one is chosen. */
  orgId: number | null;
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** The current account's label when it is not among the first results (an existing case). */
  initial?: { id: number; name: string } | null;
  allowClear?: boolean;
  placeholder?: string;
  id?: string;
}

/** Picks an account of the school (head teacher, designated officer) by name, searched on the server. */
export function StaffSelect({ orgId, value, onChange, initial, allowClear, placeholder, id }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const staff = useQuery({
    queryKey: safetyKeys.staff(orgId ?? 0, q),
    queryFn: ({ signal }) => safetyApi.staff(orgId ?? 0, q, signal),
    enabled: orgId !== null,
    staleTime: 60_000,
  });
  const options = useMemo(() => {
    const out = (staff.data ?? []).map((u) => ({ value: u.id, label: t('common.withParen', { text: u.displayName, inner: u.username }) }));
    if (initial && !out.some((o) => o.value === initial.id)) out.unshift({ value: initial.id, label: initial.name });
    return out;
  }, [staff.data, initial, t]);

  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      onClear={() => onChange?.(null)}
      allowClear={allowClear}
      disabled={orgId === null}
      placeholder={orgId === null ? t('safety.followup.pickSchoolFirst') : placeholder}
      options={options}
      notFoundContent={staff.isFetching ? <Spin size="small" /> : t('safety.followup.noStaff')}
      style={{ width: '100%' }}
    />
  );
}
