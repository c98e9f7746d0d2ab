import { defineConfig } from 'vitest/config';

// Unit and integration tests live beside the code as *.test.ts. Browser end-to-end tests
// are in e2e/ and run under Playwright.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests start real servers, coturn and redis; two cores: keep it modest.
    maxWorkers: 2,
    isolate: true,
  },
});
