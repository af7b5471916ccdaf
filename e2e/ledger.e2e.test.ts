/**
 * Browser journeys of the ledger pages on a server with the demo district loaded:
 * - a branch recorder records a 主题党日 on a phone (375×812) at /activities/quick in at most 6 taps besides typing
 *   the topic, marking one absentee; the API then shows the record submitted with 2 present / 1 absent;
 * - the committee administrator opens the compliance calendar (and drills from a cell to the records) and the
 *   dashboard at desktop width. Screenshots go to test-results/e2e/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, type Harness, ROOT_ACCOUNT, SCREENSHOTS, apiSession, startHarness } from './harness.ts';

const strict = process.env.TAIZHANG_TEST_STRICT === '1';
const hasChromium = existsSync(CHROMIUM);
const RECORDER = { username: 'e2erecorder', password: 'Recorder-pass-2026!' };
const BRANCH_CODE = 'E2E-S1-B1';
const TOPIC = '学习贯彻党的二十届三中全会精神';

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

async function login(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

interface ActivityView {
  id: number;
  status: string;
  typeCode: string;
  topic: string;
  attendance: { expected: number; present: number; absent: number; excused: number };
  attendees: { name: string; status: string }[];
}

describe.skipIf(!hasChromium && !strict)('ledger pages (Chromium)', () => {
  let harness: Harness | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let branchId = 0;
  let demoCommitteeId = 0;
  const members = ['张红', '李卫东', '王建国'];

  const newPage = async (viewport: { width: number; height: number }) => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ viewport, locale: 'zh-CN', hasTouch: viewport.width < 500 });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  };

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} not found (TAIZHANG_TEST_STRICT=1)`);
    harness = await startHarness({ demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

    // Our own district beside the demo one: a school, a branch under it, three members, a recorder for the branch.
    const root = await apiSession(harness.base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    const school = await root.call<{ id: number }>('POST', '/api/v1/org-units', {
      code: 'E2E-S1',
      name: '第一实验中学',
      kind: 'school',
      parentId: harness.rootOrgId,
    });
    const branch = await root.call<{ id: number }>('POST', '/api/v1/org-units', {
      code: BRANCH_CODE,
      name: '第一实验中学党支部',
      kind: 'branch',
      parentId: school.id,
    });
    branchId = branch.id;
    for (const [i, name] of members.entries()) {
      await root.call('POST', '/api/v1/people', {
        code: `E2E-P${i + 1}`,
        name,
        partyOrgId: branch.id,
        unitId: school.id,
        politicalStatus: '中共党员',
        joinDate: '2015-07-01',
        conversionDate: '2016-07-01',
      });
    }
    harness.cli(
      ['user', 'create', '--username', RECORDER.username, '--role', 'recorder', '--org', BRANCH_CODE, '--name', '支部记录员', '--password-stdin'],
      `${RECORDER.password}\n`,
    );
    const tops = await root.call<{ items: { id: number; code: string }[] }>('GET', '/api/v1/org-units');
    demoCommitteeId = tops.items.find((o) => o.code === 'XQJYGW')?.id ?? 0;
    expect(demoCommitteeId).toBeGreaterThan(0);
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await harness?.stop();
  });

  const fail = async (page: Page, name: string, err: unknown) => {
    await shot(page, name).catch(() => {});
    throw new Error(
      `${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}\n  server output:\n${harness?.serverOutput().slice(-2000)}`,
    );
  };

  it('a recorder records a theme party day on a phone in at most 6 taps', async () => {
    if (!harness) throw new Error('harness not started');
    const page = await newPage({ width: 375, height: 812 });
    let taps = 0;
    /** Every click/tap/selection the user makes (typing the topic is not counted). */
    const tap = async (l: Locator) => {
      taps++;
      await l.click();
    };
    try {
      await login(page, harness.base, RECORDER.username, RECORDER.password);
      await page.goto(`${harness.base}/activities/quick`);
      await page.getByText('记录组织：第一实验中学党支部').waitFor();
      for (const name of members) await page.getByRole('button', { name: new RegExp(name) }).waitFor();
      await expect(page.getByTestId('quick-count').textContent()).resolves.toBe('实到 3 / 应到 3');

      // (1) the type: 主题党日 is preselected as the big first button; tapping it keeps it selected.
      const theme = page.getByRole('radio', { name: /主题党日/ });
      expect(await theme.getAttribute('aria-checked')).toBe('true');
      await tap(theme);
      // (2) the topic: one tap into the field, then typing.
      await tap(page.getByTestId('quick-topic'));
      await page.keyboard.type(TOPIC);
      // (3) one tap on the absentee.
      await tap(page.getByRole('button', { name: /王建国/ }));
      await expect(page.getByTestId('quick-count').textContent()).resolves.toBe('实到 2 / 应到 3');
      expect(await page.getByRole('button', { name: /王建国/ }).getAttribute('aria-pressed')).toBe('true');
      // (optional) the photo step is there, with the camera capture hint.
      const photo = page.getByTestId('quick-photo');
      expect(await photo.getAttribute('capture')).toBe('environment');
      expect(await photo.getAttribute('accept')).toBe('image/*');
      // Big touch targets, nothing wider than the phone.
      const submitBox = await page.getByTestId('quick-submit').boundingBox();
      expect(submitBox?.height ?? 0).toBeGreaterThanOrEqual(44);
      const personBox = await page.getByRole('button', { name: /张红/ }).boundingBox();
      expect(personBox?.height ?? 0).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
      await shot(page, 'ledger-quick-375.png');
      // (4) submit.
      await tap(page.getByTestId('quick-submit'));
      await page.getByText('已提交', { exact: true }).waitFor();
      expect(taps).toBeLessThanOrEqual(6);
      await shot(page, 'ledger-quick-done-375.png');
      // The record is in the recorder's ledger, and the calendar opens at 375 px too.
      await page.getByRole('button', { name: '查看记录' }).click();
      await page.locator('.ant-drawer').getByRole('heading', { name: '出勤情况' }).waitFor();
      await page.waitForTimeout(500);
      await shot(page, 'ledger-detail-375.png');
      await page.goto(`${harness.base}/activities`);
      await page.getByRole('button', { name: TOPIC }).waitFor();
      await shot(page, 'ledger-activities-375.png');
      await page.goto(`${harness.base}/compliance`);
      await page.locator('.tz-cal table').waitFor();
      await shot(page, 'ledger-compliance-375.png');
    } catch (err) {
      await fail(page, 'ledger-quick-failure.png', err);
    }

    // The API has it: submitted, 2 present and 1 absent.
    const api = await apiSession(harness.base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    const list = await api.call<{ items: { id: number; topic: string; status: string }[]; total: number }>('GET', `/api/v1/activities?orgId=${branchId}`);
    expect(list.total).toBe(1);
    const a = await api.call<ActivityView>('GET', `/api/v1/activities/${list.items[0].id}`);
    expect(a).toMatchObject({ status: 'submitted', typeCode: 'theme_party_day', topic: TOPIC });
    expect(a.attendance).toMatchObject({ expected: 3, present: 2, absent: 1 });
    expect(a.attendees.find((x) => x.name === '王建国')?.status).toBe('absent');
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('compliance calendar with drill-down, the ledger list and the dashboard at desktop width', async () => {
    if (!harness) throw new Error('harness not started');
    const page = await newPage({ width: 1440, height: 900 });
    try {
      await login(page, harness.base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
      for (const name of ['台账', '合规日历', '数据看板']) await page.getByRole('menuitem', { name }).waitFor();

      await page.goto(`${harness.base}/compliance?orgId=${demoCommitteeId}&year=2022`);
      await page.locator('.tz-cal table').waitFor();
      await page.getByText('应完成 / 已完成（按支部、季度）').waitFor();
      // Colour-blind safe: every cell carries its count and an icon; the legend names the statuses.
      for (const label of ['已完成', '即将到期', '已逾期', '未到期', '不适用']) await page.locator('.tz-cal-legend').getByText(label).waitFor();
      expect(await page.locator('.tz-cal button.tz-cell').count()).toBeGreaterThan(20);
      await shot(page, 'ledger-compliance-desktop.png');

      // Rolled up to the committee's children (the view big scopes get): a child's name opens its own breakdown.
      await page.getByTestId('compliance-view').getByText('按下级汇总').click();
      await page.getByTestId('compliance-rolled-up').waitFor();
      expect(await page.locator('.tz-cal tbody tr').count()).toBeGreaterThan(20);
      await shot(page, 'ledger-compliance-children-desktop.png');
      await page.getByRole('link', { name: /查看 XX区第一中学 的下级明细/ }).click();
      await page.waitForURL((u) => u.searchParams.get('orgId') !== String(demoCommitteeId) && u.searchParams.get('view') === 'children');
      await page.locator('.tz-cal tbody tr').nth(1).waitFor();
      await page.getByTestId('compliance-view').getByText('逐个组织').click();
      await page.waitForURL((u) => u.searchParams.get('view') === 'full');
      await page.goto(`${harness.base}/compliance?orgId=${demoCommitteeId}&year=2022`);
      await page.locator('.tz-cal button.tz-cell').first().waitFor();

      // Drill down: a done cell opens the records of that org, type and period.
      await page.locator('.tz-cal button.tz-cell.s-done').first().click();
      await page.waitForURL((u) => u.pathname === '/activities' && u.searchParams.has('typeCode') && u.searchParams.has('from'));
      await page.locator('.ant-table-row').first().waitFor();
      await shot(page, 'ledger-activities-drilldown-desktop.png');
      // The detail drawer: attendance 应到/实到, minutes, review status, amendment history.
      await page.locator('.ant-table-row').first().getByRole('button').first().click();
      await page.locator('.ant-drawer').getByRole('heading', { name: '出勤情况' }).waitFor();
      await page.locator('.ant-drawer').getByRole('heading', { name: '审核情况' }).waitFor();
      await page.locator('.ant-drawer').getByRole('heading', { name: '更正记录' }).waitFor();
      await page.waitForTimeout(500); // the drawer's slide-in
      await shot(page, 'ledger-activity-detail-desktop.png');

      await page.goto(`${harness.base}/dashboard?orgId=${demoCommitteeId}&year=2022`);
      await page.getByText('组织生活频次合规（学校 × 月份）').waitFor();
      await page.locator('canvas').first().waitFor();
      await page.waitForTimeout(1200); // chart animations
      expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(3);
      await shot(page, 'ledger-dashboard-desktop.png');
    } catch (err) {
      await fail(page, 'ledger-desktop-failure.png', err);
    }
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
