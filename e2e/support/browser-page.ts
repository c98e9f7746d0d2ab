// One page of one participant, whichever browser it runs in: a Playwright Chromium page or a
// puppeteer Firefox page (e2e/support/firefox.ts) answer the same few calls, so one test body
// drives a meeting of both. Elements are found as people find them: by label and by role.
import type { Browser, Page } from '@playwright/test';
import { recordPeerConnections } from './peer-connections.js';

export type BrowserName = 'chromium' | 'firefox';

/** The ARIA roles our tests click or wait for. */
export type Role = 'button' | 'heading' | 'group' | 'textbox';

/** What a test runs in a page: Playwright's `Page` and `BrowserPage` both have it. */
export interface PageScripts {
  evaluate<R>(fn: () => R | Promise<R>): Promise<R>;
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

export interface BrowserPage extends PageScripts {
  readonly browser: BrowserName;
  goto(url: string): Promise<void>;
  /** Types into the text field whose accessible name (its label) is exactly `label`. */
  fillByLabel(label: string, value: string): Promise<void>;
  /** Clicks the element of `role` whose accessible name is exactly `name`. */
  clickByRole(role: Role, name: string): Promise<void>;
  /** Resolves once an element of `role` named exactly `name` is visible. */
  waitForRole(role: Role, name: string): Promise<void>;
  /** Resolves once `fn(arg)` is truthy in the page (evaluated on every animation frame). */
  waitForFunction<A>(fn: (arg: A) => unknown, arg: A, timeoutMs?: number): Promise<void>;
  /** Closes the page and everything it alone holds (context or browser process). Idempotent. */
  close(): Promise<void>;
}

export const WAIT_MS = 15_000;

/** The window size of a participant's page unless a test says otherwise. */
export const PAGE_SIZE = { width: 1280, height: 800 } as const;

/** A Chromium page in a fresh context (own storage, like another person's browser). */
export async function openChromiumPage(
  browser: Browser,
  name: string,
  viewport: { readonly width: number; readonly height: number } = PAGE_SIZE,
): Promise<BrowserPage> {
  const context = await browser.newContext({ viewport: { ...viewport } });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.error(`[${name}, Chromium] page error: ${error.message}`);
  });
  await page.addInitScript(recordPeerConnections);
  return chromiumPage(page, () => context.close());
}

/** Wraps a Playwright page; `close` releases what the page belongs to. */
export function chromiumPage(page: Page, close: () => Promise<void>): BrowserPage {
  let closing: Promise<void> | null = null;
  return {
    browser: 'chromium',
    async goto(url) {
      await page.goto(url);
    },
    async fillByLabel(label, value) {
      await page.getByLabel(label, { exact: true }).fill(value);
    },
    async clickByRole(role, name) {
      await page.getByRole(role, { name, exact: true }).click();
    },
    async waitForRole(role, name) {
      await page.getByRole(role, { name, exact: true }).waitFor({ timeout: WAIT_MS });
    },
    async waitForFunction(fn, arg, timeoutMs = WAIT_MS) {
      await page.waitForFunction(fn as (arg: unknown) => unknown, arg as unknown, {
        timeout: timeoutMs,
      });
    },
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
      return page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg as unknown);
    },
    close() {
      closing ??= close();
      return closing;
    },
  };
}
