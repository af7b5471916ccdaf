// `npm run build` (server part): bundles the CLI and server (apps/server/src/cli.ts with @taizhang/shared) into
// apps/server/dist/cli.mjs with esbuild. npm packages stay external (native modules among them); bin/taizhang.mjs runs
// the bundle while it is newer than every source, so the running server carries no TypeScript loader.
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');

/** Every package import stays an import, except the workspace's own packages (TypeScript sources), which are bundled. */
const packagesExternal = {
  name: 'packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@taizhang/') ? undefined : { path: args.path, external: true }));
  },
};

await build({
  entryPoints: [path.join(root, 'apps/server/src/cli.ts')],
  outfile: path.join(root, 'apps/server/dist/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [packagesExternal],
  sourcemap: true,
  logLevel: 'warning',
});
console.log('server bundled: apps/server/dist/cli.mjs');
