import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgChildren, orgKeys, searchOrgUnits } from '../api/orgUnits.ts';
import type { OrgUnitView } from '../api/types.ts';
import { useDebounced } from '../hooks/useDebounced.ts';

interface OrgPickerProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Units that may not be chosen (e.g. the unit being moved). */
  excludeIds?: readonly number[];
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  /** Show this unit as the current choice before any search (its label is otherwise unknown). */
  initial?: Pick<OrgUnitView, 'id' | 'name' | 'code'> | null;
}

/** Picks an org unit by server-side search (name or code); before typing, the caller's top units are offered. */
export function OrgPicker({ value, onChange, excludeIds = [], placeholder, allowClear = true, id, initial }: OrgPickerProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const found = useQuery({ queryKey: orgKeys.search(q), queryFn: ({ signal }) => searchOrgUnits(q, signal), enabled: q.length > 0 });
  const [chosen, setChosen] = useState<Map<number, OrgUnitView>>(new Map());

  const units = q ? (found.data ?? []) : (top.data ?? []);
  const options = useMemo(() => {
    const seen = new Set<number>();
    const out: { value: number; label: string; disabled?: boolean }[] = [];
    const add = (u: Pick<OrgUnitView, 'id' | 'name' | 'code'> & { active?: boolean }) => {
      if (seen.has(u.id)) return;
      seen.add(u.id);
      out.push({ value: u.id, label: t('common.withParen', { text: u.name, inner: u.code }), disabled: excludeIds.includes(u.id) || u.active === false });
    };
    for (const u of units) add(u);
    if (value !== null && value !== undefined && !seen.has(value)) {
      const c = chosen.get(value) ?? (initial?.id === value ? initial : undefined);
      if (c) add(c);
    }
    return out;
  }, [units, value, chosen, initial, excludeIds, t]);

  const loading = q ? found.isFetching : top.isFetching;
  return (
    <Select<number>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      placeholder={placeholder}
      allowClear={allowClear}
      options={options}
      notFoundContent={loading ? <Spin size="small" /> : t('org.noResults')}
      onChange={(v) => {
        const u = units.find((x) => x.id === v);
        if (u) setChosen((m) => new Map(m).set(u.id, u));
        onChange?.(v ?? null);
      }}
      onClear={() => onChange?.(null)}
      style={{ width: '100%' }}
      data-testid="org-picker"
    />
  );
}
