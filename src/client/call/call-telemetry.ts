import {
  MAX_TELEMETRY_FPS,
  MAX_TELEMETRY_FREEZE_SECONDS,
  MAX_TELEMETRY_REPORTS,
  MAX_TELEMETRY_RTT_MS,
  MAX_TELEMETRY_SETUP_MS,
  type ConnectionReport,
  type IceFailureReason,
  type RoomPath,
} from '../../protocol/index.js';
import { readConnectionStats } from '../connection-stats.js';
import type { SignalingClient } from '../signaling-client.js';
import type { Call } from './call.js';
import { callInternals } from './internals.js';

/** How often a call reports its connections' quality to the server (CallOptions). */
export const DEFAULT_TELEMETRY_INTERVAL_MS = 10_000;

/** Counters of one peer connection at the previous report. */
interface Totals {
  readonly lost: number;
  readonly received: number;
  readonly freeze: number;
}

type Stat = Readonly<Record<string, unknown>>;
const num = (value: unknown): number => (typeof value === 'number' && value >= 0 ? value : 0);
const clamp = (value: number, max: number): number => Math.min(max, Math.max(0, value));

/** What one peer connection's stats say since `previous`, and its counters now. */
export function connectionReport(
  stats: RTCStatsReport,
  path: RoomPath,
  previous: Totals | undefined,
): { report: ConnectionReport; totals: Totals } {
  const pair = readConnectionStats(stats);
  let lost = 0;
  let received = 0;
  let freeze = 0;
  let fps: number | null = null;
  for (const stat of stats.values() as IterableIterator<Stat>) {
    if (stat['type'] !== 'inbound-rtp') continue;
    lost += num(stat['packetsLost']);
    received += num(stat['packetsReceived']);
    if (stat['kind'] !== 'video') continue;
    freeze += num(stat['totalFreezesDuration']);
    fps = (fps ?? 0) + num(stat['framesPerSecond']);
  }
  const dLost = lost - (previous?.lost ?? 0);
  const dReceived = received - (previous?.received ?? 0);
  // Counters that went backwards belong to a rebuilt connection: no ratio this time.
  const lossRatio =
    dLost >= 0 && dReceived >= 0 && dLost + dReceived > 0 ? dLost / (dLost + dReceived) : null;
  return {
    report: {
      path,
      localType: pair?.localType ?? null,
      remoteType: pair?.remoteType ?? null,
      protocol: pair?.protocol ?? null,
      rttMs: pair?.rttMs === null || pair === null ? null : clamp(pair.rttMs, MAX_TELEMETRY_RTT_MS),
      lossRatio: lossRatio === null ? null : clamp(lossRatio, 1),
      fps: fps === null ? null : clamp(Math.round(fps), MAX_TELEMETRY_FPS),
      freezeSeconds: clamp(freeze - (previous?.freeze ?? 0), MAX_TELEMETRY_FREEZE_SECONDS),
    },
    totals: { lost, received, freeze },
  };
}

/**
 * Reports the call's quality to the server every `intervalMs` (docs/client.md,
 * "Telemetry"): per peer connection the selected pair, RTT, loss, frame rate and freeze
 * time, plus how long each participant took to connect and why a connection failed. No
 * ids, names or addresses: the server only aggregates. Off with `telemetry: false`.
 */
export class CallTelemetry {
  readonly #call: Call;
  readonly #signaling: SignalingClient;
  readonly #totals = new WeakMap<RTCPeerConnection, Totals>();
  /** When each participant arrived (performance.now()), until it first connects. */
  readonly #arrivals = new Map<string, number>();
  readonly #pendingSetup = new Map<string, number>();
  readonly #pendingFailure = new Map<string, IceFailureReason>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;
  #sending = false;

