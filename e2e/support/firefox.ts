// Debian's Firefox ESR, driven with puppeteer-core over WebDriver BiDi (Playwright drives
// only its own Firefox builds). One process per participant, each with a fresh temporary
// profile that puppeteer deletes when the process closes.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { WAIT_MS, type BrowserPage, type Role } from './browser-page.js';
import { recordPeerConnections } from './peer-connections.js';

export const FIREFOX_PATH = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/**
 * Fake camera and microphone without a permission prompt, the way Chromium's
 * --use-fake-device-for-media-stream --use-fake-ui-for-media-stream does; media may play
 * without a gesture (Chromium: --autoplay-policy=no-user-gesture-required). Screen capture
 * has no fake source in Firefox: headless, getDisplayMedia fails with NotFoundError.
 */
export const FIREFOX_PREFS: Readonly<Record<string, unknown>> = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.autoplay.default': 0,
  // A closed network: no update, telemetry or safe-browsing traffic from the test browser.
  'app.update.enabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
};

/** Starts one Firefox process with one page (`name` labels its page errors in the log). */
export async function launchFirefox(name: string): Promise<BrowserPage> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    extraPrefsFirefox: { ...FIREFOX_PREFS },
  });
  try {
    const page = (await browser.pages())[0] ?? (await browser.newPage());
    page.on('pageerror', (error: unknown) => {
      console.error(`[${name}, Firefox] page error: ${String(error)}`);
    });
    await page.evaluateOnNewDocument(recordPeerConnections);
    return firefoxPage(browser, page);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** puppeteer's ARIA query: the element of `role` whose accessible name is exactly `name`. */
function byRole(role: Role, name: string): string {
  const quoted = name.replace(/["\\]/g, '\\$&');
  return `::-p-aria([name="${quoted}"][role="${role}"])`;
}

function firefoxPage(browser: Browser, page: Page): BrowserPage {
  let closing: Promise<void> | null = null;
  return {
    browser: 'firefox',
    async goto(url) {
      await page.goto(url);
    },
    async fillByLabel(label, value) {
      // A <label> has the same accessible name as its field: ask for the text box itself.
      await page.locator(byRole('textbox', label)).setTimeout(WAIT_MS).fill(value);
    },
    async clickByRole(role, name) {
      await page.locator(byRole(role, name)).setTimeout(WAIT_MS).click();
    },
    async waitForRole(role, name) {
      await page.waitForSelector(byRole(role, name), { visible: true, timeout: WAIT_MS });
    },
    async waitForFunction(fn, arg, timeoutMs = WAIT_MS) {
      await page.waitForFunction(
        fn as (arg: unknown) => unknown,
        {
          timeout: timeoutMs,
          polling: 'raf',
        },
        arg,
      );
    },
    evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R> {
      return page.evaluate(fn as (arg: unknown) => Promise<R>, arg);
    },
    close() {
      closing ??= browser.close();
      return closing;
    },
  };
}
