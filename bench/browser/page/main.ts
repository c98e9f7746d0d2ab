// The benchmark page: `window.confabBench`, driven by bench/browser (Playwright).
import { prewarm } from '../../../src/client/index.js';
import { joinConfab, joinPeerJs, type Local } from './arms.js';
import { floorRun } from './floor.js';
import { linkCounters, playRemoteAudio } from './links.js';
import { PairClock } from './timing.js';
import type { PageStatus, PrepareOptions } from './types.js';

let local: Local = { audio: null, video: null };
let clock: PairClock | null = null;
const errors: string[] = [];

async function prepare(options: PrepareOptions): Promise<void> {
  if (options.media === 'av' && local.video === null) {
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: true,
      video: { width: options.width, height: options.height, frameRate: options.fps },
    });
    local = {
      audio: stream.getAudioTracks()[0] ?? null,
      video: stream.getVideoTracks()[0] ?? null,
    };
  }
  // What confab's web app does on its pre-join screen.
  if (options.arm === 'confab') await prewarm();
}

function status(): PageStatus {
  const pairs = clock?.timings() ?? [];
  return {
    pairs,
    connected: pairs.filter((p) => p.connectedMs !== null).length,
    errors,
    marks: clock?.marks ?? [],
  };
}

window.confabBench = {
  prepare,
  status,
  async join(options) {
    // t0: media is ready, the page is loaded; now the participant presses "join".
    clock = new PairClock(performance.now());
    const join = options.arm === 'confab' ? joinConfab : joinPeerJs;
    await join(options, local, clock, errors);
    clock.mark('signaling ready');
  },
  floor: (options) => floorRun(options, local),
  received: () => clock?.received() ?? Promise.resolve([]),
  listen: () => playRemoteAudio(clock?.connections() ?? new Map()),
  links: () => linkCounters(clock?.connections() ?? new Map()),
};
