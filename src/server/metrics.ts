import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ClientMessageType, ErrorCode } from '../protocol/index.js';
import type { HubStats } from './hub.js';

/** What a relayed signal carried, for the `messages relayed` counter. */
export type RelayedKind = 'offer' | 'answer' | 'candidate' | 'end-of-candidates' | 'app';

/** Prometheus metrics of one server instance (its own registry, so tests can run several). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly connections: Gauge;
  readonly messagesReceived: Counter<'type'>;
  readonly messagesRelayed: Counter<'kind'>;
  readonly errors: Counter<'code'>;
  readonly relayLatency: Histogram;
  readonly joins: Counter<'outcome'>;
  // Label children, looked up once: hashing label objects on every message costs as much
  // as the rest of the relay's bookkeeping.
  readonly #received = new Map<ClientMessageType, Counter.Internal>();
  readonly #relayed = new Map<RelayedKind, Counter.Internal>();

  constructor(hubStats: () => HubStats, ready: () => boolean = () => true) {
    collectDefaultMetrics({ register: this.registry, prefix: 'confab_process_' });
    const registers = [this.registry];
    this.connections = new Gauge({
      name: 'confab_connections',
      help: 'Open WebSocket connections',
      registers,
    });
    new Gauge({
      name: 'confab_ready',
      help: '1 while this node admits joins (what /readyz says), else 0',
      registers,
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'confab_rooms',
      help: 'Rooms with at least one member',
      registers,
      collect() {
        this.set(hubStats().rooms);
      },
    });
    new Gauge({
      name: 'confab_peers',
      help: 'Room members, including those inside their resume grace period',
      registers,
      collect() {
        this.set(hubStats().members);
      },
    });
    new Gauge({
      name: 'confab_resume_buffer_bytes',
      help: 'Bytes of signals buffered for dropped members (in-memory hub; with Redis they live there)',
      registers,
      collect() {
        this.set(hubStats().bufferedBytes ?? 0);
      },
    });
    this.messagesReceived = new Counter({
      name: 'confab_messages_received_total',
      help: 'Valid client messages by type',
      labelNames: ['type'],
      registers,
    });
    this.messagesRelayed = new Counter({
      name: 'confab_messages_relayed_total',
      help: 'Signals and app messages relayed between peers, by what they carried',
      labelNames: ['kind'],
      registers,
    });
    this.errors = new Counter({
      name: 'confab_errors_total',
      help: 'Error frames sent to clients, by code',
      labelNames: ['code'],
      registers,
    });
    this.joins = new Counter({
      name: 'confab_joins_total',
      help: 'Join attempts by outcome (joined, resumed, refused code)',
      labelNames: ['outcome'],
      registers,
    });
    this.relayLatency = new Histogram({
      name: 'confab_relay_latency_seconds',
      help: 'Time from receiving a signal frame to handing it to the recipient socket',
      buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
      registers,
    });
  }

  /** One valid client message of `type`. */
  countReceived(type: ClientMessageType): void {
    let child = this.#received.get(type);
    if (child === undefined) {
      child = this.messagesReceived.labels({ type });
      this.#received.set(type, child);
    }
    child.inc();
  }

  /** One relayed signal of `kind`, handed to its recipient `seconds` after it arrived. */
  countRelayed(kind: RelayedKind, seconds: number): void {
    let child = this.#relayed.get(kind);
    if (child === undefined) {
      child = this.messagesRelayed.labels({ kind });
      this.#relayed.set(kind, child);
    }
    child.inc();
    this.relayLatency.observe(seconds);
  }

  countError(code: ErrorCode): void {
    this.errors.inc({ code });
  }
}
