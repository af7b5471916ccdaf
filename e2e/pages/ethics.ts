import { expect } from 'vitest';
import { POLL } from '../harness.ts';
import type { PageVisit } from './visit.ts';

interface Org {
  id: number;
  code: string;
  name: string;
  kind: string;
}

interface Mechanism {
  id: number;
  orgId: number;
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
  content: string;
}

const NAME = '师德师风学习制度（2022 年修订）';

/**
 * 师德师风 on the demo district (2022): the coverage and the mechanisms list, then recording one mechanism for a school
 * through the form (stored, as the API shows); the pledge status with one school's roster, the ten codes, and the
 * cases tab, where a committee administrator (no ethics.case) sees the counts and a calm "无权查看", never a case.
 */
export const ethicsVisit: PageVisit = {
  name: 'ethics page',
  path: '/ethics',
  async run({ page, base, shot, call }) {
    const tops = await call<{ items: Org[] }>('GET', '/api/v1/org-units');
    const district = tops.items.find((o) => o.code === 'XQJYGW');
    if (!district) throw new Error('demo district not loaded');
    const children = await call<{ items: Org[] }>('GET', `/api/v1/org-units?parentId=${district.id}`);
    const school = children.items.find((o) => o.kind === 'school');
    if (!school) throw new Error('no demo school');

    await page.goto(`${base}/ethics?orgId=${district.id}&year=2022`);
    await page.getByRole('heading', { name: '师德师风' }).waitFor();
    await page.getByTestId('ethics-coverage').getByText('已建立制度').waitFor();
    await page.locator('[data-testid=mechanism-table] .ant-table-row').first().waitFor();
    await shot('ethics-mechanisms');

    // One real action: record a mechanism for a school through the form.
    await page.getByTestId('mechanism-create').click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '登记师德师风学习制度' });
    await drawer.getByLabel('建立单位').click();
    await page.keyboard.type(school.name);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: school.name }).first().click();
    await drawer.getByLabel('制度名称').fill(NAME);
    const from = drawer.getByLabel('生效日期');
    await from.click();
    await from.fill('2022-09-01');
    await from.press('Enter');
    await drawer.getByLabel('制度内容').fill('每月第一周集中学习十项准则；每学期开展一次师德自查。');
    await drawer.getByTestId('mechanism-save').click();
    await page.getByText('学习制度已登记').waitFor();
    await drawer.waitFor({ state: 'hidden' });

    const stored = await call<{ items: Mechanism[]; total: number }>('GET', `/api/v1/ethics/mechanisms?q=${encodeURIComponent('2022 年修订')}`);
    expect(stored.total).toBe(1);
    expect(stored.items[0]).toMatchObject({ orgId: school.id, name: NAME, effectiveFrom: '2022-09-01', effectiveTo: null });
    await page.getByTestId('mechanism-table').getByText(NAME).first().waitFor();
    await shot('ethics-mechanism-created');

    // Pledges: the status per school, and one school's roster.
    await page.getByRole('tab', { name: '师德承诺' }).click();
    await page.locator('[data-testid=pledge-status-table] .ant-table-row').first().waitFor();
    await shot('ethics-pledges');
    await page.locator('[data-testid=pledge-status-table] .ant-table-row').first().getByRole('button', { name: '签署名单' }).click();
    await page.locator('.ant-drawer .ant-table-row').first().waitFor();
    await shot('ethics-pledge-roster');
    await page.keyboard.press('Escape');

    // The ten codes.
    await page.getByRole('tab', { name: '十项准则' }).click();
    await expect.poll(() => page.getByTestId('ethics-code').count(), POLL).toBe(10);
    await shot('ethics-codes');

    // Cases: numbers only for a committee administrator; the demo's one closed case is counted, never shown.
    await page.getByRole('tab', { name: '问题线索' }).click();
    await page.getByTestId('ethics-no-access').waitFor();
    await page.getByTestId('ethics-case-counts').getByText('结案').waitFor();
    expect(await page.getByTestId('case-table').count()).toBe(0);
    await shot('ethics-cases');

    // A phone.
    await page.setViewportSize({ width: 375, height: 812 });
    try {
      await page.goto(`${base}/ethics?orgId=${district.id}&year=2022&tab=mechanisms`);
      await page.locator('[data-testid=mechanism-table] .ant-table-row').first().waitFor();
      await shot('ethics-375');
    } finally {
      await page.setViewportSize({ width: 1440, height: 900 });
    }
  },
};
