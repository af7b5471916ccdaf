import type { PageVisit } from './visit.ts';

export const tasksVisit: PageVisit = {
  name: 'tasks page',
  path: '/tasks',
  async run({ page, shot }) {
    await page.getByRole('heading').first().waitFor();
    await shot('tasks');
  },
};
