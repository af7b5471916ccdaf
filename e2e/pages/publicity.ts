import { expect } from 'vitest';
import { POLL } from '../harness.ts';
import type { PageVisit } from './visit.ts';

interface ContentItem {
  id: number;
  title: string;
  stage: string;
  positionName: string;
  orgName: string;
}

export const publicityVisit: PageVisit = {
  name: 'publicity page',
  path: '/publicity',
  async run({ page, shot, call }) {
    const title = `开学第一课：赓续红色血脉（${Date.now() % 100000}）`;
    // The positions of the demo district, with their owners and review rules.
    await page.getByRole('heading', { name: '阵地与公开' }).waitFor();
    await page.getByTestId('positions-table').getByText('XX教育微信公众号').waitFor();
    await shot('publicity-positions');

    // A reviewer drafts an article for the committee's WeChat account and sends it to 初审 through the form.
    await page.getByRole('tab', { name: '内容审核' }).click();
    await page.getByTestId('content-create').click();
    const form = page.getByRole('dialog').filter({ hasText: '新建稿件' });
    await form.getByTestId('content-position').click();
    await page.keyboard.type('XX教育微信');
    await page.locator('.ant-select-item-option').filter({ hasText: 'XX教育微信公众号' }).first().click();
    await form.getByTestId('content-title').fill(title);
    await form.getByLabel('正文').fill('各校要把开学第一课作为思政教育的重要阵地。');
    await form.getByTestId('content-save-submit').click();

    // The item opens on its pipeline, waiting for 初审, with the review step offered.
    const detail = page.getByRole('dialog').filter({ hasText: title });
    await detail.getByTestId('review-panel').waitFor();
    await expect.poll(() => detail.getByTestId('stage-tag').first().textContent(), POLL).toContain('待初审');
    const stored = await call<{ items: ContentItem[] }>('GET', '/api/v1/content?stage=first_review&pageSize=100');
    expect(stored.items.find((i) => i.title === title)).toMatchObject({
      stage: 'first_review',
      positionName: 'XX教育微信公众号',
      orgName: 'XX区教育工委',
    });
    await page.waitForTimeout(400); // the drawer's slide-in
    await shot('publicity-content-submitted');

    // The same list on a phone.
    await detail.locator('.ant-drawer-close').click();
    await detail.waitFor({ state: 'hidden' });
    await page.setViewportSize({ width: 375, height: 812 });
    await page.getByTestId('content-table').getByText(title).waitFor();
    await page.waitForTimeout(300); // the toast's fade-out
    await shot('publicity-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
