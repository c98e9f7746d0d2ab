import { describe, expect, it } from 'vitest';
import { sha256Hex } from './file-bytes.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './file-limits.js';
import type { FileChunk, FileOffer } from './file-messages.js';
import { RelayPacer } from './relay-pacer.js';
import { RelayReceiver } from './relay-receiver.js';
import { RelaySender } from './relay-sender.js';
import { Transfer } from './transfer.js';

const limits: FileLimits = {
  ...DEFAULT_FILE_LIMITS,
  relayChunkBytes: 1000,
  relayWindow: 8,
  relayAckEvery: 4,
  relayRetryMs: 60,
};

function randomFile(size: number): Blob {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
  return new Blob([bytes]);
}

/**
 * A sender and a receiver joined by a fake server relay that delivers in order after a
 * tick; `drop(chunk)` says which chunks the "server" drops (rate limited).
 */
async function relay(file: Blob, drop: (chunk: FileChunk, sent: number) => boolean = () => false) {
  const offer: FileOffer = {
    type: 'file-offer',
    transfer: 't1',
    name: 'a.bin',
    size: file.size,
    mime: '',
    sha256: await sha256Hex(file),
    via: 'relay',
    chunk: limits.relayChunkBytes,
  };
  const init = { id: 't1', peer: 'x', name: 'a.bin', size: file.size, via: 'relay' } as const;
  const outgoing = new Transfer({ ...init, direction: 'out' });
  const incoming = new Transfer({ ...init, direction: 'in' });
  let inFlight = 0;
  let maxAhead = 0;
  let chunksSent = 0;
  let acked = 0;
  const later = (fn: () => void) => setTimeout(fn, 1);
  // eslint-disable-next-line prefer-const
  let sender: RelaySender;
  const receiver = new RelayReceiver(
    offer,
    incoming,
    (message) => {
      later(() => {
        if (message.type === 'file-ack') {
          acked = message.next;
          sender.acked(message.next);
        } else if (message.type === 'file-result') sender.result(message.ok);
        else sender.remoteStopped(message.reason);
      });
    },
    limits,
  );
  sender = new RelaySender(
    file,
    offer,
    outgoing,
    (message) => {
      if (message.type === 'file-chunk') {
        chunksSent += 1;
        maxAhead = Math.max(maxAhead, message.seq + 1 - acked);
        if (drop(message, chunksSent)) return true;
      }
      inFlight += 1;
      later(() => {
        inFlight -= 1;
        if (message.type === 'file-offer') receiver.start();
        else if (message.type === 'file-chunk') receiver.chunk(message);
        else receiver.remoteStopped(message.reason);
      });
      return true;
    },
    new RelayPacer(2000, 50),
    limits,
  );
  const done = (transfer: Transfer) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!transfer.active && inFlight === 0) resolve();
      };
      transfer.on('change', check);
    });
  void sender.run();
  return { outgoing, incoming, done, stats: () => ({ maxAhead, chunksSent }) };
}

describe('a file through the server relay', () => {
  it('arrives intact, never more than a window ahead of the acknowledgements', async () => {
    const file = randomFile(25_500);
    const { outgoing, incoming, done, stats } = await relay(file);
    await Promise.all([done(outgoing), done(incoming)]);
    expect([outgoing.state, incoming.state]).toEqual(['done', 'done']);
    expect(incoming.sha256).toBe(await sha256Hex(file));
    const received = await (await fetch(incoming.url ?? '')).arrayBuffer();
    expect(await sha256Hex(received)).toBe(await sha256Hex(file));
    expect(stats().maxAhead).toBeLessThanOrEqual(limits.relayWindow);
    expect(stats().chunksSent).toBe(26);
  });

  it('sends again from the first chunk the server dropped', async () => {
    const file = randomFile(20_000);
    const dropped = new Set<number>();
    const { outgoing, incoming, done, stats } = await relay(file, (chunk) => {
      if (chunk.seq % 7 !== 3 || dropped.has(chunk.seq)) return false;
      dropped.add(chunk.seq);
      return true;
    });
    await Promise.all([done(outgoing), done(incoming)]);
    expect([outgoing.state, incoming.state]).toEqual(['done', 'done']);
    expect(incoming.sha256).toBe(await sha256Hex(file));
    expect(stats().chunksSent).toBeGreaterThan(20);
  });

  it('a cancel on the receiving side stops the sender', async () => {
    const file = randomFile(200_000);
    const { outgoing, incoming, done } = await relay(file);
    await new Promise<void>((resolve) => {
      incoming.on('change', () => {
        if (incoming.bytes > 10_000) resolve();
      });
    });
    incoming.cancel();
    await done(outgoing);
    expect([outgoing.state, outgoing.problem]).toEqual(['stopped', 'cancelled-remote']);
    expect([incoming.state, incoming.problem]).toEqual(['stopped', 'cancelled']);
  });

  it('an empty file is complete at once', async () => {
    const { outgoing, incoming, done } = await relay(new Blob([]));
    await Promise.all([done(outgoing), done(incoming)]);
    expect([outgoing.state, incoming.state]).toEqual(['done', 'done']);
  });
});
