import { expect } from 'vitest';
import type { PageVisit } from './visit.ts';

interface DutyList {
  id: number;
  year: number;
  orgId: number;
  status: string;
}
interface Pledge {
  id: number | null;
  personName: string;
  orgName: string;
  status: string;
  countersignedAt: string | null;
}

/**
 * 责任清单: the committee administrator lands on the duty board of the demo district (2022), opens 责任书, countersigns
 * a signed pledge through the confirmation, and the API then shows that pledge countersigned. Also a 375 px view.
 */
export const dutiesVisit: PageVisit = {
  name: 'duties page',
  path: '/duties',
  async run({ page, shot, call }) {
    await page.getByRole('heading', { name: '责任清单' }).waitFor();
    await page.getByTestId('duties-board').getByTestId('duty-open').first().waitFor();
    // The headline counts are the committee's gap view of 2022: the board shows the same number met.
    const committeeId = (await call<{ items: DutyList[] }>('GET', '/api/v1/duty-lists?year=2022')).items.find((l) => l.status === 'published')?.orgId;
    const gaps = await call<{ totals: { total: number; met: number } }>('GET', `/api/v1/duty-gaps?orgId=${committeeId}&year=2022`);
    expect(gaps.totals.met).toBeGreaterThan(gaps.totals.total / 2);
    const stats = page.getByTestId('duties-board-stats');
    await stats.getByText(String(gaps.totals.total), { exact: true }).waitFor();
    await stats.getByText(String(gaps.totals.met), { exact: true }).waitFor();
    await shot('duties');

    await page.getByRole('tab', { name: '责任书' }).click();
    const row = page.locator('tr', { has: page.getByTestId('pledge-countersign') }).first();
    await row.waitFor();
    const org = (await row.locator('td').nth(0).textContent())?.trim() ?? '';
    const person = (await row.locator('td').nth(1).textContent())?.trim() ?? '';
    await row.getByTestId('pledge-countersign').click();
    // The Popconfirm's confirm button (antd spaces two-character labels: "会 签").
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /^会\s?签$/ })
      .click();
    await page.locator('.ant-message').getByText('已会签').waitFor();

    const lists = await call<{ items: DutyList[] }>('GET', '/api/v1/duty-lists?year=2022');
    const committee = lists.items.find((l) => l.status === 'published');
    expect(committee).toBeDefined();
    const pledges = await call<{ items: Pledge[] }>('GET', `/api/v1/pledges?orgId=${committee?.orgId}&year=2022`);
    const stored = pledges.items.find((p) => p.orgName === org && p.personName === person);
    expect(stored).toMatchObject({ status: 'countersigned' });
    expect(stored?.countersignedAt).toEqual(expect.any(String));
    await page.getByTestId('duties-pledge-stats').waitFor();
    // Back to the top: a full-page shot taken scrolled down shows the sticky header in mid-page.
    await page.evaluate('window.scrollTo(0, 0)');
    await shot('duties-pledges');

    await page.getByRole('tab', { name: '缺位错位' }).click();
    await page.getByTestId('duties-gap-stats').waitFor();
    await page.setViewportSize({ width: 375, height: 812 });
    await page.waitForTimeout(300);
    await shot('duties-phone');
    await page.setViewportSize({ width: 1440, height: 900 });
  },
};
