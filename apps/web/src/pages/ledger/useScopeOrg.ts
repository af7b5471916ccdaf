import { useQuery } from '@tanstack/react-query';
import { fetchOrgChildren, orgKeys } from '../../api/orgUnits.ts';
import { useDefaultOrgId } from './ActivityFormDrawer.tsx';

/** The org a page starts on: the first org of the user's grants, else the first of the top units in reach. */
export function useScopeOrg(): { orgId: number | null; loading: boolean } {
  const granted = useDefaultOrgId();
  const top = useQuery({ queryKey: orgKeys.children(null), queryFn: ({ signal }) => fetchOrgChildren(null, signal), enabled: granted === null });
  if (granted !== null) return { orgId: granted, loading: false };
  return { orgId: top.data?.[0]?.id ?? null, loading: top.isLoading };
}
