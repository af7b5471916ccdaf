import type { PageVisit } from './visit.ts';

export const developmentVisit: PageVisit = {
  name: 'development page',
  path: '/development',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('development');
  },
};
