import { useQuery } from '@tanstack/react-query';
import { TreeSelect } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import type { OrgUnitView } from '../../api/types.ts';

interface Node {
  id: number;
  pId: number | 0;
  value: number;
  title: string;
  isLeaf: boolean;
}

interface OrgTreeSelectProps {
  value?: number | null;
  onChange?: (value: number | null) => void;
  placeholder?: string;
  id?: string;
  style?: React.CSSProperties;
}

function toNode(u: OrgUnitView, pId: number | 0): Node {
  return { id: u.id, pId, value: u.id, title: u.name, isLeaf: u.childCount === 0 };
}

/** Picks an org unit from the tree; children load when a node is opened (GET /api/v1/org-units?parentId=). */
export function OrgTreeSelect({ value, onChange, placeholder, id, style }: OrgTreeSelectProps) {
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal) });
  const [loaded, setLoaded] = useState<Node[]>([]);
  const treeData = useMemo(() => {
    const seen = new Set<number>();
    const out: Node[] = [];
    for (const n of [...(top.data ?? []).map((u) => toNode(u, 0)), ...loaded]) {
      if (seen.has(n.id)) continue;
      seen.add(n.id);
      out.push(n);
    }
    return out;
  }, [top.data, loaded]);
  const loadData = useCallback(async (node: { id?: unknown; value?: unknown }) => {
    const parentId = Number(node.id ?? node.value);
    const kids = await fetchOrgChildren(parentId);
    setLoaded((prev) => [...prev, ...kids.map((u) => toNode(u, parentId))]);
  }, []);
  return (
    <TreeSelect<number>
      id={id}
      treeDataSimpleMode={{ id: 'id', pId: 'pId' }}
      treeData={treeData}
      loadData={loadData}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      placeholder={placeholder}
      allowClear
      loading={top.isLoading}
      showSearch={false}
      popupMatchSelectWidth={false}
      style={{ minWidth: 180, ...style }}
      data-testid="org-tree-select"
    />
  );
}
