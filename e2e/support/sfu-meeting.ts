// Meetings that outgrow the mesh, through the web app as people use it: a server with its
// own Janus (--with-sfu, --mesh-max 4, a short --sfu-hold so the way back is testable),
// Chromium participants with a small file camera (ten of them fit on two cores) and
// Firefox participants with a fake camera of the same size, each joining by "Your name"
// and "Join".
import { chromium, type Browser } from '@playwright/test';
import { configuredLaunchOptions } from '../app-driver.js';
import { expect, startConfab, test as base, type ConfabFixture } from '../fixtures.js';
import { lowerBrowserPriority } from './cpu-priority.js';
import { openChromiumPage, PAGE_SIZE, type BrowserName, type BrowserPage } from './browser-page.js';
import { launchFirefox, type FakeCamera } from './firefox.js';
import { joinMeetingAs } from './mixed-meeting.js';
import { writeQuietMicrophone } from './quiet-microphone.js';
import { writeY4mCamera, type Y4mCamera } from './y4m.js';

/** The room is a mesh up to this many people (the default), on the SFU above. */
export const MESH_MAX = 4;
/** Back to the mesh after this long at MESH_MAX - 1 or fewer (20 s by default). */
export const SFU_HOLD_MS = 2000;

/** What the meeting says about the media path, in plain words (src/web/i18n/en.ts). */
export const PATH_TEXT = {
  mesh: 'Peer to peer · encrypted end to end',
  sfu: 'Through this server’s media relay',
} as const;
export const MEDIA_SERVER_LOST = 'The media server was lost; reconnecting…';

export interface Person {
  readonly name: string;
  readonly page: BrowserPage;
}

export interface SfuMeeting {
  readonly confab: ConfabFixture;
  /** Opens the room in a new browser page (its own context or process) and joins it. */
  join(name: string, room: string, browser?: BrowserName): Promise<Person>;
  /** The pid of the server's Janus child process. */
  janusPid(): number;
}

/** Every participant's camera (Chromium's file camera, Firefox's capped fake one). */
export const SFU_CAMERA: FakeCamera = { width: 320, height: 240, frameRate: 15 };

export interface SfuMeetingOptions {
  /** Every participant's camera. */
  readonly camera: FakeCamera;
  /** The window size of the Chromium participants' pages. */
  readonly pageSize: { readonly width: number; readonly height: number };
  /** Chromium microphones play silence (quiet-microphone.ts) instead of the beeping fake. */
  readonly quietMicrophones: boolean;
}

export const test = base.extend<{ sfu: SfuMeeting } & SfuMeetingOptions>({
  camera: [SFU_CAMERA, { option: true }],
  pageSize: [PAGE_SIZE, { option: true }],
  quietMicrophones: [false, { option: true }],
  sfu: async ({ camera: size, pageSize, quietMicrophones }, use) => {
    const camera: Y4mCamera = await writeY4mCamera(size.width, size.height, size.frameRate);
    const microphone = quietMicrophones ? await writeQuietMicrophone() : null;
    const confab = await startConfab({
      withSfu: true,
      meshMax: MESH_MAX,
      sfuHoldMs: SFU_HOLD_MS,
      // Ten browsers on two cores: a new page's request can reach the server more than the
      // default 10 s after its connection opened, and Node answers it 408 (empty), which
      // Chromium reports as ERR_HTTP_RESPONSE_CODE_FAILURE. A slowloris guard, not under test.
      headersTimeoutMs: 60_000,
      requestTimeoutMs: 60_000,
    });
    const launch = configuredLaunchOptions();
    let browser: Browser | null = null;
    const pages: BrowserPage[] = [];
    try {
      await expect.poll(() => confab.server.sfu?.pool.healthyCount()).toBe(1);
      browser = await chromium.launch({
        ...launch,
        args: [
          ...(launch.args ?? []),
          camera.flag,
          ...(microphone === null ? [] : [microphone.flag]),
        ],
      });
      lowerBrowserPriority();
      const chromiumBrowser = browser;
      await use({
        confab,
        async join(name, room, which = 'chromium') {
          const page =
            which === 'chromium'
              ? await openChromiumPage(chromiumBrowser, name, pageSize)
              : await launchFirefox(name, size);
          lowerBrowserPriority();
          pages.push(page);
          await page.goto(`${confab.url}/r/${room}`);
          await untilInTheMeeting(page, name);
          return { name, page };
        },
        janusPid() {
          const pid = confab.server.sfu?.pool.local?.process?.pid;
          if (pid === undefined) throw new Error('no local Janus running');
          return pid;
        },
      });
    } finally {
      await Promise.all(pages.map((page) => page.close()));
      await browser?.close();
      await confab.server.close();
      await camera.remove();
      await microphone?.remove();
    }
  },
});

export { expect };

/** Time for one person to get from the loaded page into the meeting on a saturated machine. */
const JOIN_MS = 120_000;

/** Joins as `name`; when that takes too long, says what the page shows instead. */
async function untilInTheMeeting(page: BrowserPage, name: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      void page
        .evaluate(() => document.body.innerText.slice(0, 400))
        .catch((error: unknown) => String(error))
        .then((text) => {
          reject(
            new Error(`${name} is not in the meeting after ${String(JOIN_MS)} ms; page: ${text}`),
          );
        });
    }, JOIN_MS);
  });
  try {
    await Promise.race([joinMeetingAs(page, name), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The meeting's "how media travels" line. */
export function mediaPath(page: BrowserPage): Promise<string> {
  return page.evaluate(() => document.querySelector('.media-path')?.textContent ?? '');
}

/** The page's open connections by what they are: peer to peer (with a data channel) or to the SFU. */
export function connectionsByPath(page: BrowserPage): Promise<{ mesh: number; sfu: number }> {
  return page.evaluate(() => {
    const open = (window.confabTestPeerConnections ?? []).filter(
      (pc) => pc.signalingState !== 'closed' && pc.remoteDescription !== null,
    );
    // Only peer-to-peer connections carry a data channel (m=application).
    const mesh = open.filter((pc) => pc.remoteDescription?.sdp.includes('m=application') === true);
    return { mesh: mesh.length, sfu: open.length - mesh.length };
  });
}

/** The text of the banners the meeting shows. */
export function banners(page: BrowserPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.banner')].map((element) => element.textContent),
  );
}
