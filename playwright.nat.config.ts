import { defineConfig } from '@playwright/test';
import base from './playwright.config.js';

// The NAT lab (e2e/nat/): network namespaces, nftables NAT, coturn and Chromium per host.
// Needs root (CAP_NET_ADMIN); `npm run test:nat` runs it.
export default defineConfig({
  ...base,
  testDir: 'e2e/nat',
  testIgnore: [],
  timeout: 120_000,
  outputDir: 'test-results/nat-output',
  globalSetup: './e2e/nat/global-setup.ts',
  globalTeardown: './e2e/nat/global-teardown.ts',
});
