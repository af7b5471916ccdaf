import { readFileSync } from 'node:fs';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = process.env.TAIZHANG_API ?? 'http://localhost:3000';

/**
 * The menu's icons (named in src/components/menu-icons.tsx) in one chunk: pages import some of them too, which would
 * otherwise split them into one tiny chunk each, all downloaded with the shell.
 */
const MENU_ICONS = [...readFileSync(new URL('./src/components/menu-icons.tsx', import.meta.url), 'utf8').matchAll(/^ {2}(\w+)Outlined,$/gm)].map((m) => m[1]);
const MENU_ICON_MODULES = new RegExp(
  `node_modules[\\\\/]@ant-design[\\\\/]icons(-svg)?[\\\\/]es[\\\\/](icons|asn)[\\\\/](${MENU_ICONS.join('|')})Outlined\\.js$`,
);

/** Vendor code that changes rarely gets its own long-cached chunks; pages are split by React.lazy in src/routes.tsx. */
const VENDOR_GROUPS: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/, priority: 30 },
  { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/, priority: 20 },
  { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
  { name: 'menu-icons', test: MENU_ICON_MODULES, priority: 20 },
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      treeshake: {
        // antd's Input (and Dropdown, via ContextIsolator) import one context from antd/form/context, which imports
        // @rc-component/form's index; that package declares no `sideEffects`, so all of it (with async-validator,
        // ~22 kB gzip) would ride along into the login page. Its modules only define components, so they are marked
        // side-effect free: pages that use Form still get all of it. The same holds for @rc-component/input, whose
        // index brings TextArea along with the Input the login page uses.
        moduleSideEffects: [{ test: /node_modules[\\/]@rc-component[\\/](form|async-validator|input)[\\/]/, sideEffects: false }],
      },
      output: {
        codeSplitting: {
          // antd is deliberately not forced into one chunk: that chunk would carry Table, Tree, DatePicker… (~270 kB
          // gzip) into the first load. Automatic splitting puts the antd parts the shell and login use into shared
          // chunks of the first load and the rest into the lazy pages' chunks.
          groups: VENDOR_GROUPS,
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
    },
  },
  preview: {
    proxy: {
      '/api': { target: backend },
      '/healthz': { target: backend },
    },
  },
});
