// Drives the meeting web app the way a person does: real pages, typing and clicking by
// label and role. One browser context per participant, the real server, fake camera/mic.
import { AxeBuilder } from '@axe-core/playwright';
import {
  expect,
  test,
  type Browser,
  type BrowserContext,
  type LaunchOptions,
  type Page,
} from '@playwright/test';
import { mkdir } from 'node:fs/promises';
import type { PageScripts } from './support/browser-page.js';

/** Where the run leaves its screenshots (copies for the README live in docs/screenshots). */
export const SCREENSHOTS = 'test-results/screenshots';

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface User {
  readonly name: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

/** A fresh browser context (own storage, like another person's browser) with one page. */
export async function openApp(
  browser: Browser,
  name: string,
  options: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<User> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    ...(options.locale === undefined ? {} : { locale: options.locale }),
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => {
    console.error(`[${name}] page error: ${error.message}`);
  });
  return { name, context, page };
}

/** The launch options of the configured browser, to start one with different devices. */
export function configuredLaunchOptions(): LaunchOptions {
  return test.info().project.use.launchOptions ?? {};
}

/** On the pre-join page: types the name and presses Join; resolves in the meeting. */
export async function joinMeeting(page: Page, name: string): Promise<void> {
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Leave' })).toBeVisible();
}

/** A remote participant's camera tile, found by its accessible name (their name). */
export function tileOf(page: Page, name: string) {
  return page.getByRole('group', { name, exact: true });
}

export interface Playback {
  readonly name: string;
  readonly state: string;
  readonly videoWidth: number;
  readonly videoTime: number;
  readonly audioTime: number;
  /** Their microphone track is live and receiving packets (not muted by the network). */
  readonly audioFlowing: boolean;
}

/** What this page plays of every remote participant's camera tile and audio element. */
export async function playback(page: PageScripts): Promise<Playback[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-peer-id][data-source="camera"]')].map(
      (tile) => {
        const id = tile.dataset['peerId'] ?? '';
        const video = tile.querySelector('video');
        const audio = document.querySelector<HTMLAudioElement>(`audio[data-peer-id="${id}"]`);
        const stream = audio?.srcObject instanceof MediaStream ? audio.srcObject : null;
        const track = stream?.getAudioTracks()[0];
        return {
          name: tile.getAttribute('aria-label') ?? '',
          state: tile.dataset['connectionState'] ?? '',
          videoWidth: video?.videoWidth ?? 0,
          videoTime: video?.currentTime ?? 0,
          audioTime: audio?.currentTime ?? 0,
          audioFlowing:
            audio !== null && !audio.paused && track?.readyState === 'live' && !track.muted,
        };
      },
    ),
  );
}

/**
 * Every named participant's tile is connected, its video has a size and both its video and
 * its audio keep playing (currentTime advances past the first reading).
 */
export async function expectSeesAndHears(
  user: { readonly name: string; readonly page: PageScripts },
  others: readonly string[],
  options: { video?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const wantVideo = options.video ?? true;
  // A page starved of CPU answers each look into it late: give such pages more time.
  const timeout = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
  await expect
    .poll(async () => (await playback(user.page)).map((p) => p.name).sort(), {
      message: `${user.name}: tiles`,
      ...timeout,
    })
    .toEqual([...others].sort());
  await expect
    .poll(
      async () =>
        (await playback(user.page))
          .filter(
            (p) => p.state !== 'connected' || !p.audioFlowing || (wantVideo && p.videoWidth === 0),
          )
          .map((p) => p.name),
      {
        message: `${user.name}: connected with media`,
        timeout: Math.max(45_000, options.timeoutMs ?? 0),
      },
    )
    .toEqual([]);
  const first = await playback(user.page);
  await expect
    .poll(
      async () =>
        (await playback(user.page))
          .filter((p) => {
            const before = first.find((f) => f.name === p.name);
            const audioAdvanced = before !== undefined && p.audioTime > before.audioTime;
            const videoAdvanced = before !== undefined && p.videoTime > before.videoTime;
            return !audioAdvanced || (wantVideo && !videoAdvanced);
          })
          .map((p) => p.name),
      { message: `${user.name}: playing`, ...timeout },
    )
    .toEqual([]);
}

/** Serious and critical accessibility problems axe-core finds on the page as it is now. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  for (const violation of results.violations)
    console.log(
      `axe ${violation.impact ?? '?'}: ${violation.id} (${String(violation.nodes.length)})`,
    );
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes[0]?.target.join(' ') ?? ''})`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
}

export async function closeAll(users: readonly User[]): Promise<void> {
  await Promise.all(users.map((user) => user.context.close()));
}
