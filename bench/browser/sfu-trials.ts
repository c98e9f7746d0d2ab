// The trials of the SFU benchmark, on a real confab server (in this process) with the real
// web app: a room of N people on the mesh or on the SFU (join time, what every page receives,
// CPU and upload), and the life of one meeting across the switches (media gaps) and a Janus
// killed with SIGKILL (time to media back).
import { loadavg } from 'node:os';
import type { Browser } from 'playwright-core';
import { endGapWindow, startGapWindow, type MediaGap } from '../../e2e/support/media-gaps.js';
import { sleep } from '../lib/processes.js';
import { median } from '../lib/stats.js';
import { heightRatio } from './tile-ratio.js';
import {
  joinChromium,
  joinFirefox,
  playsAll,
  readPage,
  type Participant,
  type PageReading,
  type ParticipantBrowser,
} from './sfu-participants.js';

export interface TrialEnv {
  readonly browser: Browser;
  /** CPU seconds so far of every Chromium process of this run. */
  chromiumCpuSeconds(): number;
}

export interface RoomSpec {
  readonly url: string;
  readonly n: number;
  /** Which participants (by index) run in Firefox. */
  readonly firefoxAt: readonly number[];
  readonly budgetMs: number;
  readonly steadyMs: number;
  /** The cameras' picture height: no tile can be sent more than that. */
  readonly captureHeight: number;
  /** CPU seconds so far of the media server, or null when there is none. */
  readonly janusCpuSeconds: () => number | null;
}

export interface RoomFigures {
  readonly browsers: ParticipantBrowser[];
  /** People who got into the meeting, of N (a join that timed out ends the joining). */
  readonly joined: number;
  /** Why the next person could not join (null: all N did). */
  readonly joinError: string | null;
  /** From the last Join to every page playing the N - 1 others (null: not within budget). */
  readonly lastJoinToAllPlayingMs: number | null;
  readonly firstJoinToAllPlayingMs: number | null;
  /** Videos playing at the end of the wait, of N × (N - 1). */
  readonly videosPlaying: number;
  readonly receivedFps: { median: number; min: number };
  readonly receivedHeight: { median: number; min: number };
  /** Received height ÷ the height its tile shows it at (capped at 720 and the capture's). */
  readonly heightRatio: { median: number; min: number };
  readonly uploadKbpsPerParticipant: number;
  /** Browser CPU (cores) per participant over the steady window. */
  readonly browserCoresPerParticipant: number;
  readonly janusCores: number | null;
  readonly path: string;
  /** The machine's 1-minute load average at the end (the machine is shared). */
  readonly loadAverage: number;
}

async function readAll(people: readonly Participant[], sent = false): Promise<PageReading[]> {
  return Promise.all(people.map((p) => readPage(p, sent)));
}

/** How many remote videos each page plays (sized, advancing) between two readings. */
function playing(before: readonly PageReading[], after: readonly PageReading[]): number {
  let count = 0;
  after.forEach((reading, i) => {
    for (const tile of reading.tiles) {
      const earlier = before[i]?.tiles.find((t) => t.id === tile.id);
      if (tile.height > 0 && earlier !== undefined && tile.time > earlier.time) count++;
    }
  });
  return count;
}

/** Every page read twice, 250 ms apart: what plays is what advanced in between. */
async function twoReadings(
  people: readonly Participant[],
): Promise<[PageReading[], PageReading[]]> {
  const before = await readAll(people);
  await sleep(250);
  return [before, await readAll(people)];
}

/** Waits until every page plays all others; resolves with the time taken, or null. */
export async function untilAllPlaying(
  people: readonly Participant[],
  budgetMs: number,
): Promise<{ ms: number | null; videos: number }> {
  const start = Date.now();
  let videos = 0;
  while (Date.now() - start < budgetMs) {
    const [before, after] = await twoReadings(people);
    videos = playing(before, after);
    if (after.every((reading, i) => playsAll(before[i] ?? reading, reading, people.length - 1)))
      return { ms: Date.now() - start, videos };
  }
  return { ms: null, videos };
}

export async function join(
  env: TrialEnv,
  url: string,
  name: string,
  which: ParticipantBrowser,
): Promise<Participant> {
  return which === 'firefox' ? joinFirefox(url, name) : joinChromium(env.browser, url, name);
}

/**
 * People join one after another (each once the previous is in the meeting) until all N are
 * in or one cannot join (a saturated machine times the page load or the Join out): that is
 * a result of the trial, not an end to the benchmark.
 */
async function joinAll(
  env: TrialEnv,
  spec: RoomSpec,
  people: Participant[],
): Promise<string | null> {
  for (let k = 0; k < spec.n; k++) {
    const which = spec.firefoxAt.includes(k) ? 'firefox' : 'chromium';
    try {
      people.push(await join(env, spec.url, `P${String(k + 1)}`, which));
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return `P${String(k + 1)} could not join: ${reason ?? ''}`;
    }
  }
  return null;
}

