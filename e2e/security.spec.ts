import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from '@playwright/test';
import { closeAll, joinMeeting, openApp, type User } from './app-driver.js';
import { expect, startConfab, test } from './fixtures.js';
import { mintRoomToken } from '../src/server/index.js';

// The security headers as a browser sees them: the app and the connection doctor run
// their whole flow under their Content-Security-Policy without a single violation;
// camera, microphone and screen capture work on the app's own origin, other powerful
// features do not; no other site can frame the app.

interface Violation {
  readonly directive: string;
  readonly blocked: string;
  readonly source: string;
}

/** Records every CSP violation of every page of the context (from before any script runs). */
async function watchViolations(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen: { directive: string; blocked: string; source: string }[] = [];
    (window as unknown as { cspViolations: typeof seen }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      seen.push({
        directive: event.violatedDirective,
        blocked: event.blockedURI,
        source: event.sourceFile,
      });
    });
  });
}

function violations(page: Page): Promise<Violation[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations);
}

let users: User[] = [];
test.afterEach(async () => {
  await closeAll(users);
  users = [];
});

test('the app runs a meeting under its CSP: camera, screen share, no violation; only its own origin gets powerful features', async ({
  browser,
  confab,
}) => {
  const ann = await openApp(browser, 'Ann');
  const ben = await openApp(browser, 'Ben');
  users = [ann, ben];
  for (const user of users) await watchViolations(user.context);
  const response = await ann.page.goto(`${confab.url}/r/csp-check`);
  const csp = response?.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  await joinMeeting(ann.page, 'Ann');
  await ben.page.goto(`${confab.url}/r/csp-check`);
  await joinMeeting(ben.page, 'Ben');
  await expect(ann.page.getByRole('group', { name: 'Ben', exact: true })).toBeVisible();
  await ann.page.getByRole('button', { name: 'Share screen' }).click();
  await expect(ann.page.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
  await expect(ben.page.getByRole('group', { name: 'Ann’s screen' })).toBeVisible();
  await ann.page.getByRole('button', { name: 'Stop sharing' }).click();
  // Not granted to this origin by Permissions-Policy: refused without asking anyone.
  const geolocation = await ann.page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        navigator.geolocation.getCurrentPosition(
          () => {
            resolve(0);
          },
          (error) => {
            resolve(error.code);
          },
        );
      }),
  );
  expect(geolocation).toBe(1);
  for (const user of users) expect(await violations(user.page), user.name).toEqual([]);
});

test('the connection doctor runs under its CSP and takes the room token from the fragment', async ({
  browser,
}) => {
  const secret = 'e2e-security-room-token-secret-32b';
  const confab = await startConfab({ authSecret: secret });
  try {
    const context = await browser.newContext();
    await watchViolations(context);
    const page = await context.newPage();
    const token = await mintRoomToken(secret, 'any', 600);
    await page.goto(`${confab.url}/doctor#token=${token}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    // Read, then taken out of the address bar (and so out of history and bookmarks).
    expect(page.url()).toBe(`${confab.url}/doctor`);
    await expect(page.locator('#token')).toHaveValue(token);
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    expect(await violations(page)).toEqual([]);
    await context.close();
  } finally {
    await confab.server.close();
  }
});

test('no other site can frame the app', async ({ browser, confab }) => {
  const other: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(
      `<!doctype html><iframe src="${confab.url}/" onload="document.body.dataset.loaded='1'"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  try {
    const address = other.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${String(port)}/`);
    await expect(page.locator('body')).toHaveAttribute('data-loaded', '1');
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    // Blocked by frame-ancestors (and X-Frame-Options): an error page, not the app.
    expect(frame?.url()).not.toBe(`${confab.url}/`);
    expect(await frame?.locator('#app').count()).toBe(0);
    await context.close();
  } finally {
    await new Promise<void>((resolve) => {
      other.close(() => {
        resolve();
      });
    });
  }
});
