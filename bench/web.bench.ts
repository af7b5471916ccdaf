// Web benchmark: the JavaScript the browser downloads for the login page and then the signed-in shell (gzip sizes,
// goal ≤ 250 kB for login + shell; charts and heavy pages are lazy chunks), and the time to first render in headless
// Chromium (first contentful paint of /login, login form usable, shell menu shown after signing in), medians of
// BENCH_WEB_RUNS (default 5) fresh browser contexts against the built web app served by `taizhang serve`.
// Needs /usr/bin/chromium and a web build (apps/web/dist, or TZ_E2E_WEB_DIST; built when missing).
import { gzipSync } from 'node:zlib';
import { type Page, chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT_ACCOUNT, startHarness } from '../e2e/harness.ts';
import { writeResults } from './lib.ts';

const RUNS = Number(process.env.BENCH_WEB_RUNS ?? 5);
const GOAL_KB = 250;

interface Script {
  url: string;
  gzip: number;
}

/** Every script the page downloads, with its gzip size (level 9, as a static server would precompress). */
function collectScripts(page: Page): Script[] {
  const seen: Script[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() !== 'script') return;
    try {
      seen.push({ url: new URL(res.url()).pathname, gzip: gzipSync(await res.body(), { level: 9 }).length });
    } catch {
      // a response without a body (redirect, aborted) downloads nothing
    }
  });
  return seen;
}

const kb = (bytes: number) => Math.round(bytes / 102.4) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const h = await startHarness({ demo: true });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
const runs: { fcp: number; loginReady: number; shellReady: number; loginKb: number; shellKb: number; files: number }[] = [];
let lastScripts: Script[] = [];
try {
  for (let i = 0; i <= RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const scripts = collectScripts(page);
    const t0 = Date.now();
    await page.goto(`${h.base}/login`);
    await page.getByLabel('用户名').waitFor();
    const loginReady = Date.now() - t0;
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN);
    await page.waitForLoadState('networkidle');
    const loginScripts = scripts.length;
    await page.getByLabel('用户名').fill(ROOT_ACCOUNT.username);
    await page.getByLabel('密码').fill(ROOT_ACCOUNT.password);
    const t1 = Date.now();
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('menuitem', { name: '组织架构' }).waitFor();
    const shellReady = Date.now() - t1;
    await page.waitForLoadState('networkidle');
    const sum = (xs: Script[]) => xs.reduce((n, s) => n + s.gzip, 0);
    // Run 0 warms the server (statement caches, file cache) and is not counted.
    if (i > 0) runs.push({ fcp, loginReady, shellReady, loginKb: kb(sum(scripts.slice(0, loginScripts))), shellKb: kb(sum(scripts)), files: scripts.length });
    lastScripts = [...scripts];
    await context.close();
  }
} finally {
  await browser.close();
  await h.stop();
}

const result = {
  name: 'web: login + shell',
  runs: runs.length,
  loginJsKbGzip: median(runs.map((r) => r.loginKb)),
  loginPlusShellJsKbGzip: median(runs.map((r) => r.shellKb)),
  scriptFiles: median(runs.map((r) => r.files)),
  firstContentfulPaintMs: Math.round(median(runs.map((r) => r.fcp))),
  loginFormReadyMs: median(runs.map((r) => r.loginReady)),
  shellReadyAfterSignInMs: median(runs.map((r) => r.shellReady)),
  goalKbGzip: GOAL_KB,
  scripts: lastScripts.map((s) => ({ url: s.url, kbGzip: kb(s.gzip) })),
};
const table = [
  '| measure | median |',
  '| --- | ---: |',
  `| JS for /login (gzip) | ${result.loginJsKbGzip} kB |`,
  `| JS for /login + the signed-in shell (gzip; goal ≤ ${GOAL_KB} kB) | ${result.loginPlusShellJsKbGzip} kB (${result.scriptFiles} files) |`,
  `| first contentful paint of /login | ${result.firstContentfulPaintMs} ms |`,
  `| /login form usable (navigation start → field shown) | ${result.loginFormReadyMs} ms |`,
  `| shell menu shown after 登录 is clicked | ${result.shellReadyAfterSignInMs} ms |`,
  '',
  `${runs.length} fresh browser contexts (headless Chromium, loopback, demo district), after one warm-up run.`,
  '',
  '| script (last run) | kB gzip |',
  '| --- | ---: |',
  ...result.scripts.map((s) => `| ${s.url} | ${s.kbGzip} |`),
].join('\n');
writeResults('web', [result], table);
