import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type RunningServer } from '../test-support/test-server.js';
import { WebhookReceiver, type Answer } from '../test-support/webhook-receiver.js';
import { signWebhook, verifyWebhook } from './signature.js';
import { WebhookMetrics } from './webhook-metrics.js';
import { WebhookTarget } from './webhook-target.js';

const SECRET = 'webhook-secret-of-at-least-32-bytes!!';
const silent = pino({ level: 'silent' });

let servers: RunningServer[] = [];
let receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const receiver of receivers) receiver.release();
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all(receivers.map((receiver) => receiver.close()));
  servers = [];
  receivers = [];
});

async function receiver(answer?: Answer): Promise<WebhookReceiver> {
  const started = await WebhookReceiver.start(SECRET, answer);
  receivers.push(started);
  return started;
}

async function server(urls: string[], extra: Record<string, unknown> = {}): Promise<RunningServer> {
  const started = await startTestServer(
    { webhookUrls: urls, webhookSecret: SECRET, ...extra },
    undefined,
    { webhookRetryBaseMs: 20 },
  );
  servers.push(started);
  return started;
}

describe('webhook signatures', () => {
  const body = '{"type":"room.started"}';
  const now = 1_700_000_000;

  it('verify what was signed, and refuse a changed body, another secret, old or malformed headers', () => {
    const header = signWebhook(SECRET, body, now);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(SECRET, body, header, now + 10)).toBe('ok');
    expect(verifyWebhook(SECRET, `${body} `, header, now)).toBe('mismatch');
    expect(verifyWebhook(`${SECRET}x`, body, header, now)).toBe('mismatch');
    expect(verifyWebhook(SECRET, body, header, now + 301)).toBe('expired');
    expect(verifyWebhook(SECRET, body, 'v1=abc', now)).toBe('malformed');
    expect(verifyWebhook(SECRET, body, undefined, now)).toBe('malformed');
  });
});

describe('webhooks from a server', () => {
  it('deliver room and participant events signed, in order, retrying after a 500', async () => {
    const hooks = await receiver((index) => (index === 0 ? 500 : 204));
    const { member } = await server([hooks.url]);
    const ann = await member('standup', 'Ann');
    const bob = await member('standup', 'Bob');
    ann.client.send({ type: 'leave' });
    await bob.client.nextOf('peer-left');
    bob.client.send({ type: 'leave' });
    await hooks.until(() => hooks.accepted().length === 6, 'six events');
    const events = hooks.accepted();
    expect(events.map((e) => `${e.type} ${e.participant?.name ?? ''}`.trim())).toEqual([
      'room.started',
      'participant.joined Ann',
      'participant.joined Bob',
      'participant.left Ann',
      'participant.left Bob',
      'room.ended',
    ]);
    expect(events.map((e) => e.participant?.id ?? null)).toEqual([
      null,
      ann.id,
      bob.id,
      ann.id,
      bob.id,
      null,
    ]);
    expect(events.every((e) => e.room === 'standup' && e.node === 'local')).toBe(true);
    expect(events[3]).toMatchObject({ reason: 'left' });
    // The first event came twice (500, then 204), with the same id; every request verified.
    expect(hooks.received).toHaveLength(7);
    expect(hooks.received[0]?.payload.id).toBe(hooks.received[1]?.payload.id);
    expect(hooks.received.every((r) => r.signature === 'ok')).toBe(true);
    expect(hooks.received.every((r) => r.eventId === r.payload.id)).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(6);
    const stamps = events.map((e) => e.timestamp);
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('never hold up joins, however long the receiver takes', async () => {
    const hooks = await receiver((index) => (index === 0 ? 'hold' : 204));
    const { member } = await server([hooks.url], { webhookTimeoutMs: 60_000 });
    await member('busy', 'Ann');
    await hooks.until(() => hooks.holding === 1, 'the first event in flight');
    // Ann's join is stuck at the receiver: Bob and Carol join all the same.
    const bob = await member('busy', 'Bob');
    const carol = await member('busy', 'Carol');
    expect([bob.id, carol.id]).toHaveLength(2);
    expect(hooks.holding).toBe(1);
    expect(hooks.received).toHaveLength(1);
    hooks.release();
    await hooks.until(() => hooks.received.length === 4, 'the rest after the release');
  });

  it('leave names out with --webhook-omit-names, and send to every URL', async () => {
    const first = await receiver();
    const second = await receiver();
    const { member } = await server([first.url, second.url], { webhookOmitNames: true });
    const ann = await member('quiet', 'Ann');
    for (const hooks of [first, second]) {
      await hooks.until(() => hooks.accepted().length === 2, 'two events');
      expect(hooks.accepted()[1]).toMatchObject({
        type: 'participant.joined',
        participant: { id: ann.id },
      });
      expect(JSON.stringify(hooks.accepted())).not.toContain('Ann');
    }
    // From the event to the receiver having the request (same machine, loopback).
    const latencies = first.received.map((r) => r.receivedAt - r.payload.timestamp);
    console.log(JSON.stringify({ figure: 'webhook latency ms', latencies }));
  });
});

describe('a webhook target', () => {
  function target(url: string, registry: Registry, overrides: { queueSize?: number } = {}) {
    return new WebhookTarget({
      url,
      index: 0,
      secret: SECRET,
      timeoutMs: 5000,
      attempts: 3,
      queueSize: overrides.queueSize ?? 10,
      retryBaseMs: 10,
      metrics: new WebhookMetrics(registry, () => 0),
      log: silent,
    });
  }
  const delivery = (n: number) => ({
    id: `evt_${String(n)}`,
    type: 'room.started',
    body: JSON.stringify({ id: `evt_${String(n)}`, n }),
    createdAt: performance.now(),
  });
  const outcomes = async (registry: Registry) =>
    (await registry.getSingleMetric('confab_webhook_events_total')?.get())?.values.map(
      (v) => `${String(v.labels['outcome'])}=${String(v.value)}`,
    );

  it('drops the oldest waiting events when its queue is full, and counts them', async () => {
    const hooks = await receiver((index) => (index === 0 ? 'hold' : 204));
    const registry = new Registry();
    const sender = target(hooks.url, registry, { queueSize: 2 });
    for (let n = 1; n <= 5; n++) sender.enqueue(delivery(n));
    await hooks.until(() => hooks.holding === 1, 'the first in flight');
    hooks.release();
    await hooks.until(() => hooks.received.length === 3, 'the two kept');
    expect(hooks.received.map((r) => (r.payload as unknown as { n: number }).n)).toEqual([1, 4, 5]);
    await expect.poll(() => outcomes(registry)).toEqual(['dropped=2', 'delivered=3']);
    await sender.close(0);
  });

  it('gives up at once on a 4xx (the receiver refused), and after its attempts on 5xx', async () => {
    const hooks = await receiver((_index, payload) => (payload.id === 'evt_1' ? 400 : 503));
    const registry = new Registry();
    const sender = target(hooks.url, registry);
    sender.enqueue(delivery(1));
    sender.enqueue(delivery(2));
    await hooks.until(() => hooks.received.length === 4, 'one refusal and three tries');
    await expect.poll(() => outcomes(registry)).toEqual(['rejected=1', 'failed=1']);
    expect(hooks.received.map((r) => r.payload.id)).toEqual(['evt_1', 'evt_2', 'evt_2', 'evt_2']);
    await sender.close(0);
  });
});
