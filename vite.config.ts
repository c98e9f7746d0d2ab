import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const webRoot = resolve(import.meta.dirname, 'src/web');

// The web app (src/web) is built into dist/web, which `confab serve` serves.
export default defineConfig({
  root: webRoot,
  publicDir: resolve(webRoot, 'public'),
  build: {
    outDir: resolve(import.meta.dirname, 'dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      input: {
        index: resolve(webRoot, 'index.html'),
        doctor: resolve(webRoot, 'doctor.html'),
        admin: resolve(webRoot, 'admin.html'),
      },
    },
  },
});
