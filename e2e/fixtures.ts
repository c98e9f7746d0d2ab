import { test as base } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfabServer, type ServerOptions } from '../src/server/index.js';

/** The built web app (`npm run build`, which `npm test` runs first). */
export const WEB_DIR = fileURLToPath(new URL('../dist/web', import.meta.url));

export interface ConfabFixture {
  readonly url: string;
  readonly server: ConfabServer;
}

/** Starts a real confab server on a free port for one test. */
export async function startConfab(options: Partial<ServerOptions> = {}): Promise<ConfabFixture> {
  const server = new ConfabServer(
    { host: '127.0.0.1', port: 0, staticDir: WEB_DIR, ...options },
    { logger: pino({ level: 'silent' }) },
  );
  await server.listen();
  return { url: server.url(), server };
}

export const test = base.extend<{ confab: ConfabFixture }>({
  confab: async ({}, use) => {
    const confab = await startConfab();
    await use(confab);
    await confab.server.close();
  },
});

export { expect } from '@playwright/test';
