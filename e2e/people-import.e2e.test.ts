/**
 * Browser journeys of the people roster, the Excel import dialog and the situation report (fresh server, no demo):
 * - a committee administrator opens 人员名册, imports a people workbook with two bad rows (an impossible date and a
 *   short phone): both problems are listed in the dialog with their row numbers and reasons (and the error workbook
 *   downloads); the fixed workbook is checked, imported, and a pinyin-initials search (ly) finds 刘莹;
 * - /report renders the root org's sections and the figures table (zeros on an empty tree).
 * Screenshots (desktop and 375 px) go to test-results/e2e/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, type Harness, ROOT_ACCOUNT, SCREENSHOTS, apiSession, startHarness } from './harness.ts';

const strict = process.env.TAIZHANG_TEST_STRICT === '1';
const hasChromium = existsSync(CHROMIUM);
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const SCHOOL = { code: 'E2E-SCH', name: '第一实验小学' };
const BRANCH = { code: 'E2E-BR', name: '第一实验小学党支部' };
const HEADERS = ['人员编码', '姓名', '性别', '出生日期', '所在单位编码', '所在党组织编码', '政治面貌', '入党日期', '转正日期', '职务', '手机号'];

type Row = (string | null)[];
const LIU_YING: Row = [
  'E2E-P1',
  '刘莹',
  '女',
  '1972-05-16',
  SCHOOL.code,
  BRANCH.code,
  '中共党员',
  '1998-01-01',
  '1999-01-11',
  '党支部书记、校长',
  '13800001111',
];
const BAD_DATE: Row = ['E2E-P2', '王强', '男', '1985-02-30', SCHOOL.code, BRANCH.code, '中共党员', '2010-07-01', '2011-07-01', '教师', '13800002222'];
const BAD_PHONE: Row = ['E2E-P3', '张敏', '女', '1990-03-08', SCHOOL.code, null, '群众', null, null, '班主任', '12345'];

/** A people workbook with the contract's headers; row 1 is the header, so data rows are Excel rows 2, 3, 4. */
async function workbook(rows: Row[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('人员名册');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(r.map((v) => v ?? undefined));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/** Desktop and 375 px screenshots of the same state. */
async function shots(page: Page, name: string) {
  await page.mouse.wheel(0, -100_000);
  await shot(page, `${name}.png`);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(400);
  await shot(page, `${name}-375.png`);
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
}

async function login(page: Page, base: string) {
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(ROOT_ACCOUNT.username);
  await page.getByLabel('密码').fill(ROOT_ACCOUNT.password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

describe.skipIf(!hasChromium && !strict)('people roster, import dialog and situation report (Chromium)', () => {
  let harness: Harness | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const newPage = async () => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    return page;
  };

  const fail = async (page: Page, name: string, err: unknown): Promise<never> => {
    await shot(page, name).catch(() => {});
    throw new Error(
      `${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}\n  server output:\n${harness?.serverOutput().slice(-2000)}`,
    );
  };

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} not found (TAIZHANG_TEST_STRICT=1)`);
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const root = await apiSession(harness.base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    const school = await root.call<{ id: number }>('POST', '/api/v1/org-units', { ...SCHOOL, kind: 'school', parentId: harness.rootOrgId });
    await root.call('POST', '/api/v1/org-units', { ...BRANCH, kind: 'branch', parentId: school.id });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await harness?.stop();
  });

  it('imports people from Excel: both bad rows listed, fixed file imported, pinyin search finds 刘莹', async () => {
    if (!harness) throw new Error('harness not started');
    const base = harness.base;
    const page = await newPage();
    try {
      await login(page, base);
      await page.getByRole('menuitem', { name: '人员名册' }).click();
      await page.waitForURL(/\/people/);
      await page.getByRole('heading', { name: '人员名册' }).waitFor();
      await page.getByText('暂无人员').waitFor();

      // Upload a workbook with two bad rows: the dry run lists both, nothing is written.
      await page.getByTestId('import-people').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('导入：人员名册').waitFor();
      const input = dialog.locator('input[type=file]');
      await input.setInputFiles({
        name: '人员名册.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await workbook([LIU_YING, BAD_DATE, BAD_PHONE]),
      });
      const table = dialog.getByTestId('import-problems-table');
      await table.waitFor();
      await dialog.getByText('发现 2 处问题，未导入任何数据').waitFor();
      const rows = table.locator('tbody tr.ant-table-row');
      expect(await rows.count()).toBe(2);
      const cells = async (i: number) => (await rows.nth(i).locator('td').allInnerTexts()).map((s) => s.trim());
      expect(await cells(0)).toEqual(['3', '出生日期', '1985-02-30', '日期不存在（如 2 月 30 日）']);
      expect((await cells(1)).slice(0, 3)).toEqual(['4', '手机号', '12345']);
      expect((await cells(1))[3]).toContain('手机号应为 11 位数字');
      await shots(page, 'people-import-errors');

      // The problems come back as a workbook too.
      const downloading = page.waitForEvent('download');
      await dialog.getByRole('button', { name: '下载错误明细' }).click();
      const file = await downloading;
      expect(file.suggestedFilename()).toBe('导入错误明细.xlsx');

      // Fix the two rows and choose the file again: checked, then imported.
      const fixed = [LIU_YING, [...BAD_DATE.slice(0, 3), '1985-02-28', ...BAD_DATE.slice(4)], [...BAD_PHONE.slice(0, 10), '13900003333']];
      await input.setInputFiles({
        name: '人员名册-修正.xlsx',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        buffer: await workbook(fixed),
      });
      await dialog.getByText('校验通过：共 3 行，可以导入').waitFor();
      await dialog.getByTestId('import-confirm').click();
      await dialog.getByText('导入完成：新增 3 条，更新 0 条').waitFor();
      await dialog.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();
      await dialog.waitFor({ state: 'hidden' });

      // Pinyin initials: "ly" finds 刘莹 (the server searches name, code and pinyin); the phone is masked.
      const search = page.getByTestId('people-search').locator('input');
      await search.fill('ly');
      const searched = page.waitForResponse((r) => r.url().includes('/api/v1/people?') && r.url().includes('q=ly'));
      await search.press('Enter');
      await searched;
      const table2 = page.getByTestId('people-table');
      await table2.getByRole('button', { name: '刘莹' }).waitFor();
      const found = table2.locator('tbody tr.ant-table-row');
      expect(await found.count()).toBe(1);
      await found.first().getByText('138****1111').waitFor();
      await shots(page, 'people-found');

      // 显示号码 is an audited read of the full number.
      await found.first().getByRole('button', { name: '显示号码' }).click();
      await found.first().getByText('13800001111').waitFor();

      // The person: posts from the import.
      await table2.getByRole('button', { name: '刘莹' }).click();
      const drawer = page.getByTestId('person-drawer');
      await drawer.getByText('任职经历').waitFor();
      await drawer.getByText('党支部书记').first().waitFor();
      await shot(page, 'people-person.png');

      // The org tree shows counts per unit and the org-units import/export buttons.
      await page.goto(`${base}/org-units`);
      await page.getByTestId('org-counts').first().waitFor();
      await page.getByTestId('import-org-units').waitFor();
      await shot(page, 'org-tree-counts.png');
    } catch (err) {
      await fail(page, 'failure-people.png', err);
    }
    expect(pageErrors).toEqual([]);
  }, 150_000);

  it('situation report of the root org: sections and the figures table', async () => {
    if (!harness) throw new Error('harness not started');
    const page = await newPage();
    try {
      await login(page, harness.base);
      await page.goto(`${harness.base}/report`);
      await page.getByRole('heading', { name: '情况报告' }).waitFor();
      const sections = page.getByTestId('report-sections');
      await sections.getByText('一、防范化解意识形态领域重大风险', { exact: false }).waitFor();
      await sections.getByText('三、存在的主要问题').waitFor();
      const figures = page.getByTestId('figures-table');
      await figures.getByText('下辖党支部').waitFor();
      expect(await figures.locator('tbody tr.ant-table-row').count()).toBeGreaterThanOrEqual(5);
      // A figure opens the records behind it.
      await figures.locator('tbody tr.ant-table-row').first().getByRole('button').click();
      const drawer = page.getByTestId('sources-drawer');
      await drawer.getByText('来源记录：', { exact: false }).waitFor();
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await shots(page, 'report');
    } catch (err) {
      await fail(page, 'failure-report.png', err);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
