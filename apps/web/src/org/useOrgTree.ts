import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { fetchOrgChildren, orgKeys } from '../api/orgUnits.ts';
import type { OrgPathItem, OrgUnitView } from '../api/types.ts';

/**
 * State of the lazily loaded org tree: the caller's top units, the children loaded so far and the expanded nodes.
 * Children come from `GET /org-units?parentId=` when a node is first expanded.
 */
export function useOrgTree() {
  const qc = useQueryClient();
  const roots = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), staleTime: 0 });
  const [children, setChildren] = useState<Record<number, OrgUnitView[]>>({});
  const [expanded, setExpanded] = useState<number[]>([]);
  const childrenRef = useRef(children);
  childrenRef.current = children;

  const loadChildren = useCallback(
    async (parentId: number) => {
      const items = await qc.fetchQuery({ queryKey: orgKeys.children(parentId), queryFn: () => fetchOrgChildren(parentId), staleTime: 0 });
      setChildren((prev) => ({ ...prev, [parentId]: items }));
      return items;
    },
    [qc],
  );

  /** Re-reads the list a unit sits in (its parent's children, or the top units). */
  const reloadList = useCallback(
    async (parentId: number | null) => {
      if (parentId === null) {
        await roots.refetch();
        return;
      }
      await loadChildren(parentId);
    },
    [roots, loadChildren],
  );

  const expand = useCallback((ids: number[]) => setExpanded((prev) => [...new Set([...prev, ...ids])]), []);

  /** Opens the tree down to a unit: loads and expands every ancestor inside the caller's reach. */
  const reveal = useCallback(
    async (path: OrgPathItem[], topIds: readonly number[]) => {
      const start = path.findIndex((p) => topIds.includes(p.id));
      if (start < 0) return;
      const ancestors = path.slice(start, -1).map((p) => p.id);
      for (const id of ancestors) {
        if (!childrenRef.current[id]) await loadChildren(id);
      }
      expand(ancestors);
    },
    [loadChildren, expand],
  );

  return { roots, children, expanded, setExpanded, loadChildren, reloadList, expand, reveal };
}
