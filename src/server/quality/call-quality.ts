import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ConnectionReport } from '../../protocol/index.js';

/** How a connection's selected pair reaches the other side, its less direct end deciding. */
export type PairType = 'host' | 'srflx' | 'prflx' | 'relay';
const PAIR_TYPES: readonly PairType[] = ['host', 'srflx', 'prflx', 'relay'];

export function pairTypeOf(report: ConnectionReport): PairType | null {
  const { localType, remoteType } = report;
  if (localType === null || remoteType === null) return null;
  return (
    PAIR_TYPES[Math.max(PAIR_TYPES.indexOf(localType), PAIR_TYPES.indexOf(remoteType))] ?? null
  );
}

/** A member's latest reports, as the admin page shows them. */
export interface MemberQuality {
  /** When the reports arrived (unix ms). */
  readonly updatedAt: number;
  readonly connections: readonly ConnectionReport[];
}

/** `too-frequent`: the connection reported again within the telemetry interval. */
export type TelemetryVerdict = 'accepted' | 'too-frequent';

interface Latest extends MemberQuality {
  readonly receivedAt: number;
}

/** Reports older than this are left out of the live gauges (the client stopped reporting). */
const STALE_MS = 60_000;

/**
 * Call quality from the clients' telemetry: counters and histograms of what was reported,
 * and gauges over each live connection's latest reports. Reports name no one; the latest
 * ones are kept by member only while its connection lives (the admin page shows them),
 * and forgotten when it goes.
 */
export class CallQuality {
  readonly #latest = new Map<string, Latest>();
  readonly #intervalMs: number;
  readonly #reports: Counter;
  readonly #refused: Counter<'reason'>;
  readonly #setup: Histogram;
  readonly #iceFailures: Counter<'reason'>;
  readonly #freezes: Counter;
  readonly #rtt: Histogram;
  readonly #loss: Histogram;

  constructor(registry: Registry, options: { readonly telemetryIntervalMs: number }) {
    this.#intervalMs = options.telemetryIntervalMs;
    const registers = [registry];
    this.#reports = new Counter({
      name: 'confab_telemetry_reports_total',
      help: 'Connection reports received from clients (call-quality telemetry)',
      registers,
    });
    this.#refused = new Counter({
      name: 'confab_telemetry_refused_total',
      help: 'Telemetry messages refused, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.#setup = new Histogram({
      name: 'confab_call_setup_seconds',
      help: 'From a participant joining (or arriving) to its connection being up, as clients report it',
      buckets: [0.25, 0.5, 1, 1.5, 2, 3, 5, 8, 13, 20, 30],
      registers,
    });
    this.#iceFailures = new Counter({
      name: 'confab_ice_failures_total',
      help: 'Connections that failed, as clients report them, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.#freezes = new Counter({
      name: 'confab_freeze_seconds_total',
      help: 'Seconds of frozen incoming video, summed over all reporting connections',
      registers,
    });
    this.#rtt = new Histogram({
      name: 'confab_connection_rtt_seconds',
      help: 'Round-trip time of selected candidate pairs, one observation per report',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.4, 0.6, 1, 2],
      registers,
    });
    this.#loss = new Histogram({
      name: 'confab_connection_loss_ratio',
      help: 'Incoming packet loss per report interval, one observation per report',
      buckets: [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5],
      registers,
    });
    this.#gauges(registers);
  }

  /** A member's telemetry message; reports replace the member's previous ones. */
  report(peerId: string, reports: readonly ConnectionReport[], now: number): TelemetryVerdict {
    const previous = this.#latest.get(peerId);
    if (previous !== undefined && now - previous.receivedAt < this.#intervalMs) {
      this.#refused.inc({ reason: 'too-frequent' });
      return 'too-frequent';
    }
    this.#latest.set(peerId, { receivedAt: now, updatedAt: Date.now(), connections: reports });
    for (const report of reports) this.#observe(report);
    return 'accepted';
  }

  /** The member's latest reports; null when it sent none (or telemetry is off for it). */
  of(peerId: string): MemberQuality | null {
    const latest = this.#latest.get(peerId);
    return latest === undefined
      ? null
      : { updatedAt: latest.updatedAt, connections: latest.connections };
  }

  /** The member's connection went (left, dropped, removed): nothing of it is kept. */
  forget(peerId: string): void {
    this.#latest.delete(peerId);
  }

  #observe(report: ConnectionReport): void {
    this.#reports.inc();
    if (report.setupMs !== undefined) this.#setup.observe(report.setupMs / 1000);
    if (report.iceFailure !== undefined) this.#iceFailures.inc({ reason: report.iceFailure });
    if (report.freezeSeconds > 0) this.#freezes.inc(report.freezeSeconds);
    if (report.rttMs !== null) this.#rtt.observe(report.rttMs / 1000);
    if (report.lossRatio !== null) this.#loss.observe(report.lossRatio);
  }

  /** Live connections by pair type, from the latest fresh reports. */
  #live(): Map<PairType, number> {
    const counts = new Map<PairType, number>(PAIR_TYPES.map((type) => [type, 0]));
    const freshSince = performance.now() - STALE_MS;
    for (const latest of this.#latest.values()) {
      if (latest.receivedAt < freshSince) continue;
      for (const report of latest.connections) {
        const type = pairTypeOf(report);
        if (type !== null) counts.set(type, (counts.get(type) ?? 0) + 1);
      }
    }
    return counts;
  }

  #gauges(registers: Registry[]): void {
    const live = (): Map<PairType, number> => this.#live();
    new Gauge({
      name: 'confab_calls_by_candidate_type',
      help: 'Live connections by selected candidate pair type (its less direct end), from the latest reports; both ends of a connection report',
      labelNames: ['type'],
      registers,
      collect() {
        for (const [type, count] of live()) this.set({ type }, count);
      },
    });
    new Gauge({
      name: 'confab_relayed_share',
      help: 'Share (0-1) of live reported connections that go through a TURN relay',
      registers,
      collect() {
        const counts = live();
        const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
        this.set(total === 0 ? 0 : (counts.get('relay') ?? 0) / total);
      },
    });
  }
}
