/**
 * Browser journey through the shell: first login with a one-time password → forced password change → org tree →
 * create a school under the committee → the same page at 375 px → sign out. Screenshots go to test-results/e2e/.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AUDIT_ACCOUNT,
  CHROMIUM,
  CHROMIUM_ARGS,
  type Harness,
  POLL,
  ROOT_ACCOUNT,
  ROOT_ORG,
  SCREENSHOTS,
  SECURITY_ACCOUNT,
  SYSTEM_ACCOUNT,
  apiSession,
  startHarness,
} from './harness.ts';

const strict = process.env.TAIZHANG_TEST_STRICT === '1';
const hasChromium = existsSync(CHROMIUM);
const NEW_PASSWORD = 'Journey-pass-2026!';
const SCHOOL = { code: 'E2E-SCHOOL', name: '第一实验小学' };

function shot(page: Page, name: string) {
  return page.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

/** Picks an option of the antd Select whose form label is `label`. */
async function pickOption(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

describe.skipIf(!hasChromium && !strict)('web shell journey (Chromium)', () => {
  let harness: Harness | null = null;
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  /** Each journey gets its own browser context (own cookies and storage). */
  const newPage = async () => {
    if (!browser) throw new Error('browser not started');
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    contexts.push(context);
    return context.newPage();
  };
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} not found (TAIZHANG_TEST_STRICT=1)`);
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await harness?.stop();
  });

  it('first login, forced password change, org tree, create a school, 375 px, sign out', async () => {
    if (!harness) throw new Error('harness not started');
    const page = await newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await journey(page, harness);
    } catch (err) {
      // Leave evidence for whoever reads the failure.
      await shot(page, 'failure.png').catch(() => {});
      throw new Error(
        `${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}\n  server output:\n${harness.serverOutput().slice(-2000)}`,
      );
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('audit administrator: only the audit log, filters, before/after of a change', async () => {
    if (!harness) throw new Error('harness not started');
    const base = harness.base;
    const page = await newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill(AUDIT_ACCOUNT.username);
      await page.getByLabel('密码').fill(AUDIT_ACCOUNT.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      // The menu shows only what the role may open; other pages answer 403.
      await page.getByRole('menuitem', { name: '审计日志' }).waitFor();
      expect(await page.getByRole('menuitem', { name: '组织架构' }).count()).toBe(0);
      await page.goto(`${base}/org-units`);
      await page.getByText('无权访问').waitFor();

      await page.getByRole('menuitem', { name: '审计日志' }).click();
      await page.waitForURL(/\/audit/);
      await page.locator('.ant-table-row').first().waitFor();
      // Action prefix filter (server-side). Note: the server strips `_` from the pattern, so 'org' rather than 'org_unit'.
      await page.getByLabel('操作', { exact: true }).fill('org');
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit-events') && r.url().includes('action=org'));
      await page.getByRole('button', { name: '查询' }).click();
      await filtered;
      const rows = page.locator('.ant-table-row');
      await rows.first().getByText('org_unit.create').waitFor();
      const texts = await rows.allInnerTexts();
      expect(texts.length).toBeGreaterThanOrEqual(2);
      for (const text of texts) expect(text).toContain('org_unit.');
      await rows.first().locator('.ant-table-row-expand-icon').click();
      await page.locator('.tz-json').filter({ hasText: 'E2E-SCHOOL' }).first().waitFor();
      await shot(page, 'audit-log.png');
      // The filtered trail downloads as CSV (the export is audited server-side), once the password is entered again.
      const downloading = page.waitForEvent('download');
      await page.getByTestId('audit-export').click();
      await page.getByTestId('reauth-password').fill('wrong-password');
      await page.getByTestId('reauth-password').press('Enter');
      await page.getByText('密码不正确').waitFor();
      await page.getByTestId('reauth-password').fill(AUDIT_ACCOUNT.password);
      await shot(page, 'reauth-dialog.png');
      await page.getByTestId('reauth-password').press('Enter');
      const file = await downloading;
      expect(file.suggestedFilename()).toBe('audit-events.csv');
      const csv = await readFile(await file.path(), 'utf8');
      expect(csv).toContain('org_unit.create');
    } catch (err) {
      await shot(page, 'failure-audit.png').catch(() => {});
      throw new Error(`${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}`);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('security and system administrators: each its own settings page, saved after the password is entered again', async () => {
    if (!harness) throw new Error('harness not started');
    const base = harness.base;
    const page = await newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const signIn = async (a: { username: string; password: string }) => {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill(a.username);
      await page.getByLabel('密码').fill(a.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => u.pathname === '/');
    };
    try {
      await signIn(SECURITY_ACCOUNT);
      await page.getByRole('menuitem', { name: '安全策略' }).click();
      await page.getByTestId('security-policy-page').waitFor();
      expect(await page.getByRole('menuitem', { name: '系统配置' }).count()).toBe(0);
      await page.getByTestId('mfa-warning').waitFor();
      await page.getByTestId('policy-lockoutMinutes').fill('45');
      await page.getByTestId('settings-save').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s?定|OK/ })
        .click();
      await page.getByTestId('reauth-password').fill(SECURITY_ACCOUNT.password);
      await page.getByTestId('reauth-password').press('Enter');
      await page.getByTestId('settings-updated').waitFor();
      await shot(page, 'security-policy.png');
      const policy = (await page.evaluate(async () => (await fetch('/api/v1/settings/security-policy')).json())) as { value: { lockoutMinutes: number } };
      expect(policy.value.lockoutMinutes).toBe(45);

      await page.getByTestId('user-menu').click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.waitForURL(/\/login/);
      await signIn(SYSTEM_ACCOUNT);
      await page.getByRole('menuitem', { name: '系统配置' }).click();
      await page.getByTestId('system-config-page').waitFor();
      await page.getByTestId('config-siteName').fill('示例区教育工委意识形态工作台账');
      await page.getByTestId('config-announcement').fill('本周六 22:00—23:00 系统维护');
      await page.getByTestId('settings-save').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s?定|OK/ })
        .click();
      await page.getByTestId('reauth-password').fill(SYSTEM_ACCOUNT.password);
      await page.getByTestId('reauth-password').press('Enter');
      await page.getByTestId('announcement').getByText('本周六 22:00—23:00 系统维护').waitFor();
      await page.getByTestId('site-name').getByText('示例区教育工委意识形态工作台账').waitFor();
      await shot(page, 'system-config.png');
    } catch (err) {
      await shot(page, 'failure-settings.png').catch(() => {});
      throw new Error(`${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}`);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('org management: deep link, edit with a conflict, move, deactivate', async () => {
    if (!harness) throw new Error('harness not started');
    const base = harness.base;
    const api = await apiSession(base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    type Unit = { id: number; version: number; name: string; parentId: number | null; active: boolean };
    const [root] = (await api.call<{ items: Unit[] }>('GET', '/api/v1/org-units')).items;
    const gb1 = await api.call<Unit>('POST', '/api/v1/org-units', { code: 'GB1', name: '第一党总支', kind: 'general_branch', parentId: root.id });
    await api.call<Unit>('POST', '/api/v1/org-units', { code: 'GB2', name: '第二党总支', kind: 'general_branch', parentId: root.id });
    const school = await api.call<Unit>('POST', '/api/v1/org-units', { code: 'S-MOVE', name: '移动测试学校', kind: 'school', parentId: gb1.id });

    const page = await newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    try {
      await page.goto(`${base}/login`);
      await page.getByLabel('用户名').fill(ROOT_ACCOUNT.username);
      await page.getByLabel('密码').fill(ROOT_ACCOUNT.password);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((u) => u.pathname === '/');

      // A deep link opens the tree down to the unit.
      await page.goto(`${base}/org-units?id=${school.id}`);
      const tree = page.getByTestId('org-tree');
      const detail = page.getByTestId('org-detail');
      await tree.getByText('移动测试学校').waitFor();
      await detail.getByText('S-MOVE', { exact: true }).waitFor();

      // Someone else saves first: the form stays open with what was typed, and saves after a refresh.
      await page.getByTestId('org-edit').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('组织名称').fill('移动测试学校（改）');
      await api.call('PATCH', `/api/v1/org-units/${school.id}`, { version: school.version, studentCount: 500 });
      await dialog.getByRole('button', { name: '保存' }).click();
      await dialog.getByText('数据已被他人修改，请刷新').waitFor();
      expect(await dialog.getByLabel('组织名称').inputValue()).toBe('移动测试学校（改）');
      await dialog.getByRole('button', { name: '刷新数据' }).click();
      await dialog.getByText('数据已被他人修改，请刷新').waitFor({ state: 'hidden' });
      await dialog.getByRole('button', { name: '保存' }).click();
      await page.getByText('已保存').waitFor();
      await tree.getByText('移动测试学校（改）').waitFor();

      // Move under the second general branch, picked by search.
      await page.getByTestId('org-move').click();
      const moveDialog = page.getByRole('dialog', { name: '移动组织' });
      await moveDialog.getByLabel('新的上级组织').fill('GB2');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '第二党总支' }).click();
      await moveDialog.getByRole('button', { name: '确定' }).click();
      await page.getByText('已移动').waitFor();
      await detail.getByText('第二党总支').waitFor();

      // Deactivate with a confirmation.
      await page.getByTestId('org-deactivate').click();
      await page.locator('.ant-popconfirm:visible').getByRole('button', { name: '停用' }).click();
      await page.getByText('已停用“移动测试学校（改）”').waitFor();
      await detail.getByText('已停用').waitFor();
      await shot(page, 'org-manage.png');

      const after = await api.call<{ unit: Unit; path: { code: string }[] }>('GET', `/api/v1/org-units/${school.id}`);
      expect(after.unit).toMatchObject({ name: '移动测试学校（改）', active: false });
      expect(after.path.map((p) => p.code)).toEqual(['ROOT', 'GB2', 'S-MOVE']);
    } catch (err) {
      await shot(page, 'failure-org.png').catch(() => {});
      throw new Error(`${String(err)}\n  at URL ${page.url()}\n  page errors: ${pageErrors.join(' | ')}`);
    }
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

async function journey(page: Page, harness: Harness) {
  const base = harness.base;

  // Not signed in: the app sends us to the login page.
  await page.goto(`${base}/`);
  await page.waitForURL(/\/login/);
  await page.getByRole('heading', { name: '用户登录' }).waitFor();
  await page.getByText('台账', { exact: true }).first().waitFor();
  await shot(page, 'login.png');

  // Client-side required-field messages, then a wrong password: the translated message, not the server's text.
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('请输入用户名').waitFor();
  await page.getByLabel('用户名').fill('e2eadmin');
  await page.getByLabel('密码').fill('definitely-wrong');
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByText('用户名或密码错误').waitFor();

  // First login with the one-time password → forced to the change-password page.
  await page.getByLabel('密码').fill(harness.adminPassword);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/change-password/);
  await page.getByText('首次登录（或密码被重置后）须先修改密码').waitFor();

  // Trying to leave is not possible while the change is pending.
  await page.goto(`${base}/org-units`);
  await page.waitForURL(/\/change-password/);

  // A password the policy refuses: the field message appears and what was typed stays.
  await page.getByLabel('当前密码').fill(harness.adminPassword);
  await page.getByLabel('新密码', { exact: true }).fill('short');
  await page.getByLabel('确认新密码').fill('short');
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.getByText('密码至少 10 个字符').waitFor();
  expect(await page.getByLabel('当前密码').inputValue()).toBe(harness.adminPassword);
  expect(await page.getByLabel('新密码', { exact: true }).inputValue()).toBe('short');

  await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
  await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.waitForURL((u) => u.pathname === '/');
  await page.getByText('E2E，您好').waitFor();
  await expect(page.getByTestId('header-scope').textContent()).resolves.toContain('全部组织');
  // The home page: roles and quick links to what the account may open.
  await page.getByRole('link', { name: /组织架构/ }).waitFor();
  await shot(page, 'home.png');

  // The org tree through the side menu.
  await page.getByRole('menuitem', { name: '组织架构' }).click();
  await page.waitForURL(/\/org-units/);
  const tree = page.getByTestId('org-tree');
  await tree.getByText(ROOT_ORG.name).click();
  const detail = page.getByTestId('org-detail');
  await detail.getByText(ROOT_ORG.code, { exact: true }).waitFor();
  await detail.getByText('教育工委').first().waitFor();

  // Create a school under the committee; the school fields appear once the kind is a school.
  await page.getByTestId('org-create-child').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('新建下级组织').waitFor();
  await dialog.getByLabel('组织编码').fill(SCHOOL.code);
  await dialog.getByLabel('组织名称').fill(SCHOOL.name);
  expect(await dialog.getByLabel('学段').count()).toBe(0);
  await pickOption(page, '组织类型', '学校');
  await pickOption(page, '学段', '小学');
  await pickOption(page, '办学性质', '公办');
  await dialog.getByLabel('在校学生数').fill('1200');
  await dialog.getByLabel('住校学生数').fill('0');
  await dialog.getByRole('button', { name: '保存' }).click();
  await page.getByText(`已新建组织“${SCHOOL.name}”`).waitFor();
  await tree.getByText(SCHOOL.name).waitFor();
  await detail.getByText(SCHOOL.code, { exact: true }).waitFor();
  await detail.getByText('1200').waitFor();
  await shot(page, 'org-tree.png');

  // The server has it, as a school with its stage.
  const root = await apiSession(base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
  const found = await root.call<{ items: { code: string; kind: string; stage: string | null; parentId: number | null }[] }>(
    'GET',
    `/api/v1/org-units?q=${SCHOOL.code}`,
  );
  expect(found.items).toEqual([expect.objectContaining({ code: SCHOOL.code, kind: 'school', stage: '小学' })]);

  // Phone width: nothing wider than the screen, the menu becomes a drawer.
  await page.setViewportSize({ width: 375, height: 812 });
  await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' }); // no toast in the screenshots
  await page.getByTestId('open-menu').waitFor();
  await tree.getByText(SCHOOL.name).waitFor();
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  await shot(page, 'org-tree-375.png');
  await page.getByTestId('open-menu').click();
  await page.locator('.ant-drawer').getByRole('menuitem', { name: '工作台' }).waitFor();
  // Let the slide-in animation finish before the screenshot.
  await expect.poll(async () => (await page.locator('.ant-drawer-section').boundingBox())?.x, POLL).toBe(0);
  await page.waitForTimeout(200);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'menu-375.png') });
  await page.locator('.ant-drawer').getByRole('menuitem', { name: '组织架构' }).click();
  await page.locator('.ant-drawer-content').waitFor({ state: 'hidden' });

  // Sign out from the user menu: back at the login page, and the session is gone.
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL(/\/login$/);
  await page.getByRole('heading', { name: '用户登录' }).waitFor();
  await page.goto(`${base}/org-units`);
  await page.waitForURL(/\/login\?next=%2Forg-units/);
}

// Without Chromium the suite is skipped, unless TAIZHANG_TEST_STRICT=1 makes the missing browser a failure
// (the beforeAll above throws then).
