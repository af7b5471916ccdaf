// `npm start`: build the web app and the server bundle when their sources are newer than the build, then serve
// (migrating first, loading the demo district into an empty database).
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { SERVER_BUNDLE, SERVER_SOURCES, fresherThan } from '../apps/server/bin/fresh.mjs';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'apps/web/dist/index.html');
const webSources = [path.join(root, 'apps/web/src'), path.join(root, 'packages/shared/src')];
const stale = !fresherThan(dist, webSources) || !fresherThan(SERVER_BUNDLE, SERVER_SOURCES);
if (stale) {
  console.log('Building…');
  const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, [path.join(root, 'apps/server/bin/taizhang.mjs'), 'serve', '--demo', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
