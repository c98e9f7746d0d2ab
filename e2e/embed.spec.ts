import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { closeAll, joinMeeting, openApp, type User } from './app-driver.js';
import { expect, startConfab, test } from './fixtures.js';

/** Another site (a second origin: localhost, not 127.0.0.1) serving examples/embed.html. */
async function embeddingSite(): Promise<{ origin: string; server: Server }> {
  const page = await readFile(new URL('../examples/embed.html', import.meta.url), 'utf8');
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://localhost:${String(port)}`, server };
}

// A meeting embedded in another site's page with /lib/embed.js: commands from the page,
// events back to it, only for the site the server lists (--embed-origin).
test('a meeting embedded from a second origin talks to its page both ways', async ({ browser }) => {
  const site = await embeddingSite();
  const confab = await startConfab({ embedOrigins: [site.origin] });
  const users: User[] = [];
  try {
    const ann = await openApp(browser, 'Ann');
    users.push(ann);
    const query = new URLSearchParams({
      server: confab.url,
      room: 'embedded',
      name: 'Ann',
      autojoin: '1',
    });
    await ann.page.goto(`${site.origin}/?${query.toString()}`);
    const log = ann.page.getByRole('list', { name: 'Meeting events' });
    const frame = ann.page.frameLocator('iframe');

    await test.step('the iframe loads with camera and microphone delegated, and joins', async () => {
      const allow = await ann.page.locator('iframe').getAttribute('allow');
      expect(allow).toContain('camera');
      expect(allow).toContain('microphone');
      await expect(log).toContainText('ready {}');
      await expect(log).toContainText(/joined \{"id":"[^"]+","name":"Ann"\}/);
      await expect(log).toContainText('media {"audio":true,"video":true}');
      // The toolbar option: chat stays, screen sharing is left out.
      await expect(frame.getByRole('button', { name: 'Chat' })).toBeVisible();
      await expect(frame.getByRole('button', { name: 'Share screen' })).toBeHidden();
    });

    const bob = await openApp(browser, 'Bob');
    users.push(bob);
    await test.step('someone joining in the app shows up as an event', async () => {
      await bob.page.goto(`${confab.url}/r/embedded`);
      await joinMeeting(bob.page, 'Bob');
      await expect(log).toContainText(/participant-joined \{"id":"[^"]+","name":"Bob"\}/);
    });

    await test.step('the page mutes the microphone and turns the camera off', async () => {
      await ann.page.getByRole('button', { name: 'Mute', exact: true }).click();
      await expect(log).toContainText('media {"audio":false,"video":true}');
      await expect(frame.getByRole('button', { name: 'Unmute microphone' })).toBeVisible();
      await ann.page.getByRole('button', { name: 'Camera off' }).click();
      await expect(log).toContainText('media {"audio":false,"video":false}');
      await expect(frame.getByRole('button', { name: 'Turn on camera' })).toBeVisible();
    });

    await test.step('Bob leaving is an event; hanging up ends the meeting for good', async () => {
      await bob.page.getByRole('button', { name: 'Leave' }).click();
      await expect(log).toContainText(/participant-left \{"id":"[^"]+"\}/);
      await ann.page.getByRole('button', { name: 'Hang up' }).click();
      await expect(log).toContainText('left {"reason":null}');
      await expect(frame.getByRole('heading', { name: 'You left the meeting' })).toBeVisible();
      await expect(frame.getByRole('button', { name: 'Rejoin' })).toBeHidden();
    });
  } finally {
    await closeAll(users);
    await confab.server.close();
    site.server.close();
  }
});

test('a site the server does not list cannot embed a meeting', async ({ browser }) => {
  const site = await embeddingSite();
  const confab = await startConfab({ embedOrigins: ['https://intranet.example.org'] });
  const users: User[] = [];
  try {
    const eve = await openApp(browser, 'Eve');
    users.push(eve);
    const refused = eve.page.waitForResponse((r) => r.url().startsWith(`${confab.url}/r/`));
    await eve.page.goto(`${site.origin}/?server=${encodeURIComponent(confab.url)}`);
    expect((await refused).status()).toBe(403);
    await expect(eve.page.frameLocator('iframe').getByRole('button', { name: 'Join' })).toHaveCount(
      0,
    );
  } finally {
    await closeAll(users);
    await confab.server.close();
    site.server.close();
  }
});
