import {
  closeAll,
  openApp,
  PHONE,
  screenshot,
  seriousA11yViolations,
  type User,
} from './app-driver.js';
import { expect, test } from './fixtures.js';

// The home page and languages: no media, so these are quick.
test.describe('home page and languages', () => {
  let users: User[] = [];
  test.afterEach(async () => {
    await closeAll(users);
    users = [];
  });

  test('join by a room name or a pasted link; nonsense is refused with a reason', async ({
    browser,
    confab,
  }) => {
    const ann = await openApp(browser, 'Ann');
    users = [ann];
    const { page } = ann;
    await page.goto(confab.url);
    await expect(page.getByRole('heading', { name: 'Meet in your browser' })).toBeVisible();
    await screenshot(page, 'home-desktop');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const field = page.getByLabel('Meeting name or link');
    await field.fill('not a room!');
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await expect(page.getByRole('alert')).toHaveText(/not a meeting link or name/);
    await expect(page).toHaveURL(`${confab.url}/`);

    await field.fill(`  ${confab.url}/r/weekly-sync  `);
    await page.getByRole('button', { name: 'Join meeting' }).click();
    await expect(page).toHaveURL(`${confab.url}/r/weekly-sync`);
    await expect(page.getByText('Meeting: weekly-sync')).toBeVisible();
    await expect(page.getByLabel('Your name')).toBeVisible();

    // Back returns home; the brand link too.
    await page.goBack();
    await expect(page.getByRole('heading', { name: 'Meet in your browser' })).toBeVisible();
    await page.getByLabel('Meeting name or link').fill('standup');
    await page.getByLabel('Meeting name or link').press('Enter');
    await expect(page).toHaveURL(`${confab.url}/r/standup`);
    await page.getByRole('link', { name: 'confab' }).click();
    await expect(page).toHaveURL(`${confab.url}/`);
  });

  test('the name is remembered for the next meeting', async ({ browser, confab }) => {
    const ann = await openApp(browser, 'Ann');
    users = [ann];
    await ann.page.goto(`${confab.url}/r/first`);
    await ann.page.getByLabel('Your name').fill('Ann Example');
    await ann.page.getByRole('button', { name: 'Join', exact: true }).click();
    await ann.page.getByRole('button', { name: 'Leave' }).click();
    await expect(ann.page.getByRole('heading', { name: 'You left the meeting' })).toBeVisible();
    await ann.page.goto(`${confab.url}/r/second`);
    await expect(ann.page.getByLabel('Your name')).toHaveValue('Ann Example');
  });

  test('Chinese follows the browser, English can be chosen, and the choice sticks', async ({
    browser,
    confab,
  }) => {
    const li = await openApp(browser, 'Li', { locale: 'zh-CN', viewport: PHONE });
    users = [li];
    const { page } = li;
    await page.goto(confab.url);
    await expect(page.getByRole('heading', { name: '在浏览器里开会' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page).toHaveTitle(/在浏览器里开会/);
    await page.getByRole('button', { name: '新建会议' }).click();
    await expect(page.getByLabel('你的名字')).toBeVisible();
    await expect(page.getByRole('button', { name: '加入', exact: true })).toBeVisible();
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await expect(page.getByLabel('Your name')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Ready to join?' })).toBeVisible();
  });
});
