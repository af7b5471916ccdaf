import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import type { OrgUnitView } from '../../api/types.ts';

interface Node {
  id: number;
  pId: number;
  value: number;
  title: string;
  isLeaf: boolean;
  disabled?: boolean;
}

interface Props {
  id?: string;
  value?: number[];
  onChange?: (ids: number[]) => void;
  placeholder?: string;
  /** Only this unit's subtree can be picked (targets must be under the issuer); `includeSelf` allows the unit itself. */
  within?: { id: number; includeSelf: boolean } | null;
  /** Names of units already chosen but not yet loaded in the tree (e.g. after a failed save). */
  knownNames?: ReadonlyMap<number, string>;
}

/**
 * Picks several org units from the tree; children load when a node is opened, the first level is opened at once.
 * Checking is strict (a school's branch is not implied by the school) because each checked unit gets its own task.
 */
export function OrgTreeMultiSelect({ id, value = [], onChange, placeholder, within, knownNames }: Props) {
  const { t } = useTranslation();
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const [loaded, setLoaded] = useState<Node[]>([]);
  const [names, setNames] = useState<Map<number, string>>(new Map());

  const toNode = useCallback(
    (u: OrgUnitView, pId: number): Node => ({
      id: u.id,
      pId,
      value: u.id,
      title: t('common.withParen', { text: u.name, inner: t(`orgKind.${u.kind}`) }),
      isLeaf: u.childCount === 0,
      disabled: !u.active,
    }),
    [t],
  );

  const loadChildren = useCallback(
    async (parentId: number) => {
      const kids = await fetchOrgChildren(parentId);
      setLoaded((prev) => (prev.some((n) => n.pId === parentId) ? prev : [...prev, ...kids.map((u) => toNode(u, parentId))]));
      setNames((m) => {
        const next = new Map(m);
        for (const u of kids) next.set(u.id, u.name);
        return next;
      });
    },
    [toNode],
  );

  // The schools sit one level below the committee: open that level without a click.
  useEffect(() => {
    for (const u of top.data ?? []) if (u.childCount > 0) void loadChildren(u.id);
  }, [top.data, loadChildren]);

  const treeData = useMemo(() => {
    const seen = new Set<number>();
    const out: Node[] = [];
    for (const n of [...(top.data ?? []).map((u) => toNode(u, 0)), ...loaded]) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
    }
    return out;
  }, [top.data, loaded, toNode]);

  // Units outside the allowed subtree are greyed out (when the subtree's root is in the loaded tree; else the server checks).
  const shown = useMemo(() => {
    if (!within) return treeData;
    const parent = new Map(treeData.map((n) => [n.id, n.pId]));
    if (!parent.has(within.id)) return treeData;
    const inside = (nodeId: number) => {
      if (nodeId === within.id) return within.includeSelf;
      for (let p = parent.get(nodeId); p !== undefined && p !== 0; p = parent.get(p)) if (p === within.id) return true;
      return false;
    };
    return treeData.map((n) => (n.disabled || inside(n.id) ? n : { ...n, disabled: true }));
  }, [treeData, within]);

  const labelOf = (v: number) => names.get(v) ?? knownNames?.get(v) ?? top.data?.find((u) => u.id === v)?.name ?? `#${v}`;

  return (
    <TreeSelect<{ value: number; label: React.ReactNode }[]>
      id={id}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={shown}
      loadData={(node) => loadChildren(Number((node as { id?: unknown }).id ?? node.value))}
      treeDefaultExpandedKeys={(top.data ?? []).map((u) => u.id)}
      treeCheckable
      treeCheckStrictly
      showCheckedStrategy={TreeSelect.SHOW_ALL}
      value={value.map((v) => ({ value: v, label: labelOf(v) }))}
      onChange={(vs) => onChange?.((vs ?? []).map((v) => Number(v.value)))}
      placeholder={placeholder}
      allowClear
      loading={top.isLoading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      maxTagCount="responsive"
      popupMatchSelectWidth={false}
      listHeight={360}
      style={{ width: '100%' }}
      data-testid="org-tree-multi"
    />
  );
}
