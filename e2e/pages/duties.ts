import type { PageVisit } from './visit.ts';

export const dutiesVisit: PageVisit = {
  name: 'duties page',
  path: '/duties',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('duties');
  },
};
