import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const backend = process.env.TAIZHANG_API ?? 'http://localhost:3000';

/** Vendor code that changes rarely gets its own long-cached chunks; pages are split by React.lazy in src/routes.tsx. */
const VENDOR_GROUPS: { name: string; test: RegExp; priority: number }[] = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/, priority: 30 },
  { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store)[\\/]/, priority: 20 },
  { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/, priority: 20 },
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
      output: {
        codeSplitting: {
          groups: [
            ...VENDOR_GROUPS,
            // antd and its rc-component/cssinjs/icons dependencies: only modules shared by several chunks (the shell
            // and pages) land here; a component one lazy page uses alone stays in that page's chunk.
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[a-z-]+|@emotion|stylis|dayjs)[\\/]/, priority: 10, minShareCount: 2 },
          ],
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
