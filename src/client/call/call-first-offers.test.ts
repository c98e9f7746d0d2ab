import { describe, expect, it, vi } from 'vitest';
import type { Call } from './call.js';
import {
  joinedCall,
  offersTo,
  sent,
  sfuMode,
  useFakeCallWorld,
} from '../test-support/call-harness.js';
import { FakeWebSocket } from '../test-support/fake-websocket.js';

useFakeCallWorld();

/** The call's events from the start; at `offers-sent`, the offers and publishes sent so far. */
function recorder() {
  const log: string[] = [];
  const listen = (call: Call) => {
    call.on('joined', () => log.push('joined'));
    call.on('offers-sent', () => {
      const socket = FakeWebSocket.latest();
      const offers = offersTo(socket).sort().join(',');
      log.push(`offers-sent to [${offers}], ${String(sent(socket, 'sfu-publish').length)} publish`);
    });
  };
  return { log, listen };
}

describe('Call: offers-sent', () => {
  it('in a mesh, once our offer to everyone here went out (not to a member without WebRTC)', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', ['a', 'b', { id: 'c', webrtc: false }], { listen });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined', 'offers-sent to [a,b], 0 publish']);
  });

  it('alone in the room, right after joined', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', [], { listen });
    expect(log).toEqual(['joined', 'offers-sent to [], 0 publish']);
  });

  it('on the SFU, once our publish offer went out', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', ['a', 'b'], { listen, mode: sfuMode(1) });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined', 'offers-sent to [], 1 publish']);
  });
});