  constructor(call: Call, signaling: SignalingClient, intervalMs: number) {
    this.#call = call;
    this.#signaling = signaling;
    call.on('joined', () => {
      if (this.#timer === null && !this.#closed) this.#scheduleAfter(intervalMs);
    });
    call.on('participant-joined', (participant) => {
      if (participant.connection !== 'connected')
        this.#arrivals.set(participant.id, performance.now());
    });
    call.on('connection-state', (id, state) => {
      this.#onState(id, state);
    });
    call.on('participant-left', (id) => {
      this.#arrivals.delete(id);
      this.#pendingSetup.delete(id);
      this.#pendingFailure.delete(id);
    });
    call.on('closed', () => {
      this.#closed = true;
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
    });
  }

  /**
   * The next report `intervalMs` after this one was sent, not on a fixed beat: reading the
   * stats can take seconds on a busy machine, and two reports sent closer together than the
   * server allows are refused (`rate-limited`).
   */
  #scheduleAfter(intervalMs: number): void {
    this.#timer = setTimeout(() => {
      void this.report().finally(() => {
        if (!this.#closed) this.#scheduleAfter(intervalMs);
      });
    }, intervalMs);
  }

  /** Reads every connection's stats and sends one `telemetry` message. */
  async report(): Promise<void> {
    if (this.#sending || this.#call.state !== 'joined') return;
    this.#sending = true;
    try {
      const reports = await this.#collect();
      if (reports.length > 0)
        this.#signaling.sendTelemetry(reports.slice(0, MAX_TELEMETRY_REPORTS));
    } finally {
      this.#sending = false;
    }
  }

  #onState(id: string, state: string): void {
    const arrived = this.#arrivals.get(id);
    if (state === 'connected' && arrived !== undefined) {
      this.#arrivals.delete(id);
      this.#pendingSetup.set(
        id,
        clamp(Math.round(performance.now() - arrived), MAX_TELEMETRY_SETUP_MS),
      );
    }
    const failure = this.#call.participant(id)?.failure ?? null;
    if (state === 'failed' && failure !== null) this.#pendingFailure.set(id, failure);
  }

  async #collect(): Promise<ConnectionReport[]> {
    const internals = callInternals(this.#call);
    const reports: ConnectionReport[] = [];
    const events = new Set([...this.#pendingSetup.keys(), ...this.#pendingFailure.keys()]);
    for (const { id } of this.#call.participants) {
      const pc = internals.mesh.peer(id)?.pc;
      if (pc === undefined || pc.connectionState === 'closed') continue;
      const report = await this.#read(pc, 'mesh');
      if (report === null) continue;
      reports.push(this.#withEvents(report, id));
      events.delete(id);
    }
    const sfu = internals.sfu();
    for (const pc of [sfu?.publisher.pc, sfu?.subscriber?.pc]) {
      if (pc === undefined || pc.connectionState === 'closed') continue;
      const report = await this.#read(pc, 'sfu');
      if (report !== null) reports.push(report);
    }
    // Events of participants reached without a peer connection of their own (the SFU).
    for (const id of events)
      reports.push(
        this.#withEvents(
          {
            path: this.#call.path,
            localType: null,
            remoteType: null,
            protocol: null,
            rttMs: null,
            lossRatio: null,
            fps: null,
            freezeSeconds: 0,
          },
          id,
        ),
      );
    return reports;
  }

  async #read(pc: RTCPeerConnection, path: RoomPath): Promise<ConnectionReport | null> {
    try {
      const { report, totals } = connectionReport(await pc.getStats(), path, this.#totals.get(pc));
      this.#totals.set(pc, totals);
      return report;
    } catch {
      // Closed while reading: the next report sees what replaced it.
      return null;
    }
  }

  #withEvents(report: ConnectionReport, id: string): ConnectionReport {
    const setupMs = this.#pendingSetup.get(id);
    const iceFailure = this.#pendingFailure.get(id);
    this.#pendingSetup.delete(id);
    this.#pendingFailure.delete(id);
    return {
      ...report,
      ...(setupMs === undefined ? {} : { setupMs }),
      ...(iceFailure === undefined ? {} : { iceFailure }),
    };
  }
}
