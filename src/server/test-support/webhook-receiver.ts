import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type SignatureCheck } from '../webhooks/signature.js';
import type { WebhookPayload } from '../webhooks/webhooks.js';

/** One request as the receiver got it, its signature checked against the secret. */
export interface ReceivedWebhook {
  readonly payload: WebhookPayload;
  readonly signature: SignatureCheck;
  readonly eventId: string | undefined;
  readonly status: number;
  /** Date.now() when the request's body had arrived. */
  readonly receivedAt: number;
}

/**
 * How the receiver answers a request: a status, or `hold` (never answer until `release()`).
 * Called with the request's position (0 = first).
 */
export type Answer = (index: number, payload: WebhookPayload) => number | 'hold';

/** A webhook receiver (a real HTTP server) that verifies signatures as docs/webhooks.md says. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  readonly #held: ServerResponse[] = [];
  readonly #server = createServer((request, response) => {
    void this.#handle(request, response);
  });
  #waiters: (() => void)[] = [];

  private constructor(
    private readonly secret: string,
    private readonly answer: Answer,
  ) {}

  static async start(secret: string, answer: Answer = () => 204): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret, answer);
    await new Promise<void>((resolve) => receiver.#server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${String(port)}/hooks/confab`;
  }

  /** Requests waiting for an answer right now. */
  get holding(): number {
    return this.#held.length;
  }

  /** Events answered 2xx, each id once, in the order they first succeeded. */
  accepted(): WebhookPayload[] {
    const seen = new Set<string>();
    return this.received
      .filter((r) => r.status < 300 && !seen.has(r.payload.id) && seen.add(r.payload.id))
      .map((r) => r.payload);
  }

  /** Resolves once `condition` holds (checked on every request). */
  async until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook receiver: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Answers every held request with 204. */
  release(): void {
    for (const response of this.#held.splice(0)) response.writeHead(204).end();
  }

  async close(): Promise<void> {
    this.release();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const header = request.headers['confab-signature'];
    const signature = verifyWebhook(
      this.secret,
      body,
      typeof header === 'string' ? header : undefined,
    );
    const payload = JSON.parse(body) as WebhookPayload;
    const eventId = request.headers['confab-event-id'];
    const answer = this.answer(this.received.length, payload);
    const status = answer === 'hold' ? 204 : answer;
    this.received.push({
      payload,
      signature,
      eventId: typeof eventId === 'string' ? eventId : undefined,
      status,
      receivedAt: Date.now(),
    });
    if (answer === 'hold') this.#held.push(response);
    else response.writeHead(status).end();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
