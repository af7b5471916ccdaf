import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDebounced } from '../../hooks/useDebounced.ts';
import { type CasePerson, ethicsApi, ethicsKeys } from './api.ts';

interface Known {
  id: number;
  name: string;
}

interface BaseProps {
  id?: string;
  /** Only people of this unit's subtree (by unit or party org). */
  orgId?: number | null;
  placeholder?: string;
  disabled?: boolean;
  /** Labels of the people already chosen (before any search). */
  known?: readonly Known[];
}

type Props =
  | (BaseProps & { multiple?: false; value?: number | null; onChange?: (v: number | null) => void })
  | (BaseProps & { multiple: true; value?: number[]; onChange?: (v: number[]) => void });

/** Picks people in the user's case reach by name, code or pinyin initials (server-side search). */
export function PersonSelect(props: Props) {
  const { t } = useTranslation();
  const { orgId = null, known = [] } = props;
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const found = useQuery({
    queryKey: ethicsKeys.casePeople(orgId, q),
    queryFn: ({ signal }) => ethicsApi.casePeople(orgId, q, signal),
    enabled: !props.disabled,
    staleTime: 30_000,
  });
  const [chosen, setChosen] = useState<Map<number, CasePerson>>(new Map());

  const options = useMemo(() => {
    const seen = new Set<number>();
    const out: { value: number; label: string }[] = [];
    const add = (id: number, label: string) => {
      if (seen.has(id)) return;
      seen.add(id);
      out.push({ value: id, label });
    };
    const labelOf = (p: CasePerson) =>
      p.unitName ? t('ethics.person.option', { name: p.name, code: p.code, unit: p.unitName }) : t('common.withParen', { text: p.name, inner: p.code });
    for (const p of found.data ?? []) add(p.id, labelOf(p));
    const values = props.multiple ? (props.value ?? []) : props.value ? [props.value] : [];
    for (const v of values) {
      const c = chosen.get(v);
      const k = known.find((x) => x.id === v);
      if (c) add(v, labelOf(c));
      else if (k) add(v, k.name || t('ethics.person.unknown', { id: v }));
    }
    return out;
  }, [found.data, props.multiple, props.value, chosen, known, t]);

  const remember = (ids: number[]) => {
    const fresh = (found.data ?? []).filter((p) => ids.includes(p.id));
    if (fresh.length) setChosen((m) => new Map([...m, ...fresh.map((p) => [p.id, p] as const)]));
  };

  const common = {
    id: props.id,
    showSearch: { filterOption: false, onSearch: setText },
    placeholder: props.placeholder ?? t('ethics.person.placeholder'),
    disabled: props.disabled,
    options,
    notFoundContent: found.isFetching ? <Spin size="small" /> : t('ethics.person.none'),
    style: { width: '100%' },
    onBlur: () => setText(''),
  };
  if (props.multiple)
    return (
      <Select<number[]>
        {...common}
        mode="multiple"
        allowClear
        value={props.value ?? []}
        onChange={(v) => {
          remember(v);
          props.onChange?.(v);
        }}
        data-testid="person-select-multiple"
      />
    );
  return (
    <Select<number>
      {...common}
      allowClear
      value={props.value ?? undefined}
      onChange={(v) => {
        if (v !== undefined) remember([v]);
        props.onChange?.(v ?? null);
      }}
      data-testid="person-select"
    />
  );
}
