// `npm test`: the whole suite. Starts a throwaway PostgreSQL cluster (unless TEST_DATABASE_URL is given),
// builds the web app for the browser journeys, runs every vitest project and prints `N passed, N failed`.
// With TAIZHANG_TEST_STRICT=1, a missing PostgreSQL or Chromium fails instead of skipping.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startCluster } from './pg-cluster.mjs';

const strict = process.env.TAIZHANG_TEST_STRICT === '1';
const root = path.resolve(import.meta.dirname, '..');
const extra = process.argv.slice(2);
const projects = [];
let cluster = null;

projects.push('unit', 'sqlite');
if (process.env.TEST_DATABASE_URL) projects.push('pg');
else {
  try {
    cluster = startCluster(Number(process.env.TZ_TEST_PG_PORT ?? 55432));
  } catch (err) {
    console.error(String(err));
  }
  if (cluster) {
    process.env.TEST_DATABASE_URL = cluster.url;
    projects.push('pg');
  } else if (strict) {
    console.error('PostgreSQL binaries not found or cluster failed to start (strict mode): failing');
    console.log('0 passed, 1 failed');
    process.exit(1);
  } else console.warn('! PostgreSQL not available: the pg project is skipped (set TEST_DATABASE_URL or install postgresql)');
}

if (existsSync('/usr/bin/chromium')) {
  if (!existsSync(path.join(root, 'apps/web/dist/index.html')) || process.env.TZ_REBUILD_WEB === '1') {
    const b = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) process.exit(b.status ?? 1);
  }
  projects.push('e2e');
} else if (strict) {
  console.error('/usr/bin/chromium not found (strict mode): failing');
  console.log('0 passed, 1 failed');
  process.exit(1);
} else console.warn('! Chromium not found at /usr/bin/chromium: browser journeys skipped (apt-get install chromium)');

mkdirSync(path.join(root, 'test-results'), { recursive: true });
const report = path.join(root, 'test-results', 'vitest.json');
const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra];
const r = spawnSync('npx', args, { cwd: root, stdio: 'inherit', env: process.env });
cluster?.stop();

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const j = JSON.parse(readFileSync(report, 'utf8'));
  passed = j.numPassedTests;
  // Failed tests, plus files that failed without a failing test (an import or hook error).
  const brokenFiles = (j.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = j.numFailedTests + brokenFiles;
  skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
} catch {
  failed = Math.max(1, failed);
}
if (r.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || r.status !== 0 ? 1 : 0);
