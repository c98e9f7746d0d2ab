import { createClient } from 'redis';
import type { Logger } from '../logger.js';
import type { RedisMetrics } from './redis-metrics.js';

type Client = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  readonly url: string;
  /** This node's pub/sub channel. */
  readonly channel: string;
  readonly pingIntervalMs: number;
  readonly log: Logger;
  readonly metrics: RedisMetrics;
  readonly onMessage: (payload: string) => void;
  /** The command connection is (again) up: the hub reloads scripts and resynchronises. */
  readonly onCommandReady: () => void;
  /** The subscription is (again) up: messages published meanwhile went elsewhere. */
  readonly onSubscriberReady: () => void;
  /** The command connection went down: hold operations until it is back and resynchronised. */
  readonly onCommandDown: () => void;
}

/** Retries quickly at first so a Redis restart costs about a second, then once a second. */
const reconnectDelay = (retries: number): number => Math.min(50 * 2 ** retries, 1000);

/**
 * The two Redis connections of a node: commands (one connection, so Redis runs this
 * node's scripts in the order they were sent) and its subscription. Commands are refused
 * while disconnected instead of queued inside the client, so the hub decides what waits.
 */
export class RedisConnection {
  readonly #command: Client;
  readonly #subscriber: Client;
  readonly #options: RedisConnectionOptions;
  #subscribed = false;
  #lastOkAt = -Infinity;
  #pingTimer: ReturnType<typeof setInterval> | null = null;
  #reportedDown = false;
  #closed = false;

  constructor(options: RedisConnectionOptions) {
    this.#options = options;
    // Named after the node's channel, so `CLIENT LIST` tells an operator whose they are.
    this.#command = createClient({
      url: options.url,
      name: `${options.channel}:command`,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: reconnectDelay, connectTimeout: 2000 },
    });
    this.#subscriber = this.#command.duplicate({ name: `${options.channel}:subscriber` });
    for (const [role, client] of [
      ['command', this.#command],
      ['subscriber', this.#subscriber],
    ] as const) {
      // node-redis emits 'error' for every failed (re)connect; without a listener it would
      // throw and end the process. Report each outage once.
      client.on('error', (error: unknown) => {
        this.#down(role, error);
      });
      client.on('reconnecting', () => {
        this.#down(role, null);
      });
    }
    this.#command.on('ready', () => {
      this.#up('command');
      options.onCommandReady();
    });
    this.#subscriber.on('ready', () => {
      this.#up('subscriber');
      void this.#subscribe();
    });
  }

  /** Connects in the background; retries until `close()`. */
  start(): void {
    for (const client of [this.#command, this.#subscriber]) {
      client.connect().catch(() => {
        // Only rejects when closed before connecting; errors were reported above.
      });
    }
    this.#pingTimer = setInterval(() => {
      void this.#ping();
    }, this.#options.pingIntervalMs);
  }

  /** Both connections up, subscribed, and Redis answered recently (not hung). */
  isHealthy(): boolean {
    const staleAfter = 3 * this.#options.pingIntervalMs;
    return (
      this.#command.isReady &&
      this.#subscriber.isReady &&
      this.#subscribed &&
      performance.now() - this.#lastOkAt < staleAfter
    );
  }

  /** Runs one command, timing it; rejects at once while disconnected. */
  async send(args: readonly (string | Buffer)[], operation: string): Promise<unknown> {
    const startedAt = performance.now();
    const reply: unknown = await this.#command.sendCommand(args);
    const now = performance.now();
    this.#lastOkAt = now;
    this.#options.metrics.latency.observe({ operation }, (now - startedAt) / 1000);
    return reply;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pingTimer !== null) clearInterval(this.#pingTimer);
    await Promise.all(
      [this.#command, this.#subscriber].map(async (client) => {
        if (client.isReady) await client.close().catch(() => undefined);
        else client.destroy();
      }),
    );
  }

  async #subscribe(): Promise<void> {
    if (this.#subscribed) {
      this.#options.onSubscriberReady();
      return;
    }
    try {
      // node-redis re-subscribes by itself after later reconnects.
      await this.#subscriber.subscribe(this.#options.channel, this.#options.onMessage);
      this.#subscribed = true;
      this.#options.onSubscriberReady();
    } catch {
      // Retried on the next 'ready'.
    }
  }

  async #ping(): Promise<void> {
    if (!this.#command.isReady) return;
    await this.send(['PING'], 'ping').catch(() => undefined);
  }

  #down(role: 'command' | 'subscriber', error: unknown): void {
    if (this.#closed) return;
    // A lost subscription only makes the node unready (isHealthy): deliveries meanwhile find
    // no subscriber, so Redis buffers them for our members until the renewal takes them back.
    if (role === 'command') this.#options.onCommandDown();
    if (this.#reportedDown) return;
    this.#reportedDown = true;
    // The error text names host and port at most; the URL (and its password) is never logged.
    const reason = error instanceof Error ? error.message : 'connection lost';
    this.#options.log.warn({ role, reason }, 'redis unavailable');
  }

  #up(role: 'command' | 'subscriber'): void {
    if (this.#reportedDown && this.#command.isReady && this.#subscriber.isReady) {
      this.#reportedDown = false;
      this.#options.log.info({ role }, 'redis reconnected');
    }
  }
}
