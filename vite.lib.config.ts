import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// The browser libraries as ES modules, built after the app into the same directory:
// /lib/confab.js (the client library, see examples/minimal.html) and /lib/embed.js (a
// meeting in an iframe on another site, see examples/embed.html). The two share no code.
export default defineConfig({
  publicDir: false,
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web/lib'),
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    minify: 'oxc',
    lib: {
      entry: {
        confab: resolve(import.meta.dirname, 'src/client/index.ts'),
        embed: resolve(import.meta.dirname, 'src/client/embed/embed.ts'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
  },
});
