/**
 * Browser-journey harness: a real server on a throwaway SQLite data directory, serving the built web app.
 * It builds nothing itself unless apps/web/dist is missing (the test script builds first).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'e2e');
/**
 * Options for `expect.poll` in the journeys: vitest's default gives up after 1 s, shorter than a page's data takes
 * to arrive while the rest of the suite keeps both cores busy; Playwright's own waits allow 30 s.
 */
export const POLL = { timeout: 20_000, interval: 100 };
const CLI = path.join(ROOT, 'apps', 'server', 'bin', 'taizhang.mjs');

export const ROOT_ACCOUNT = { username: 'e2eroot', password: 'Root-pass-2026!' };
/** An audit administrator with an operator-set password (not forced to change it). */
export const AUDIT_ACCOUNT = { username: 'e2eaudit', password: 'Audit-pass-2026!' };
export const SECURITY_ACCOUNT = { username: 'e2esecurity', password: 'Security-pass-2026!' };
export const SYSTEM_ACCOUNT = { username: 'e2esystem', password: 'System-pass-2026!' };
export const ROOT_ORG = { code: 'ROOT', name: '示例区教育工委', kind: 'committee' as const, parentId: null };

/** The built web app the journeys run against; TZ_E2E_WEB_DIST points elsewhere (a build of one's own). */
const WEB_DIST = process.env.TZ_E2E_WEB_DIST ?? path.join(ROOT, 'apps', 'web', 'dist');

/** Builds the web app when apps/web/dist is missing (normally the test script has built it). */
export function ensureWebBuilt(): void {
  if (existsSync(path.join(WEB_DIST, 'index.html'))) return;
  const r = spawnSync('npm', ['run', 'build', '-w', '@taizhang/web'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`web build failed (exit ${r.status})`);
}

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TAIZHANG_DATA_DIR: dataDir, LOG_LEVEL: 'warn', TAIZHANG_CONFIG: path.join(dataDir, 'none.json') };
  // This journey runs on its own SQLite file and derives the origin from the request.
  for (const k of ['DATABASE_URL', 'PUBLIC_ORIGIN', 'COOKIE_SECURE', 'TRUST_PROXY', 'PORT', 'HOST', 'WEB_DIST', 'MFA_REQUIRED_ROLES']) delete env[k];
  if (process.env.TZ_E2E_WEB_DIST) env.WEB_DIST = process.env.TZ_E2E_WEB_DIST;
  return env;
}

function runCli(env: NodeJS.ProcessEnv, args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env, input, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`taizhang ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(base: string, proc: ChildProcess, output: () => string, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}) before it was ready:\n${output()}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${output()}`);
}

/** A signed-in API client for set-up steps (cookie + CSRF token + same-origin Origin header). */
export async function apiSession(base: string, username: string, password: string) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`login ${username} failed: ${login.status} ${await login.text()}`);
  const session = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const call = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        cookie,
        origin: base,
        'x-csrf-token': session.csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
    return JSON.parse(text) as T;
  };
  return { call };
}

export interface Harness {
  base: string;
  dataDir: string;
  /** One-time password of `e2eadmin` (committee administrator over the whole tree), to be changed at first login. */
  adminPassword: string;
  /** Id of ROOT_ORG (created through the API at start). */
  rootOrgId: number;
  /** Runs the CLI against this harness's data directory (e.g. `user create … --password-stdin`). */
  cli(args: string[], input?: string): string;
  serverOutput(): string;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Load the demo district (`taizhang demo`) before the server starts, so dashboards have data. */
  demo?: boolean;
}

/**
 * Creates the accounts with the CLI, starts `taizhang serve` on a free port and creates the root org unit through
 * the API (there is no CLI for org units), so the browser journey starts from a realistic first-run state.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  ensureWebBuilt();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tz-e2e-'));
  const env = serverEnv(dataDir);
  let proc: ChildProcess | null = null;
  let out = '';
  const stop = async () => {
    if (proc && proc.exitCode === null) {
      const p = proc;
      const exited = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGTERM');
      const timer = setTimeout(() => p.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const created = runCli(env, ['user', 'create', '--username', 'e2eadmin', '--role', 'committee_admin', '--name', 'E2E']);
    const m = created.match(/one-time password \(must be changed at first login\): (\S+)/);
    if (!m) throw new Error(`no one-time password in CLI output:\n${created}`);
    const adminPassword = m[1];
    runCli(
      env,
      ['user', 'create', '--username', ROOT_ACCOUNT.username, '--role', 'committee_admin', '--name', 'E2E Root', '--password-stdin'],
      `${ROOT_ACCOUNT.password}\n`,
    );

    runCli(
      env,
      ['user', 'create', '--username', AUDIT_ACCOUNT.username, '--role', 'audit_admin', '--name', 'E2E Audit', '--password-stdin'],
      `${AUDIT_ACCOUNT.password}\n`,
    );
    for (const [a, role, name] of [
      [SECURITY_ACCOUNT, 'security_admin', 'E2E Security'],
      [SYSTEM_ACCOUNT, 'system_admin', 'E2E System'],
    ] as const) {
      runCli(env, ['user', 'create', '--username', a.username, '--role', role, '--name', name, '--password-stdin'], `${a.password}\n`);
    }

    if (options.demo) runCli(env, ['demo']);

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    proc = spawn(process.execPath, [CLI, 'serve', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await waitForHealth(base, proc, () => out);

    const root = await apiSession(base, ROOT_ACCOUNT.username, ROOT_ACCOUNT.password);
    const rootOrg = await root.call<{ id: number }>('POST', '/api/v1/org-units', ROOT_ORG);

    return { base, dataDir, adminPassword, rootOrgId: rootOrg.id, cli: (args, input) => runCli(env, args, input), serverOutput: () => out, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
