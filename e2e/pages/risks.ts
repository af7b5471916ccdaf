import { expect } from 'vitest';
import { POLL } from '../harness.ts';
import type { PageVisit } from './visit.ts';

interface RiskItem {
  id: number;
  code: string;
  orgName: string;
  category: string;
  likelihood: number;
  impact: number;
  level: string;
  status: string;
  measures: { text: string; dueDate?: string | null }[];
}

/**
 * 风险防范: the register with the demo district's risks and heat grid; the committee administrator registers a risk
 * through the form (org, category, description, likelihood × impact, one measure) and the API shows it stored with
 * the level from the matrix. Also the 研判会 and 舆情事件 tabs and the phone width.
 */
export const risksVisit: PageVisit = {
  name: 'risks page',
  path: '/risks',
  async run({ page, shot, call }) {
    await page.getByRole('heading', { name: '风险防范' }).waitFor();
    await page.getByTestId('risk-table').locator('tbody tr.ant-table-row').first().waitFor();
    // The grid shows the demo's counts (its cells are filled from the server, not 0 everywhere).
    await page.getByTestId('heat-1-1').waitFor();
    await expect.poll(async () => Number(await page.getByTestId('heat-1-1').locator('.tz-heat-count').textContent()), POLL).toBeGreaterThan(0);
    await shot('risks-register');

    const description = `外请专家讲座课件未经审核即在家长群转发（e2e ${Date.now()}）`;
    await page.getByTestId('risk-create').click();
    const drawer = page.locator('.ant-drawer').filter({ has: page.locator('.ant-drawer-title', { hasText: '登记风险' }) });
    await drawer.waitFor();
    const field = (label: string) => drawer.locator('.ant-form-item').filter({ has: page.locator(`label:text-is("${label}")`) });
    // The picker offers the top units first and replaces them with the search's results when they arrive: wait for
    // the search to answer and the list to hold only its hit, or the click can land on a list being replaced.
    const orgSelect = field('单位').locator('.ant-select');
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/org-units?') && r.url().includes('q=XQJYGW'));
    await orgSelect.click();
    await page.keyboard.type('XQJYGW');
    await searched;
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect.poll(() => options.allTextContents(), POLL).toEqual([expect.stringContaining('XQJYGW')]);
    await options.first().click();
    await expect.poll(() => orgSelect.textContent(), POLL).toContain('XQJYGW');
    await field('类别').locator('.ant-select').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '讲座论坛' }).click();
    await field('风险描述').locator('textarea').fill(description);
    await field('可能性').locator('.ant-radio-button-wrapper', { hasText: '4' }).click();
    await field('影响程度').locator('.ant-radio-button-wrapper', { hasText: '3' }).click();
    await drawer.getByText('按评级矩阵：').waitFor();
    await drawer.getByPlaceholder('措施 1，', { exact: false }).fill('讲座课件提前三天报宣传委员审核');
    await page.getByTestId('risk-save').click();

    // Saved: the new risk's detail drawer opens.
    const detail = page.locator('.ant-drawer').filter({ hasText: '评级历史' });
    await detail.waitFor();
    const found = await call<{ items: RiskItem[]; total: number }>('GET', `/api/v1/risks?q=${encodeURIComponent(description)}`);
    expect(found.total).toBe(1);
    const r = found.items[0];
    expect(r).toMatchObject({ orgName: 'XX区教育工委', category: '讲座论坛', likelihood: 4, impact: 3, status: 'identified' });
    expect(r.measures.map((m) => m.text)).toEqual(['讲座课件提前三天报宣传委员审核']);
    const matrix = await call<{ cells: { likelihood: number; impact: number; level: string }[] }>('GET', '/api/v1/risks/matrix');
    expect(r.level).toBe(matrix.cells.find((c) => c.likelihood === 4 && c.impact === 3)?.level);
    await detail.getByText(r.code).first().waitFor();
    await shot('risks-created');
    await detail.locator('.ant-drawer-close').click();

    await page.getByRole('tab', { name: '研判会' }).click();
    await page.getByTestId('review-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot('risks-reviews');
    await page.getByRole('tab', { name: '舆情事件' }).click();
    await page.getByTestId('negative-news').waitFor();
    await page.getByTestId('incident-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot('risks-incidents');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByRole('tab', { name: '风险台账' }).click();
    await page.getByTestId('risk-table').locator('tbody tr.ant-table-row').first().waitFor();
    await shot('risks-375');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
