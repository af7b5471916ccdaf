import { expect } from 'vitest';
import type { PageVisit } from './visit.ts';

interface Summary {
  id: number;
  orgId: number;
  orgName: string;
  status: string;
  version: number;
}

interface Card extends Summary {
  scores: { code: string; reviewPoints: number | null; reviewReason: string | null; adjustments: { toPoints: number; reason: string }[] }[];
}

const REASON = '会议纪要不全，酌情扣分（浏览器测试）';

/**
 * 年度考核 on the demo district: the page opens on the latest year with an assessment (2022) and its results; the
 * indicator system and a school's self-assessment with the evidence behind an automatic score; then one real action:
 * the committee adjusts a submitted school's self score with a reason in 工委审核, and the server keeps it.
 */
export const assessmentVisit: PageVisit = {
  name: 'assessment page',
  path: '/assessment',
  async run({ page, base, shot, call }) {
    await page.getByRole('heading', { name: '年度考核' }).waitFor();
    // No year in the URL: the page finds the demo's 2022 assessment by itself.
    await page.getByTestId('year-select').getByText('2022年度').waitFor();
    await page.locator('[data-testid=results-table] .ant-table-row').first().waitFor();
    await shot('assessment-results');

    const cards = (await call<{ items: Summary[] }>('GET', '/api/v1/evaluations?year=2022')).items;
    expect(cards.length).toBe(28);
    const target = cards.find((c) => c.status === 'submitted');
    if (!target) throw new Error('no submitted demo scorecard');

    await page.goto(`${base}/assessment?year=2022&tab=system`);
    await page.locator('[data-testid=system-tree] .ant-table-row').nth(3).waitFor();
    await shot('assessment-system');

    // A school's self-assessment with the records behind an automatic score.
    await page.goto(`${base}/assessment?year=2022&tab=self&card=${target.id}`);
    await page.getByTestId('scorecard-overview').getByText(target.orgName).waitFor();
    await page.getByTestId('evidence-org_life.theme_day').click();
    const evidence = page.locator('.ant-drawer').filter({ hasText: '计分依据' });
    await evidence.locator('.ant-table-row').first().waitFor();
    await shot('assessment-evidence');
    await evidence.locator('.ant-drawer-close').click();
    await evidence.waitFor({ state: 'hidden' });

    // One real action: the committee lowers a self score in review, with the mandatory reason.
    await page.goto(`${base}/assessment?year=2022&tab=review`);
    await page.getByTestId(`review-open-${target.orgId}`).click();
    const row = page.getByTestId('review-duty.pledge');
    await row.getByTestId('adjust-duty.pledge').click();
    await row.getByLabel('调整为（满分5）').fill('3.5');
    await page.getByTestId('review-save').click();
    await row.getByText('请填写理由（至少2个字）').waitFor(); // the reason is required before anything is sent
    await row.getByLabel('调整理由').fill(REASON);
    await page.getByTestId('review-save').click();
    await page.getByText('复核已保存').waitFor();
    await page.getByTestId('scorecard-overview').getByText('已复核').waitFor();

    const stored = await call<Card>('GET', `/api/v1/evaluations/${target.id}`);
    expect(stored.status).toBe('reviewed');
    const pledge = stored.scores.find((s) => s.code === 'duty.pledge');
    expect(pledge).toMatchObject({ reviewPoints: 3.5, reviewReason: REASON });
    expect(pledge?.adjustments.at(-1)).toMatchObject({ toPoints: 3.5, reason: REASON });
    await shot('assessment-review');

    await page.setViewportSize({ width: 375, height: 812 });
    await page.goto(`${base}/assessment?year=2022&tab=self&card=${target.id}`);
    await page.getByTestId('scorecard-overview').getByText(target.orgName).waitFor();
    await shot('assessment-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
