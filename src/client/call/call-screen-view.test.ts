import { describe, expect, it, vi } from 'vitest';
import { FakeTrack } from '../test-support/fake-peer-connection.js';
import { connectMesh, joinedCall, meshPc, useFakeCallWorld } from '../test-support/call-harness.js';

useFakeCallWorld();

/** A `view` message from a peer: its camera tile of us shown, our screen share as given. */
const view = (screenVisible: boolean) =>
  JSON.stringify({
    v: 1,
    type: 'view',
    width: 320,
    height: 180,
    visible: true,
    spotlight: false,
    saver: false,
    screen: { visible: screenVisible },
  });

describe('Call in a mesh: a screen share nobody looks at costs nothing', () => {
  it("pauses the screen copy for a peer that does not show it (its view message), and only that one's", async () => {
    const { call } = await joinedCall('m', ['a', 'b']);
    await connectMesh(call, 'a');
    await connectMesh(call, 'b');
    const track = new FakeTrack('video');
    call.startScreenShare(track as unknown as MediaStreamTrack, {} as MediaStream);
    await vi.advanceTimersByTimeAsync(10);
    const encodings = (id: string) => {
      const transceivers = meshPc(call, id)?.transceivers ?? [];
      return {
        camera: transceivers[1]?.sender.parameters.encodings[0],
        screen: transceivers.find((t) => t.sender.track === track)?.sender.parameters.encodings[0],
      };
    };
    expect(encodings('a').screen).toBeDefined();
    const channel = meshPc(call, 'a')?.channels[0];
    const receive = (data: string) =>
      channel?.dispatchEvent(Object.assign(new Event('message'), { data }));

    receive(view(false));
    await vi.advanceTimersByTimeAsync(10);
    expect(encodings('a').screen).toMatchObject({ active: false });
    expect(encodings('a').camera).toMatchObject({ active: true });
    expect(encodings('b').screen?.active).not.toBe(false);

    receive(view(true));
    await vi.advanceTimersByTimeAsync(10);
    expect(encodings('a').screen).toMatchObject({ active: true });
  });

  it("tells a sharing peer whether we show its screen, with its camera's view", async () => {
    const { call } = await joinedCall('m', ['a']);
    meshPc(call, 'a')?.openChannels();
    const tile = { width: 320, height: 180, visible: true, spotlight: false };
    call.setView('a', 'camera', tile);
    call.setView('a', 'screen', { ...tile, width: 1280, height: 720 });
    await vi.advanceTimersByTimeAsync(400);
    call.setView('a', 'screen', { ...tile, visible: false });
    await vi.advanceTimersByTimeAsync(400);
    const views = meshPc(call, 'a')
      ?.channels[0]?.sent.map((text) => JSON.parse(text) as { type: string })
      .filter((m) => m.type === 'view');
    expect(views).toEqual([
      expect.objectContaining({ height: 180, visible: true, screen: { visible: true } }),
      expect.objectContaining({ height: 180, visible: true, screen: { visible: false } }),
    ]);
  });
});
