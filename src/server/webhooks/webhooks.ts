import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import type { RoomEvent, RoomEvents } from '../room-events.js';
import { WebhookMetrics } from './webhook-metrics.js';
import { WebhookTarget } from './webhook-target.js';

export interface WebhookOptions {
  readonly webhookUrls: readonly string[];
  readonly webhookSecret: string | null;
  readonly webhookOmitNames: boolean;
  readonly webhookTimeoutMs: number;
  readonly webhookAttempts: number;
  readonly webhookQueueSize: number;
}

/** The JSON body of every webhook request (docs/webhooks.md). */
export interface WebhookPayload {
  /** Unique per event: receivers drop a retried duplicate by it. */
  readonly id: string;
  readonly type: RoomEvent['type'];
  /** When it happened, unix milliseconds. */
  readonly timestamp: number;
  /** The node it happened on (`SignalingHub.nodeId`): events of one node arrive in order. */
  readonly node: string;
  readonly room: string;
  readonly participant?: { readonly id: string; readonly name?: string };
  readonly reason?: string;
}

/**
 * Sends the hub's room events to every --webhook-url (docs/webhooks.md). Listening costs
 * the signaling path one JSON encoding and a queue push per target.
 */
export class Webhooks {
  readonly #targets: WebhookTarget[];
  readonly #stop: () => void;
  readonly #omitNames: boolean;

  constructor(
    options: WebhookOptions,
    source: { readonly events: RoomEvents; readonly nodeId: string },
    registry: Registry,
    log: Logger,
    retryBaseMs = 1000,
  ) {
    const secret = options.webhookSecret;
    if (secret === null) throw new Error('webhooks need a secret');
    this.#omitNames = options.webhookOmitNames;
    const metrics = new WebhookMetrics(registry, () =>
      this.#targets.reduce((sum, target) => sum + target.pending, 0),
    );
    this.#targets = options.webhookUrls.map(
      (url, index) =>
        new WebhookTarget({
          url,
          index,
          secret,
          timeoutMs: options.webhookTimeoutMs,
          attempts: options.webhookAttempts,
          queueSize: options.webhookQueueSize,
          retryBaseMs,
          metrics,
          log,
        }),
    );
    this.#stop = source.events.on((event) => {
      this.#send(event, source.nodeId);
    });
  }

  /** Stops listening; waits up to `flushMs` for what is pending. */
  async close(flushMs: number): Promise<void> {
    this.#stop();
    await Promise.all(this.#targets.map((target) => target.close(flushMs)));
  }

  #send(event: RoomEvent, node: string): void {
    const payload = this.#payload(event, node);
    const delivery = {
      id: payload.id,
      type: payload.type,
      body: JSON.stringify(payload),
      createdAt: performance.now(),
    };
    for (const target of this.#targets) target.enqueue(delivery);
  }

  #payload(event: RoomEvent, node: string): WebhookPayload {
    const base = {
      id: `evt_${randomBytes(12).toString('base64url')}`,
      type: event.type,
      timestamp: Date.now(),
      node,
      room: event.room,
    };
    switch (event.type) {
      case 'room.started':
      case 'room.ended':
        return base;
      case 'participant.joined':
      case 'participant.left': {
        const { id, name } = event.participant;
        const participant = this.#omitNames ? { id } : { id, name };
        return event.type === 'participant.left'
          ? { ...base, participant, reason: event.reason }
          : { ...base, participant };
      }
    }
  }
}