/** N people join one after another; measures. */
export async function runRoom(env: TrialEnv, spec: RoomSpec): Promise<RoomFigures> {
  const people: Participant[] = [];
  try {
    const firstJoin = Date.now();
    const joinError = await joinAll(env, spec, people);
    const lastJoin = Date.now();
    const wait =
      joinError === null
        ? await untilAllPlaying(people, spec.budgetMs)
        : { ms: null, videos: playing(...(await twoReadings(people))) };
    const ownCpu = () => people.reduce((sum, p) => sum + (p.ownCpuSeconds() ?? 0), 0);
    const cpu0 = env.chromiumCpuSeconds() + ownCpu();
    const janus0 = spec.janusCpuSeconds();
    const before = await readAll(people, true);
    const t0 = Date.now();
    await sleep(spec.steadyMs);
    const after = await readAll(people, true);
    const seconds = (Date.now() - t0) / 1000;
    const cpu1 = env.chromiumCpuSeconds() + ownCpu();
    const janus1 = spec.janusCpuSeconds();
    const fps: number[] = [];
    const heights: number[] = [];
    const ratios: number[] = [];
    const uploads: number[] = [];
    after.forEach((reading, i) => {
      const earlier = before[i];
      if (earlier === undefined) return;
      uploads.push(((reading.bytesSent - earlier.bytesSent) * 8) / seconds / 1000);
      for (const tile of reading.tiles) {
        const then = earlier.tiles.find((t) => t.id === tile.id);
        fps.push(then === undefined ? 0 : (tile.frames - then.frames) / seconds);
        heights.push(tile.height);
        ratios.push(heightRatio(tile.height, tile.shownHeight, spec.captureHeight));
      }
    });
    const expected = spec.n * (spec.n - 1);
    while (fps.length < expected) fps.push(0);
    while (heights.length < expected) heights.push(0);
    while (ratios.length < expected) ratios.push(0);
    return {
      browsers: people.map((p) => p.browser),
      joined: people.length,
      joinError,
      lastJoinToAllPlayingMs: wait.ms,
      firstJoinToAllPlayingMs: wait.ms === null ? null : lastJoin - firstJoin + wait.ms,
      videosPlaying: wait.videos,
      receivedFps: { median: median(fps), min: Math.min(...fps) },
      receivedHeight: { median: median(heights), min: Math.min(...heights) },
      heightRatio: { median: median(ratios), min: Math.min(...ratios) },
      uploadKbpsPerParticipant: median(uploads),
      browserCoresPerParticipant: (cpu1 - cpu0) / seconds / spec.n,
      janusCores: janus0 === null || janus1 === null ? null : (janus1 - janus0) / seconds,
      path: after[0]?.path ?? '',
      loadAverage: loadavg()[0] ?? Number.NaN,
    };
  } finally {
    await Promise.all(people.map((p) => p.close()));
  }
}

/** Each page's open connections: peer to peer (they carry a data channel) or to the SFU. */
export function connectionsByPath(
  participant: Participant,
): Promise<{ mesh: number; sfu: number }> {
  return participant.evaluate(() => {
    const open = (window.confabTestPeerConnections ?? []).filter(
      (pc) => pc.signalingState !== 'closed' && pc.remoteDescription !== null,
    );
    const mesh = open.filter((pc) => pc.remoteDescription?.sdp.includes('m=application') === true);
    return { mesh: mesh.length, sfu: open.length - mesh.length };
  });
}

/** Polls `condition` every 100 ms up to `budgetMs`; the time it took, or null. */
export async function timeUntil(
  condition: () => Promise<boolean>,
  budgetMs: number,
  since = Date.now(),
): Promise<number | null> {
  while (Date.now() - since < budgetMs) {
    if (await condition()) return Date.now() - since;
    await sleep(100);
  }
  return null;
}

/** The worst audio gap and video freeze per receiver → sender pair of one switch. */
export interface SwitchGaps {
  readonly pairs: number;
  readonly worstAudioGapMs: number;
  readonly worstVideoGapMs: number;
  readonly audioGapsMs: number[];
  readonly videoGapsMs: number[];
}

export async function startGaps(people: readonly Participant[]): Promise<void> {
  for (const person of people) await startGapWindow(person);
}

/** Ends the gap windows, counting only senders still in `people`. */
export async function endGaps(people: readonly Participant[]): Promise<SwitchGaps> {
  const names = new Set(people.map((p) => p.name));
  const gaps: MediaGap[] = [];
  for (const person of people)
    gaps.push(...(await endGapWindow(person)).filter((g) => names.has(g.name)));
  const audio = gaps.map((g) => g.audioGapMs);
  const video = gaps.map((g) => g.videoGapMs);
  return {
    pairs: gaps.length,
    worstAudioGapMs: Math.max(...audio),
    worstVideoGapMs: Math.max(...video),
    audioGapsMs: audio,
    videoGapsMs: video,
  };
}
