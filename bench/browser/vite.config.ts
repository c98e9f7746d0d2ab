import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The benchmark page (bench/browser/page) with the client library bundled from source, built
// by the benchmark runner into dist/bench.
export default defineConfig({
  root: resolve(import.meta.dirname, 'page'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: resolve(import.meta.dirname, '../../dist/bench'),
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
  },
});
