#!/usr/bin/env node
// The CLI. Runs the bundle `npm run build` makes (apps/server/dist/cli.mjs) while it is newer than every source file
// of the server and the shared package; otherwise the TypeScript sources through tsx's loader, so an edit takes effect
// without a build. TAIZHANG_FROM_SOURCE=1 always runs the sources.
import { SERVER_BUNDLE, SERVER_SOURCES, fresherThan } from './fresh.mjs';

if (process.env.TAIZHANG_FROM_SOURCE !== '1' && fresherThan(SERVER_BUNDLE, SERVER_SOURCES)) {
  process.setSourceMapsEnabled(true);
  await import(SERVER_BUNDLE);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
