import type { PageVisit } from './visit.ts';

export const safetyVisit: PageVisit = {
  name: 'safety page',
  path: '/online-safety',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('safety');
  },
};
