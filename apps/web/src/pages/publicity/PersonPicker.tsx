import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Paged } from '../../api/types.ts';
import { useDebounced } from '../../hooks/useDebounced.ts';

interface PersonItem {
  id: number;
  code: string;
  name: string;
  unitName: string | null;
}

interface Props {
  value?: number | null;
  onChange?: (value: number | null) => void;
  /** Offer this org subtree's people before anything is typed. */
  orgId?: number | null;
  /** The label of the current value (its name is otherwise unknown until searched). */
  initialName?: string | null;
  id?: string;
}

/** Picks a person by server-side search (name, pinyin or code), people of the position's org first. */
export function PersonPicker({ value, onChange, orgId, initialName, id }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const people = useQuery({
    queryKey: ['publicity', 'people', orgId ?? null, q],
    queryFn: ({ signal }) =>
      api.get<Paged<PersonItem>>('/api/v1/people', { q: q || undefined, orgId: q ? undefined : (orgId ?? undefined), pageSize: 30 }, signal),
    enabled: q.length > 0 || !!orgId,
    staleTime: 60_000,
  });
  const [chosen, setChosen] = useState<Map<number, PersonItem>>(new Map());
  const options = useMemo(() => {
    const list = people.data?.items ?? [];
    const out = list.map((p) => ({ value: p.id, label: p.unitName ? t('common.withParen', { text: p.name, inner: p.unitName }) : p.name }));
    if (value && !list.some((p) => p.id === value)) {
      const c = chosen.get(value);
      out.unshift({ value, label: c ? c.name : (initialName ?? String(value)) });
    }
    return out;
  }, [people.data, value, chosen, initialName, t]);
  return (
    <Select<number>
      id={id}
      allowClear
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value ?? undefined}
      placeholder={t('publicity.personSearch')}
      options={options}
      notFoundContent={people.isFetching ? <Spin size="small" /> : t('publicity.noPeople')}
      onChange={(v) => {
        const p = people.data?.items.find((x) => x.id === v);
        if (p) setChosen((m) => new Map(m).set(p.id, p));
        onChange?.(v ?? null);
      }}
      onClear={() => onChange?.(null)}
      style={{ width: '100%' }}
      data-testid="person-picker"
    />
  );
}
