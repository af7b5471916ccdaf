import { expect } from 'vitest';
import type { PageVisit } from './visit.ts';

interface TaskList {
  total: number;
  items: { id: number; title: string; counts: { total: number }; form: { key: string; label: string; type: string }[] }[];
}

/** Issues a task to every school through the form (targets by filter, one feedback field) and checks what was stored. */
export const tasksVisit: PageVisit = {
  name: 'tasks page',
  path: '/tasks',
  async run({ page, shot, call }) {
    await page.getByRole('heading', { name: '任务督办' }).waitFor();
    // The demo district's 2022 campaigns are listed.
    await page.getByTestId('task-title').first().waitFor();
    await shot('tasks');

    const title = `E2E 防沉迷专项排查 ${Date.now() % 100000}`;
    await page.getByTestId('create-task').click();
    const drawer = page.locator('.ant-drawer-section').filter({ hasText: '下发对象' });
    await drawer.getByLabel('任务名称').fill(title);
    await drawer.getByTestId('add-field').click();
    await drawer.getByPlaceholder('如：排查学生数').fill('排查学生数');
    await drawer.getByTestId('task-form-submit').click();
    await page.locator('.ant-modal-confirm-btns').getByRole('button', { name: '发布任务' }).click();

    // The new task's detail opens with one assignment per school.
    await page.locator('.ant-drawer-title').filter({ hasText: title }).waitFor();
    await page.locator('.ant-drawer-section').filter({ hasText: '各单位完成情况' }).locator('tr.ant-table-row').first().waitFor();
    const stored = await call<TaskList>('GET', `/api/v1/tasks?q=${encodeURIComponent(title)}`);
    expect(stored.total).toBe(1);
    expect(stored.items[0].counts.total).toBeGreaterThanOrEqual(20);
    expect(stored.items[0].form).toEqual([expect.objectContaining({ label: '排查学生数', type: 'text' })]);
    // Let the drawers finish sliding (the form out, the detail in) before the picture.
    await page.waitForTimeout(600);
    await shot('tasks-created');

    // A phone-sized view of the same drawer.
    await page.setViewportSize({ width: 375, height: 812 });
    await shot('tasks-mobile');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
