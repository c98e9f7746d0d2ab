// What a person feels, read from getStats on every receiver of the impaired participant:
// freezes, frame rate and height of its video, concealed audio, and how soon the picture
// comes back once the network is good again.
import type { Page } from 'playwright-core';
import { sleep } from '../lib/processes.js';
import { median } from '../lib/stats.js';
import { pageApi } from './chromium.js';
import type { LinkCounters } from './page/types.js';

/** One stream's counters on one receiver, keyed `<receiver index>/<remote id>`. */
type Snapshot = Map<string, LinkCounters>;
interface Sample {
  readonly at: number;
  readonly links: Snapshot;
}

export interface StreamFigures {
  readonly freezesPerMinute: number;
  readonly freezeSecondsPerMinute: number;
  readonly fps: number;
  readonly frameHeight: number;
  readonly concealedRatio: number;
  /** The worst one-second share of concealed audio samples. */
  readonly worstSecondConcealed: number;
  /** Seconds in which at least half the audio played out was concealment: an audible gap. */
  readonly audioDropoutSeconds: number;
  /** Packets lost ÷ expected in the window, as the receiver counts them (proves the drop). */
  readonly videoPacketLoss: number;
  readonly audioPacketLoss: number;
}

interface Packets {
  readonly packetsReceived: number;
  readonly packetsLost: number;
}

function lossShare(from: Packets | null, to: Packets | null): number {
  if (from === null || to === null) return Number.NaN;
  const lost = to.packetsLost - from.packetsLost;
  const expected = lost + to.packetsReceived - from.packetsReceived;
  return expected > 0 ? lost / expected : Number.NaN;
}

const SAMPLE_MS = 1000;
const RECOVERY_POLL_MS = 250;
const RECOVERY_MIN_WINDOW_MS = 500;
const RECOVERY_WINDOW_MS = 1000;
/** Half a second of concealment counts as a gap the listener hears. */
const DROPOUT_SHARE = 0.5;

/** The UDP ports `page`'s connections send from (the impaired participant's sockets). */
export async function sendingPorts(page: Page): Promise<number[]> {
  const links = await pageApi.links(page);
  return links
    .filter((l) => l.protocol === 'udp' && l.localPort !== null)
    .map((l) => l.localPort ?? 0);
}

/** Every other page's connections whose far end is one of `ports`. */
async function snapshot(pages: readonly Page[], ports: readonly number[]): Promise<Sample> {
  const all = await Promise.all(pages.map((p) => pageApi.links(p)));
  const links: Snapshot = new Map();
  all.forEach((pageLinks, index) => {
    for (const link of pageLinks)
      if (link.remotePort !== null && ports.includes(link.remotePort))
        links.set(`${String(index)}/${link.remoteId}`, link);
  });
  return { at: Date.now(), links };
}

/** Samples every second for `ms`; the figures of every stream from the impaired participant. */
export async function measureWindow(
  pages: readonly Page[],
  ports: readonly number[],
  ms: number,
): Promise<Map<string, StreamFigures>> {
  const samples: Sample[] = [await snapshot(pages, ports)];
  const end = (samples[0]?.at ?? Date.now()) + ms;
  while (Date.now() < end) {
    await sleep(Math.min(SAMPLE_MS, Math.max(0, end - Date.now())));
    samples.push(await snapshot(pages, ports));
  }
  const figures = new Map<string, StreamFigures>();
  for (const key of samples[0]?.links.keys() ?? []) {
    const series = samples.flatMap((s) => {
      const link = s.links.get(key);
      return link === undefined ? [] : [{ at: s.at, link }];
    });
    const result = streamFigures(series);
    if (result !== null) figures.set(key, result);
  }
  return figures;
}

function streamFigures(
  series: readonly { at: number; link: LinkCounters }[],
): StreamFigures | null {
  const first = series[0];
  const last = series[series.length - 1];
  if (first === undefined || last === undefined || last.at <= first.at) return null;
  const minutes = (last.at - first.at) / 60_000;
  const v0 = first.link.video;
  const v1 = last.link.video;
  const a0 = first.link.audio;
  const a1 = last.link.audio;
  const concealed = (from: typeof a0, to: typeof a0): number => {
    if (from === null || to === null) return Number.NaN;
    const total = to.totalSamplesReceived - from.totalSamplesReceived;
    return total > 0 ? (to.concealedSamples - from.concealedSamples) / total : 1;
  };
  const seconds: number[] = [];
  for (let i = 1; i < series.length; i++)
    seconds.push(concealed(series[i - 1]?.link.audio ?? null, series[i]?.link.audio ?? null));
  const measuredSeconds = seconds.filter((s) => Number.isFinite(s));
  return {
    freezesPerMinute: v0 && v1 ? (v1.freezeCount - v0.freezeCount) / minutes : Number.NaN,
    freezeSecondsPerMinute:
      v0 && v1 ? (v1.totalFreezesDuration - v0.totalFreezesDuration) / minutes : Number.NaN,
    fps: v0 && v1 ? (v1.framesDecoded - v0.framesDecoded) / (minutes * 60) : Number.NaN,
    frameHeight: median(series.map((s) => s.link.video?.frameHeight ?? 0)),
    concealedRatio: concealed(a0, a1),
    worstSecondConcealed: measuredSeconds.length > 0 ? Math.max(...measuredSeconds) : Number.NaN,
    audioDropoutSeconds: measuredSeconds.filter((s) => s >= DROPOUT_SHARE).length,
    videoPacketLoss: lossShare(v0, v1),
    audioPacketLoss: lossShare(a0, a1),
  };
}

/**
 * Milliseconds from now (the impairment just removed) until every stream decodes at least
 * `share` of its clean frame rate over a trailing window (≥ 0.5 s, at most 1 s, never
 * reaching back before now); null when that did not happen within `capMs`.
 */
export async function awaitRecovery(
  pages: readonly Page[],
  ports: readonly number[],
  cleanFps: ReadonlyMap<string, number>,
  share: number,
  capMs: number,
): Promise<number | null> {
  const history: Sample[] = [await snapshot(pages, ports)];
  const start = history[0]?.at ?? Date.now();
  while (Date.now() - start <= capMs) {
    await sleep(RECOVERY_POLL_MS);
    const now = await snapshot(pages, ports);
    history.push(now);
    const from = [...history].reverse().find((s) => now.at - s.at >= RECOVERY_WINDOW_MS);
    const base = from ?? history[0];
    if (base === undefined || now.at - base.at < RECOVERY_MIN_WINDOW_MS) continue;
    const recovered = [...cleanFps].every(([key, clean]) => {
      const a = base.links.get(key)?.video;
      const b = now.links.get(key)?.video;
      if (!a || !b) return false;
      return (b.framesDecoded - a.framesDecoded) / ((now.at - base.at) / 1000) >= share * clean;
    });
    if (recovered) return now.at - start;
  }
  return null;
}
