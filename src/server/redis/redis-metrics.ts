import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Why a signal could not be relayed through Redis. */
export type DropReason = 'unavailable' | 'queue-full' | 'stale' | 'restoring' | 'no-connection';

/** Per-node metrics of the Redis hub, in the server's registry (`/metrics`). */
export class RedisMetrics {
  readonly up: Gauge;
  readonly latency: Histogram<'operation'>;
  readonly crossNode: Counter<'direction'>;
  readonly dropped: Counter<'reason'>;

  constructor(registry: Registry, isUp: () => boolean) {
    const registers = [registry];
    this.up = new Gauge({
      name: 'confab_redis_up',
      help: '1 while this node is connected to Redis and admits joins, else 0',
      registers,
      collect() {
        this.set(isUp() ? 1 : 0);
      },
    });
    this.latency = new Histogram({
      name: 'confab_redis_latency_seconds',
      help: 'Round trip of Redis commands and scripts, by operation',
      labelNames: ['operation'],
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 0.5],
      registers,
    });
    this.crossNode = new Counter({
      name: 'confab_cross_node_messages_total',
      help: 'Messages between nodes: sent = signals relayed to a member on another node, received = deliveries that came from another node',
      labelNames: ['direction'],
      registers,
    });
    this.dropped = new Counter({
      name: 'confab_redis_dropped_signals_total',
      help: 'Signals lost because Redis was unreachable or the sender/target was being restored',
      labelNames: ['reason'],
      registers,
    });
  }
}
