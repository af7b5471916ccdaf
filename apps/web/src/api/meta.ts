import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

/** GET /api/v1/meta: facts about this installation the shell shows (site name, announcement). */
export interface MetaView {
  demo: boolean;
  dialect: string;
  siteName: string;
  announcement: string;
}

export const META_KEY = ['meta'] as const;

export function useMeta() {
  return useQuery({ queryKey: META_KEY, queryFn: () => api.get<MetaView>('/api/v1/meta'), staleTime: 60_000 });
}
