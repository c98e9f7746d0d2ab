// Per-pair timings on one page: when each RTCPeerConnection reached `connected`, and when
// its first video frame was decoded (getStats, polled; the same method for every arm).
import type { PairTiming, ReceivedVideo } from './types.js';

const FRAME_POLL_MS = 10;

export class PairClock {
  readonly #t0: number;
  readonly #connections = new Map<string, RTCPeerConnection>();
  readonly #pairs = new Map<string, { connectedMs: number | null; firstFrameMs: number | null }>();

  constructor(t0: number) {
    this.#t0 = t0;
  }

  /** Watches one connection to `remoteId`; `video` also waits for its first decoded frame. */
  watch(remoteId: string, pc: RTCPeerConnection, video: boolean): void {
    this.#connections.set(remoteId, pc);
    const entry = { connectedMs: null as number | null, firstFrameMs: null as number | null };
    this.#pairs.set(remoteId, entry);
    const onState = (): void => {
      if (pc.connectionState === 'connected' && entry.connectedMs === null) {
        entry.connectedMs = this.#since();
        this.mark(`connected ${remoteId.slice(0, 6)}`);
      }
    };
    pc.addEventListener('connectionstatechange', onState);
    pc.addEventListener('signalingstatechange', () => {
      this.mark(`${pc.signalingState} ${remoteId.slice(0, 6)}`);
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      this.mark(`ice-${pc.iceConnectionState} ${remoteId.slice(0, 6)}`);
    });
    onState();
    if (video) void this.#awaitFirstFrame(pc, entry);
  }

  /** Named moments of the join (signaling ready, offers sent), for reading where time goes. */
  readonly marks: [string, number][] = [];
  mark(name: string): void {
    this.marks.push([name, Math.round(this.#since())]);
  }

  /** Every connection's incoming video: decoded height and frame rate right now. */
  async received(): Promise<ReceivedVideo[]> {
    const videos: ReceivedVideo[] = [];
    for (const [remoteId, pc] of this.#connections) {
      if (pc.connectionState === 'closed') continue;
      const report = await pc.getStats();
      for (const stat of report.values() as IterableIterator<Record<string, unknown>>) {
        if (stat['type'] !== 'inbound-rtp' || stat['kind'] !== 'video') continue;
        videos.push({
          remoteId,
          frameHeight: Number(stat['frameHeight'] ?? 0),
          framesPerSecond: Number(stat['framesPerSecond'] ?? 0),
        });
      }
    }
    return videos;
  }

  /** Every connection watched so far, by remote member (the network benchmark reads them). */
  connections(): ReadonlyMap<string, RTCPeerConnection> {
    return this.#connections;
  }

  timings(): PairTiming[] {
    return [...this.#pairs].map(([remoteId, t]) => ({ remoteId, ...t }));
  }

  #since(): number {
    return performance.now() - this.#t0;
  }

  async #awaitFirstFrame(pc: RTCPeerConnection, entry: { firstFrameMs: number | null }) {
    while (pc.connectionState !== 'closed') {
      const report = await pc.getStats();
      for (const stat of report.values() as IterableIterator<Record<string, unknown>>) {
        if (
          stat['type'] === 'inbound-rtp' &&
          stat['kind'] === 'video' &&
          Number(stat['framesDecoded'] ?? 0) > 0
        ) {
          entry.firstFrameMs = this.#since();
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, FRAME_POLL_MS));
    }
  }
}
