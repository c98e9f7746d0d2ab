import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { CustomMessage } from '../../client/index.js';
import { MessageBus, type BusTransport } from './message-bus.js';

function fakeTransport() {
  const sent: string[] = [];
  let deliver: (from: string, message: CustomMessage) => void = () => undefined;
  const transport: BusTransport = {
    broadcast: (message) => sent.push(`*:${JSON.stringify(message)}`),
    sendTo: (id, message) => sent.push(`${id}:${JSON.stringify(message)}`) > 0,
    onMessage: (listener) => {
      deliver = listener;
    },
  };
  return {
    transport,
    sent,
    deliver: (from: string, m: CustomMessage) => {
      deliver(from, m);
    },
  };
}

const handSchema = z.object({ type: z.literal('hand'), raised: z.boolean() });

describe('MessageBus', () => {
  it('sends and receives typed messages of a defined type', () => {
    const { transport, sent, deliver } = fakeTransport();
    const bus = new MessageBus(transport);
    const hand = bus.define('hand', handSchema);
    const heard: string[] = [];
    hand.on((from, message) => heard.push(`${from}:${String(message.raised)}`));
    hand.broadcast({ type: 'hand', raised: true });
    hand.sendTo('b', { type: 'hand', raised: false });
    deliver('a', { v: 1, type: 'hand', id: 'x', raised: true });
    expect(sent).toEqual(['*:{"type":"hand","raised":true}', 'b:{"type":"hand","raised":false}']);
    expect(heard).toEqual(['a:true']);
  });

  it('a newer peer: unknown types are ignored, unknown fields dropped, nothing thrown', () => {
    const { transport, deliver } = fakeTransport();
    const bus = new MessageBus(transport);
    const heard: unknown[] = [];
    bus.define('hand', handSchema).on((_from, message) => heard.push(message));
    deliver('a', { v: 9, type: 'poll', question: 'lunch?' });
    deliver('a', { v: 9, type: 'hand', raised: true, colour: 'gold' });
    expect(heard).toEqual([{ type: 'hand', raised: true }]);
    expect([bus.ignored, bus.rejected]).toEqual([1, 0]);
  });

  it('drops a known type whose known fields are wrong', () => {
    const { transport, deliver } = fakeTransport();
    const bus = new MessageBus(transport);
    const heard: unknown[] = [];
    bus.define('hand', handSchema).on((_from, message) => heard.push(message));
    deliver('a', { v: 1, type: 'hand', raised: 'yes' });
    expect(heard).toEqual([]);
    expect(bus.rejected).toBe(1);
  });

  it('refuses to define a type twice', () => {
    const bus = new MessageBus(fakeTransport().transport);
    bus.define('hand', handSchema);
    expect(() => bus.define('hand', handSchema)).toThrow(/twice/);
  });
});
