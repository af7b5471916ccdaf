import { expect } from 'vitest';
import type { PageVisit } from './visit.ts';

/** The header bell opens the caller's own notifications page (open to every account). */
export const notificationsVisit: PageVisit = {
  name: 'notifications page',
  path: '/',
  async run({ page, shot }) {
    await page.getByTestId('notification-bell').click();
    await page.waitForURL((u) => u.pathname === '/notifications');
    await page.getByRole('heading', { name: '通知' }).waitFor();
    expect(page.url()).toContain('/notifications');
    await shot('notifications');
  },
};
