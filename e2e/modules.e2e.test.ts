/**
 * Every module page (duties, tasks, development, ethics, online safety, risks, publicity, assessment) walked in one
 * browser against one server with the demo district loaded, signed in as a committee administrator over the whole
 * tree. Each page's journey lives in e2e/pages/<area>.ts; screenshots go to test-results/e2e/.
 * One journey alone: `npx vitest run --project e2e e2e/modules.e2e.test.ts -t "duties page"`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, type Harness, ROOT_ACCOUNT, SCREENSHOTS, apiSession, startHarness } from './harness.ts';
import { PAGE_VISITS } from './pages/index.ts';
import type { VisitContext } from './pages/visit.ts';

const strict = process.env.TAIZHANG_TEST_STRICT === '1';
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium && !strict)('module pages (Chromium)', () => {
  let harness: Harness | null = null;
  let browser: Browser | null = null;
  let context: BrowserContext | null = null;
  let page: Page | null = null;
  let call: VisitContext['call'] | null = null;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!hasChromium) throw new Error(`${CHROMIUM} not found (TAIZHANG_TEST_STRICT=1)`);
    harness = await startHarness({ demo: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const api = await apiSession(harness.base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    call = api.call;
    await page.goto(`${harness.base}/login`);
    await page.getByLabel('用户名').fill(ROOT_ACCOUNT.username);
    await page.getByLabel('密码').fill(ROOT_ACCOUNT.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await harness?.stop();
  });

  for (const visit of PAGE_VISITS) {
    it(visit.name, async () => {
      if (!page || !harness || !call) throw new Error('not started');
      const p = page;
      const errorsBefore = pageErrors.length;
      await p.goto(`${harness.base}${visit.path}`);
      await visit.run({
        page: p,
        base: harness.base,
        call,
        shot: (name) => p.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true }).then(() => undefined),
      });
      expect(pageErrors.slice(errorsBefore)).toEqual([]);
    });
  }
});
