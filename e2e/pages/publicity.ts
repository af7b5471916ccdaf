import type { PageVisit } from './visit.ts';

export const publicityVisit: PageVisit = {
  name: 'publicity page',
  path: '/publicity',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('publicity');
  },
};
