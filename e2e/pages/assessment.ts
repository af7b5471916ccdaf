import type { PageVisit } from './visit.ts';

export const assessmentVisit: PageVisit = {
  name: 'assessment page',
  path: '/assessment',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('assessment');
  },
};
