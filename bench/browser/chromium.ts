// Headless Chromium for the browser benchmarks: Debian's binary, fake camera and microphone,
// and the benchmark page (bench/browser/page) built by Vite and served from 127.0.0.1.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../src/cli/chromium.js';
import type {
  FloorOptions,
  FloorRun,
  JoinOptions,
  LinkCounters,
  PageStatus,
  PrepareOptions,
  ReceivedVideo,
} from './page/types.js';

const PAGE_DIR = fileURLToPath(new URL('../../dist/bench', import.meta.url));
const VITE_CONFIG = fileURLToPath(new URL('vite.config.ts', import.meta.url));

/** The browser tests' flags, plus loopback ICE (every benchmark runs on 127.0.0.1). */
const ARGS = [...CHROMIUM_ARGS, '--allow-loopback-in-peer-connection'];

export interface BenchBrowser {
  readonly browser: Browser;
  readonly pageUrl: string;
  readonly version: string;
  /** Opens the page in a fresh context (one per participant, as separate people would). */
  openPage(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startBrowser(): Promise<BenchBrowser> {
  await build({ configFile: VITE_CONFIG, logLevel: 'warn' });
  const http = await serveDirectory(PAGE_DIR);
  const address = http.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const pageUrl = `http://127.0.0.1:${String(port)}/index.html`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ARGS,
  });
  return {
    browser,
    pageUrl,
    version: browser.version(),
    async openPage() {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(pageUrl);
      await page.waitForFunction(() => window.confabBench !== undefined);
      return { context, page };
    },
    async close() {
      await browser.close();
      await new Promise<void>((resolve) =>
        http.close(() => {
          resolve();
        }),
      );
    },
  };
}

/** The page's API, called from Node (each function body runs in the page). */
export const pageApi = {
  prepare: (page: Page, options: PrepareOptions) =>
    page.evaluate(async (o) => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      await window.confabBench.prepare(o);
    }, options),
  join: (page: Page, options: JoinOptions) =>
    page.evaluate(async (o) => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      await window.confabBench.join(o);
    }, options),
  status: (page: Page): Promise<PageStatus> =>
    page.evaluate(() => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      return window.confabBench.status();
    }),
  received: (page: Page): Promise<ReceivedVideo[]> =>
    page.evaluate(() => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      return window.confabBench.received();
    }),
  listen: (page: Page): Promise<number> =>
    page.evaluate(() => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      return window.confabBench.listen();
    }),
  links: (page: Page): Promise<LinkCounters[]> =>
    page.evaluate(() => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      return window.confabBench.links();
    }),
  floor: (page: Page, options: FloorOptions): Promise<FloorRun> =>
    page.evaluate((o) => {
      if (window.confabBench === undefined) throw new Error('benchmark page not loaded');
      return window.confabBench.floor(o);
    }, options),
};

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.map': 'application/json',
};

function serveDirectory(dir: string): Promise<Server> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/'));
    if (path.includes('..')) {
      response.writeHead(400).end();
      return;
    }
    readFile(join(dir, path)).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      resolve(server);
    }),
  );
}
