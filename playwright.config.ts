import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './src/cli/chromium.js';

// Debian's Chromium and its flags live in src/cli/chromium.ts (shared with `confab doctor`).
export { CHROMIUM_ARGS, CHROMIUM_PATH };

// Browser end-to-end tests (e2e/). One worker: each test already runs several browser
// contexts with real media on a 2-core machine. No retries: a flaky test is a bug.
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  // A RegExp on the whole path: a glob like 'nat/**' also matches a checkout in a folder named nat.
  testIgnore: [/\/e2e\/nat\//],
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: true,
  reporter: [['list']],
  outputDir: 'test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
    trace: 'off',
  },
});
