// The two phases of the relay benchmark on one server: saturation (every pair keeps a window
// of signals in flight) and a latency probe under a fixed, paced background load.
import { cpuSeconds } from '../lib/proc.js';
import { sleep } from '../lib/processes.js';
import type { Pair } from './pairs.js';
import { payloadFor, type PayloadSize } from './payloads.js';

export interface SaturationResult {
  readonly relaysPerSecond: number;
  /** Server CPU (user + system) per relayed message, in microseconds. */
  readonly cpuMicrosPerRelay: number;
  /** Share of one core the server used while saturated (1 = 100 %). */
  readonly serverCpuShare: number;
}

export interface PhaseTiming {
  readonly warmupMs: number;
  readonly measureMs: number;
}

/** Each pair keeps `window` signals bouncing between its two members; every delivery counts. */
export async function saturate(
  pairs: readonly Pair[],
  serverPid: number,
  size: PayloadSize,
  window: number,
  timing: PhaseTiming,
): Promise<SaturationResult> {
  let running = true;
  let relayed = 0;
  for (const { a, b } of pairs) {
    const toB = payloadFor(size, 'a');
    const toA = payloadFor(size, 'b');
    a.onSignal = () => {
      relayed++;
      if (running) a.sendSignal(b.id, toB);
    };
    b.onSignal = () => {
      relayed++;
      if (running) b.sendSignal(a.id, toA);
    };
    for (let i = 0; i < window; i++) a.sendSignal(b.id, toB);
  }
  await sleep(timing.warmupMs);
  const start = { relayed, cpu: cpuSeconds(serverPid), at: performance.now() };
  await sleep(timing.measureMs);
  const end = { relayed, cpu: cpuSeconds(serverPid), at: performance.now() };
  running = false;
  await quiesce(() => relayed);
  const count = end.relayed - start.relayed;
  const seconds = (end.at - start.at) / 1000;
  return {
    relaysPerSecond: count / seconds,
    cpuMicrosPerRelay: ((end.cpu - start.cpu) * 1e6) / Math.max(1, count),
    serverCpuShare: (end.cpu - start.cpu) / seconds,
  };
}

/**
 * One probe pair does offer→answer round trips (two relay hops) back to back while the
 * other pairs send a paced load of `ratePerSecond` relays. Returns round-trip times in µs.
 */
export async function probe(
  probePair: Pair,
  background: readonly Pair[],
  size: PayloadSize,
  ratePerSecond: number,
  durationMs: number,
): Promise<number[]> {
  let running = true;
  for (const { a, b } of background) {
    const toA = payloadFor(size, 'b');
    a.onSignal = () => undefined;
    b.onSignal = () => {
      b.sendSignal(a.id, toA);
    };
  }
  const tickMs = 5;
  let owed = 0;
  let next = 0;
  const pacer = setInterval(() => {
    // Each exchange is two relays (there and back).
    owed += (ratePerSecond * tickMs) / 1000 / 2;
    for (; owed >= 1; owed--) {
      const pair = background[next++ % background.length];
      pair?.a.sendSignal(pair.b.id, payloadFor(size, 'a'));
    }
  }, tickMs);
  const samples: number[] = [];
  const { a, b } = probePair;
  const offer = payloadFor(size, 'a');
  const answer = payloadFor(size, 'b');
  let sentAt = 0;
  b.onSignal = () => {
    b.sendSignal(a.id, answer);
  };
  const done = new Promise<void>((resolve) => {
    a.onSignal = () => {
      samples.push((performance.now() - sentAt) * 1000);
      if (!running) {
        resolve();
        return;
      }
      sentAt = performance.now();
      a.sendSignal(b.id, offer);
    };
  });
  sentAt = performance.now();
  a.sendSignal(b.id, offer);
  await sleep(durationMs);
  running = false;
  clearInterval(pacer);
  await done;
  await sleep(100);
  // The first round trips warm the path up.
  return samples.slice(Math.min(50, Math.floor(samples.length / 10)));
}

/** Waits until no more messages arrive (in-flight signals drained). */
async function quiesce(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await sleep(50);
  }
}
