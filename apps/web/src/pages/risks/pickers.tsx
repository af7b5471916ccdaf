import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { type PersonLite, type RiskView, risksApi, risksKeys } from './api.ts';

interface PersonPickerProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Search within this org's subtree first (the owner usually belongs to the risk's unit). */
  orgId: number | null;
  /** The current owner's name, shown before any search. */
  initial?: { id: number; name: string } | null;
  id?: string;
}

/** Picks a person by server-side search (name, pinyin or code). */
export function PersonPicker({ value, onChange, orgId, initial, id }: PersonPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: risksKeys.people(orgId, q),
    queryFn: ({ signal }) => risksApi.people(orgId, q, signal),
    staleTime: 60_000,
  });
  const [chosen, setChosen] = useState<Map<number, PersonLite>>(new Map());
  const options = useMemo(() => {
    const out = (found.data ?? []).map((p) => ({
      value: p.id,
      label: p.unitName || p.partyOrgName ? t('common.withParen', { text: p.name, inner: p.unitName ?? p.partyOrgName ?? '' }) : p.name,
    }));
    if (value && !out.some((o) => o.value === value)) {
      const c = chosen.get(value);
      const name = c?.name ?? (initial?.id === value ? initial.name : null);
      if (name) out.unshift({ value, label: name });
    }
    return out;
  }, [found.data, value, chosen, initial, t]);
  return (
    <Select<number>
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      placeholder={t('risks.ownerPlaceholder')}
      options={options}
      notFoundContent={found.isFetching ? <Spin size="small" /> : t('risks.noPeople')}
      onChange={(v) => {
        const p = found.data?.find((x) => x.id === v);
        if (p) setChosen((m) => new Map(m).set(p.id, p));
        onChange?.(v ?? null);
      }}
      onClear={() => onChange?.(null)}
      style={{ width: '100%' }}
      data-testid="owner-picker"
    />
  );
}

interface RiskPickerProps {
  value?: RiskView[];
  onChange?: (value: RiskView[]) => void;
  /** Risks of this org's subtree. */
  orgId: number | null;
  id?: string;
  placeholder?: string;
}

/** Picks several risks of an org subtree by server-side search (code or description); the value keeps the whole risks. */
export function RiskPicker({ value = [], onChange, orgId, id, placeholder }: RiskPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: risksKeys.options(orgId, q),
    queryFn: ({ signal }) => risksApi.list({ page: 1, pageSize: 50, orgId: orgId ?? undefined, q: q || undefined }, signal),
    enabled: orgId !== null,
    staleTime: 30_000,
  });
  const pool = useMemo(() => {
    const m = new Map<number, RiskView>();
    for (const r of value) m.set(r.id, r);
    for (const r of found.data?.items ?? []) if (!m.has(r.id)) m.set(r.id, r);
    return m;
  }, [value, found.data]);
  const options = [...pool.values()].map((r) => ({ value: r.id, label: `${r.code} ${r.description}`, title: r.description }));
  return (
    <Select<number[]>
      id={id}
      mode="multiple"
      allowClear
      disabled={orgId === null}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value.map((r) => r.id)}
      placeholder={orgId === null ? t('risks.pickOrgFirst') : (placeholder ?? t('risks.riskPickerPlaceholder'))}
      options={options}
      maxTagTextLength={24}
      notFoundContent={found.isFetching ? <Spin size="small" /> : t('risks.noRisks')}
      onChange={(ids) => onChange?.(ids.map((x) => pool.get(x)).filter((r): r is RiskView => r !== undefined))}
      style={{ width: '100%' }}
      data-testid="risk-picker"
    />
  );
}
