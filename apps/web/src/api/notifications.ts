import type { NotificationList } from '@taizhang/shared/schemas/tasks';
import { api } from './client.ts';
import type { Output } from './types.ts';

/** The query key of the caller's unread notification count, shared by the header's bell and the notifications tab. */
export const UNREAD_KEY = ['notifications', 'unread'] as const;

/** The caller's unread notification count (one row is enough: the response carries the count whatever the page holds). */
export async function fetchUnread(signal?: AbortSignal): Promise<number> {
  return (await api.get<Output<typeof NotificationList>>('/api/v1/notifications', { unread: '1', page: 1, pageSize: 1 }, signal)).unread;
}
