import { defineConfig } from 'vite';
import path from 'node:path';
import { compression } from 'vite-plugin-compression2';

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
  plugins: [
    // Brotli and gzip copies beside each compressible file, made once at build; the hub serves them as negotiated.
    compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(html|js|mjs|css|json|svg|wasm|txt|xml|webmanifest)$/, logLevel: 'silent' }),
  ],
  // The notebook chunk (CodeMirror + Yjs) is lazy and large by nature; the initial chunk stays far below it.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    // The shared package only declares (constants, types, the server's zod schemas): a shared module the
    // client imports nothing from is left out, so the schemas and zod (27 KB gzipped) stay on the server.
    rolldownOptions: { treeshake: { moduleSideEffects: (id: string) => (/[\\/]shared[\\/]src[\\/]/.test(id) ? false : undefined) } },
  },
});
