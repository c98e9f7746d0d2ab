import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type DeliveryOutcome = 'delivered' | 'failed' | 'rejected' | 'dropped';
export type AttemptResult = 'ok' | 'timeout' | 'error' | number;

/** Webhook delivery metrics; targets are labelled by their index in --webhook-url. */
export class WebhookMetrics {
  readonly #outcomes: Counter<'target' | 'outcome'>;
  readonly #attempts: Counter<'target' | 'result'>;
  readonly latency: Histogram;

  constructor(registry: Registry, pending: () => number) {
    const registers = [registry];
    this.#outcomes = new Counter({
      name: 'confab_webhook_events_total',
      help: 'Webhook events by outcome: delivered, failed (attempts used up), rejected (4xx), dropped (queue full)',
      labelNames: ['target', 'outcome'],
      registers,
    });
    this.#attempts = new Counter({
      name: 'confab_webhook_attempts_total',
      help: 'Webhook requests by result: ok, timeout, error (network) or the HTTP status',
      labelNames: ['target', 'result'],
      registers,
    });
    this.latency = new Histogram({
      name: 'confab_webhook_latency_seconds',
      help: 'From the room event to the receiver’s 2xx answer, retries included',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    new Gauge({
      name: 'confab_webhook_pending',
      help: 'Webhook events waiting or being sent, over all targets',
      registers,
      collect() {
        this.set(pending());
      },
    });
  }

  outcome(target: number, outcome: DeliveryOutcome): void {
    this.#outcomes.inc({ target: String(target), outcome });
  }

  attempt(target: number, result: AttemptResult): void {
    this.#attempts.inc({ target: String(target), result: String(result) });
  }
}
