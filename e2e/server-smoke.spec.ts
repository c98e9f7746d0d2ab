import { expect, test } from './fixtures.js';

test('the app is served and a browser joins a room over /ws on the same origin', async ({
  page,
  confab,
}) => {
  await page.goto(confab.url);
  await expect(page).toHaveTitle(/confab/);
  const welcome = await page.evaluate(async () => {
    const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
    await new Promise((resolve) => {
      socket.addEventListener('open', resolve, { once: true });
    });
    socket.send(JSON.stringify({ type: 'join', v: 3, room: 'smoke', name: 'Browser' }));
    const event = await new Promise<MessageEvent<string>>((resolve) => {
      socket.addEventListener('message', resolve, { once: true });
    });
    socket.close(1000);
    return JSON.parse(event.data) as { type: string; self: { name: string } };
  });
  expect(welcome.type).toBe('welcome');
  expect(welcome.self.name).toBe('Browser');
});
