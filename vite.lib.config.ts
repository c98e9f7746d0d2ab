import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The client library as one ES module, served at /lib/confab.js for pages of other
// people (see examples/minimal.html). Built after the app, into the same directory.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web/lib'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: 'oxc',
    lib: {
      entry: resolve(import.meta.dirname, 'src/client/index.ts'),
      formats: ['es'],
      fileName: () => 'confab.js',
    },
  },
});
