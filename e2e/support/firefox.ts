// Debian's Firefox ESR, driven with puppeteer-core over WebDriver BiDi (Playwright drives
// only its own Firefox builds). One process per participant, each with a fresh temporary
// profile that puppeteer deletes when the process closes.
import puppeteer, { type Browser, type ElementHandle, type Page } from 'puppeteer-core';
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

/** A camera size and rate; Firefox's fake camera otherwise gives what the app asks (720p). */
export interface FakeCamera {
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
}

/**
 * Init script: the page's camera is at most `camera` (Chromium's file camera is one size;
 * Firefox's fake one follows the constraints). Must not use anything from this module.
 */
function capCamera(camera: FakeCamera): void {
  // Undefined on pages that are not secure contexts (about:blank before the app loads).
  const devices = navigator.mediaDevices as MediaDevices | undefined;
  if (devices === undefined) return;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    const video = constraints?.video;
    if (video === undefined || video === false) return original(constraints);
    const asked = video === true ? {} : video;
    return original({
      ...constraints,
      video: {
        ...asked,
        width: { ideal: camera.width, max: camera.width },
        height: { ideal: camera.height, max: camera.height },
        frameRate: { ideal: camera.frameRate, max: camera.frameRate },
      },
    });
  };
}

/**
 * Starts one Firefox process with one page (`name` labels its page errors in the log);
 * with `camera`, its fake camera is that small (meetings of ten on two cores).
 */
export async function launchFirefox(name: string, camera?: FakeCamera): Promise<BrowserPage> {
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
    if (camera !== undefined) await page.evaluateOnNewDocument(capCamera, camera);
    return firefoxPage(browser, page);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/** What `firstVisibleByRole` looks for. */
interface RoleQuery {
  readonly role: Role;
  readonly name: string;
}

/**
 * In the page: the first visible element of `role` whose accessible name is `name` (the
 * parts of the name computation the app uses: aria-label, aria-labelledby, <label>, text).
 * Not puppeteer's ARIA query: in Firefox over BiDi each of those took 2–13 s on a meeting
 * page, and its `visible` wait looked only at the first match (the lobby's hidden "Leave").
 * Self-contained: puppeteer sends it to the page as source.
 */
function firstVisibleByRole({ role, name }: RoleQuery): Element | null {
  const selectors: Record<RoleQuery['role'], string> = {
    button: 'button, [role="button"], input[type="button"], input[type="submit"]',
    heading: 'h1, h2, h3, h4, h5, h6, [role="heading"]',
    group: 'fieldset, [role="group"]',
    textbox:
      'input:not([type]), input[type="text"], input[type="search"], textarea, [role="textbox"]',
  };
  const text = (element: Element | null) =>
    (element?.textContent ?? '').replace(/\s+/g, ' ').trim();
  const accessibleName = (element: Element): string => {
    const label = element.getAttribute('aria-label');
    if (label !== null && label.trim() !== '') return label.trim();
    const labelledBy = element.getAttribute('aria-labelledby');
    if (labelledBy !== null)
      return labelledBy
        .split(/\s+/)
        .map((id) => text(document.getElementById(id)))
        .join(' ')
        .trim();
    // Only form fields have `labels` (null for some input types).
    const labels = (element as Partial<HTMLInputElement>).labels ?? null;
    if (labels !== null && labels.length > 0) return [...labels].map((l) => text(l)).join(' ');
    return text(element);
  };
  for (const element of document.querySelectorAll(selectors[role]))
    if (accessibleName(element) === name && element.checkVisibility()) return element;
  return null;
}

/** Waits (every animation frame) for `firstVisibleByRole` to find the element. */
async function visibleByRole(page: Page, query: RoleQuery): Promise<ElementHandle> {
  const handle = await page.waitForFunction(
    firstVisibleByRole,
    { timeout: WAIT_MS, polling: 'raf' },
    query,
  );
  const element = handle.asElement();
  if (element === null) throw new Error(`no ${query.role} named "${query.name}"`);
  return element as ElementHandle;
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
      const field = await visibleByRole(page, { role: 'textbox', name: label });
      await field.evaluate((element) => {
        (element as HTMLInputElement).value = '';
      });
      await field.type(value);
      await field.dispose();
    },
    async clickByRole(role, name) {
      const element = await visibleByRole(page, { role, name });
      await element.click();
      await element.dispose();
    },
    async waitForRole(role, name) {
      await (await visibleByRole(page, { role, name })).dispose();
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
