import { defineConfig } from 'vite';
import path from 'node:path';

export default defineConfig({
  resolve: {
    // The shared package is TypeScript source; the client compiles it with its own code.
    alias: { '@cohort/shared': path.resolve(import.meta.dirname, '../shared/src/index.ts') },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
      '/yjs': { target: 'ws://localhost:3000', ws: true },
    },
  },
  // The notebook chunk (CodeMirror + Yjs) is lazy and large by nature; the initial chunk stays far below it.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
});
