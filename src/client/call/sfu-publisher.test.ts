import { describe, expect, it } from 'vitest';
import { FakePeerConnection } from '../test-support/fake-peer-connection.js';
import { SfuPublisher } from './sfu-publisher.js';

/** A fake whose offers carry an Opus audio section as Chromium writes it. */
class OpusPeerConnection extends FakePeerConnection {
  override async setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void> {
    await super.setLocalDescription(description);
    const local = this.localDescription;
    if (local?.type === 'offer')
      this.localDescription = {
        type: 'offer',
        sdp: `${local.sdp ?? ''}\na=rtpmap:111 opus/48000/2\na=fmtp:111 minptime=10;useinbandfec=1`,
      };
  }
}

function publisher(): { publisher: SfuPublisher; pc: OpusPeerConnection; offers: string[] } {
  const pc = new OpusPeerConnection();
  const publisher = new SfuPublisher({
    configuration: {},
    createPeerConnection: () => pc as unknown as RTCPeerConnection,
    media: { audio: null, video: null, stream: null, screen: null },
    refreshIceServers: () => Promise.resolve([]),
  });
  const offers: string[] = [];
  publisher.on('publish', (sdp) => offers.push(sdp));
  return { publisher, pc, offers };
}

describe('SfuPublisher', () => {
  // Janus 1.1 answers a publisher with the Opus FEC and DTX its offer names, and browsers
  // send DTX only when the answer asks: without these a quiet member sends 50 packets a second.
  it('asks for Opus FEC and DTX in the offer it sends, and again when it resends it', async () => {
    const { publisher: sfu, pc, offers } = publisher();
    sfu.start();
    await expect.poll(() => offers.length).toBe(1);
    sfu.resendPendingOffer();
    expect(offers).toHaveLength(2);
    for (const offer of offers)
      expect(offer).toMatch(/^a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1$/m);
    // Only the signaled copy: our own description stays as the browser wrote it.
    expect(pc.localDescription?.sdp).toMatch(/^a=fmtp:111 minptime=10;useinbandfec=1$/m);
    sfu.close();
  });
});
