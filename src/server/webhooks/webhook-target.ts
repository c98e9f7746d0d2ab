import type { Logger } from '../logger.js';
import { SIGNATURE_HEADER, signWebhook } from './signature.js';
import type { WebhookMetrics } from './webhook-metrics.js';

/** One event on its way: its id (for receivers to drop duplicates) and the JSON body. */
export interface WebhookDelivery {
  readonly id: string;
  readonly type: string;
  readonly body: string;
  /** When the event happened (performance.now()), for the delivery latency. */
  readonly createdAt: number;
}

export interface WebhookTargetOptions {
  readonly url: string;
  /** Index in --webhook-url: how logs and metrics name the target (URLs may hold tokens). */
  readonly index: number;
  readonly secret: string;
  readonly timeoutMs: number;
  /** Tries per event before it is given up. */
  readonly attempts: number;
  /** Events waiting at most; beyond it the oldest waiting one is dropped. */
  readonly queueSize: number;
  /** First retry delay; each next one doubles, ±20 % jitter. */
  readonly retryBaseMs: number;
  readonly metrics: WebhookMetrics;
  readonly log: Logger;
}

/** 408, 429 and 5xx say "later"; any other status is the receiver's final answer. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Delivers events to one URL, one at a time in the order they happened: a bounded
 * in-memory queue, a timeout per request, retries with exponential backoff and jitter.
 * `enqueue` never waits, so a slow or dead receiver never holds up signaling.
 */
export class WebhookTarget {
  readonly #options: WebhookTargetOptions;
  readonly #queue: WebhookDelivery[] = [];
  #sending = false;
  #closed = false;
  readonly #abort = new AbortController();
  #idle: (() => void)[] = [];

  constructor(options: WebhookTargetOptions) {
    this.#options = options;
  }

  get pending(): number {
    return this.#queue.length + (this.#sending ? 1 : 0);
  }

  enqueue(delivery: WebhookDelivery): void {
    if (this.#closed) return;
    if (this.#queue.length >= this.#options.queueSize) {
      this.#queue.shift();
      this.#options.metrics.outcome(this.#options.index, 'dropped');
    }
    this.#queue.push(delivery);
    if (!this.#sending) void this.#pump();
  }

  /** Resolves once nothing is pending, or after `timeoutMs`; then stops for good. */
  async close(timeoutMs: number): Promise<void> {
    if (this.pending > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.#idle.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.#closed = true;
    this.#queue.length = 0;
    this.#abort.abort();
  }

  async #pump(): Promise<void> {
    this.#sending = true;
    for (let next = this.#queue.shift(); next !== undefined; next = this.#queue.shift()) {
      await this.#deliver(next);
      if (this.#closed) break;
    }
    this.#sending = false;
    const idle = this.#idle;
    this.#idle = [];
    for (const wake of idle) wake();
  }

  async #deliver(delivery: WebhookDelivery): Promise<void> {
    const { attempts, metrics, index, log } = this.#options;
    for (let attempt = 1; attempt <= attempts && !this.#closed; attempt++) {
      const result = await this.#post(delivery);
      metrics.attempt(index, result);
      if (result === 'ok') {
        metrics.outcome(index, 'delivered');
        metrics.latency.observe((performance.now() - delivery.createdAt) / 1000);
        return;
      }
      if (typeof result === 'number' && !retryable(result)) {
        metrics.outcome(index, 'rejected');
        log.warn({ webhook: index, status: result, event: delivery.type }, 'webhook refused');
        return;
      }
      if (attempt < attempts) await this.#sleep(this.#backoff(attempt));
    }
    if (this.#closed) return;
    metrics.outcome(index, 'failed');
    log.warn({ webhook: index, attempts, event: delivery.type }, 'webhook gave up on an event');
  }

  /** 'ok', the HTTP status of a failure, or how the request failed. */
  async #post(delivery: WebhookDelivery): Promise<'ok' | 'timeout' | 'error' | number> {
    const { url, secret, timeoutMs } = this.#options;
    const timestamp = Math.floor(Date.now() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'confab-webhooks/1',
          'confab-event-id': delivery.id,
          'confab-event-type': delivery.type,
          [SIGNATURE_HEADER]: signWebhook(secret, delivery.body, timestamp),
        },
        body: delivery.body,
        redirect: 'error',
        signal: AbortSignal.any([this.#abort.signal, AbortSignal.timeout(timeoutMs)]),
      });
      // The body is not ours to read; release the connection.
      await response.body?.cancel().catch(() => undefined);
      return response.ok ? 'ok' : response.status;
    } catch (error) {
      return error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'error';
    }
  }

  #backoff(attempt: number): number {
    const base = this.#options.retryBaseMs * 2 ** (attempt - 1);
    return base * (0.8 + Math.random() * 0.4);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
