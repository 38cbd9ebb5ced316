import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { precompress } from './scripts/precompress';

const external = ['better-sqlite3', 'fastify', '@fastify/static'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // The desktop's engine process (a utility process) and HL7 processing's worker threads each have an entry of their own, beside index.js and headless.js.
        input: { index: resolve('src-main/index.ts'), headless: resolve('src-main/headless.ts'), 'headless-supervisor': resolve('src-main/headless-supervisor.ts'), 'engine-process': resolve('src-main/engine-process.ts'), 'processing-thread': resolve('src-main/messages/processing-thread-main.ts'), 'filing-thread': resolve('src-main/messages/filing-thread-main.ts'), 'store-backup-thread': resolve('src-main/store-care/backup-thread-main.ts') },
        external,
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require only electron, so its dependencies are bundled in.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve('src-preload/index.ts') }, external: ['electron'], output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: 'src-renderer',
    resolve: { alias: { '@contract': resolve('src-shared') } },
    plugins: [react(), precompress()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      // The vendor chunk (React, Mantine, TanStack, zod) is about 830 KB raw and 210 KB as sent (brotli).
      chunkSizeWarningLimit: 1000,
      rollupOptions: {
        input: { index: resolve('src-renderer/index.html') },
        // Libraries change less often than the console's pages, which are split by route (routes.tsx).
        output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } },
      },
    },
  },
});
