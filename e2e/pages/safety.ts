import { expect } from 'vitest';
import { POLL } from '../harness.ts';
import type { Page } from 'playwright-core';
import type { PageVisit } from './visit.ts';

interface Org {
  id: number;
  code: string;
  name: string;
  kind: string;
}

interface Screening {
  id: number;
  code: string;
  orgId: number;
  startDate: string;
  studentsExpected: number;
  studentsScreened: number;
  status: string;
}

const CODE = 'E2E-PC2022-901';

/** Waits until no table is loading and the tab animation is over, so a screenshot shows settled data. */
async function settled(page: Page) {
  // A locator, not waitForFunction(string): the app's CSP forbids the eval a string predicate needs.
  await expect.poll(() => page.locator('.ant-spin-spinning').count(), POLL).toBe(0);
  await page.waitForTimeout(150);
}

/**
 * 网络安全与防沉迷 on the demo district (2022): the coverage roll-up, then recording one school's screening through the
 * form (stored, as the API shows); the spot checks side by side per school; the follow-up cases, where a committee
 * administrator (no safety.case) sees the counts and a calm "无权查看", never a name; and the coverage on a phone.
 */
export const safetyVisit: PageVisit = {
  name: 'safety page',
  path: '/online-safety',
  async run({ page, base, shot, call }) {
    const tops = await call<{ items: Org[] }>('GET', '/api/v1/org-units');
    const district = tops.items.find((o) => o.code === 'XQJYGW');
    if (!district) throw new Error('demo district not loaded');
    const children = await call<{ items: Org[] }>('GET', `/api/v1/org-units?parentId=${district.id}`);
    const school = children.items.find((o) => o.kind === 'school');
    if (!school) throw new Error('no demo school');

    await page.goto(`${base}/online-safety?orgId=${district.id}&year=2022`);
    await page.getByRole('heading', { name: '网络安全与防沉迷' }).waitFor();
    await page.getByTestId('safety-coverage-figures').getByText('已排查学校').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await settled(page);
    await shot('safety-coverage');

    // One real action: record a school's screening through the form.
    await page.getByRole('tab', { name: '排查活动与结果' }).click();
    await page.getByText('2022年中小学生预防网络沉迷专项行动（全面排查）').first().waitFor();
    await page.getByTestId('screening-create').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '登记学校排查' });
    await drawer.getByLabel('排查编号', { exact: true }).fill(CODE);
    await drawer.getByLabel('学校', { exact: true }).click();
    await page.keyboard.type(school.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: school.name }).first().click();
    const start = drawer.getByLabel('开始日期', { exact: true });
    await start.click();
    await start.fill('2022-09-05');
    await start.press('Enter');
    await drawer.getByLabel('应排查学生', { exact: true }).fill('120');
    await drawer.getByLabel('已排查学生', { exact: true }).fill('96');
    await shot('safety-screening-form');
    await drawer.getByTestId('screening-save').click();
    await page.getByText('已保存').first().waitFor();
    await drawer.waitFor({ state: 'hidden' });

    const stored = await call<{ items: Screening[] }>('GET', `/api/v1/online-safety/screenings?orgId=${school.id}&year=2022&pageSize=100`);
    const mine = stored.items.find((s) => s.code === CODE);
    expect(mine).toMatchObject({ orgId: school.id, startDate: '2022-09-05', studentsExpected: 120, studentsScreened: 96, status: 'in_progress' });
    await page.getByRole('button', { name: CODE }).waitFor();
    await settled(page);
    await shot('safety-screenings');

    await page.getByRole('tab', { name: '抽查' }).click();
    await page.locator('[data-testid=spot-summary] .ant-table-row').first().waitFor();
    await settled(page);
    await shot('safety-spot-checks');

    await page.getByRole('tab', { name: '跟踪个案' }).click();
    await page.getByTestId('followups-no-access').waitFor();
    expect(await page.getByText('无权查看').count()).toBeGreaterThan(0);
    await shot('safety-followups');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/online-safety?orgId=${district.id}&year=2022`);
    await page.getByTestId('safety-coverage-figures').getByText('已排查学校').waitFor();
    await settled(page);
    await shot('safety-mobile');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
