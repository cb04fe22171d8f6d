import { defineConfig } from 'vite';

// Built by `npm run build` (`vite build web`) into dist/web, which the service serves at `/`.
// Paths are relative to this folder (the root Vite is given).
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    // Every browser we target has modulepreload: no polyfill, and no inline script for the CSP to refuse.
    modulePreload: { polyfill: false },
    target: 'es2022',
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': 'http://localhost:3000', '/docs': 'http://localhost:3000' } },
});
