// Build freshness by modification times, shared by the CLI entry and `npm start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The newest modification time (ms) of any file under the directories. */
export function newest(...dirs) {
  let t = 0;
  for (const dir of dirs) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
  }
  return t;
}

/** Whether `file` exists and is newer than every file under `dirs`. */
export function fresherThan(file, dirs) {
  return existsSync(file) && statSync(file).mtimeMs > newest(...dirs);
}

const root = path.resolve(import.meta.dirname, '..', '..', '..');

/** The server bundle (`npm run build`) and the sources it is made of. */
export const SERVER_BUNDLE = path.join(root, 'apps/server/dist/cli.mjs');
export const SERVER_SOURCES = [path.join(root, 'apps/server/src'), path.join(root, 'packages/shared/src')];
