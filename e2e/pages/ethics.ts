import type { PageVisit } from './visit.ts';

export const ethicsVisit: PageVisit = {
  name: 'ethics page',
  path: '/ethics',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('ethics');
  },
};
