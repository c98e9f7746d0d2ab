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

/** The call's events from the start; at `negotiation-sent`, what had been sent by then. */
function recorder() {
  const log: string[] = [];
  const listen = (call: Call) => {
    call.on('joined', () => log.push('joined'));
    call.on('negotiation-sent', () => {
      const socket = FakeWebSocket.latest();
      const offers = offersTo(socket).sort().join(',');
      const publish = sent(socket, 'sfu-publish').length;
      const answer = sent(socket, 'sfu-answer').length;
      log.push(`sent: offers to [${offers}], ${String(publish)} publish, ${String(answer)} answer`);
    });
  };
  return { log, listen };
}

describe('Call: negotiation-sent', () => {
  it('in a mesh, once our offer to everyone here went out (not to a member without WebRTC)', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', ['a', 'b', { id: 'c', webrtc: false }], { listen });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined', 'sent: offers to [a,b], 0 publish, 0 answer']);
  });

  it('alone in the room, right after joined', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', [], { listen });
    expect(log).toEqual(['joined', 'sent: offers to [], 0 publish, 0 answer']);
  });

  it('on the SFU, once our publish offer and our answer to the others’ media went out', async () => {
    const { log, listen } = recorder();
    const { sfu } = await joinedCall('m', ['a', 'b'], { listen, mode: sfuMode(1) });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined']);
    await sfu.answerPublish();
    await sfu.offer(1, [{ peer: 'a', source: 'camera' }]);
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined', 'sent: offers to [], 1 publish, 1 answer']);
  });

  it('alone on the SFU (a pinned room), once our publish offer went out', async () => {
    const { log, listen } = recorder();
    await joinedCall('m', [], { listen, mode: sfuMode(1) });
    await vi.advanceTimersByTimeAsync(100);
    expect(log).toEqual(['joined', 'sent: offers to [], 1 publish, 0 answer']);
  });
});
