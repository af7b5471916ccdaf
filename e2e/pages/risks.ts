import type { PageVisit } from './visit.ts';

export const risksVisit: PageVisit = {
  name: 'risks page',
  path: '/risks',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('risks');
  },
};
