import { afterEach, describe, expect, it, vi } from 'vitest';

/** A stand-in for the browser's RTCPeerConnection: records what the warm-up does. */
class WarmUpConnection extends EventTarget {
  static created: WarmUpConnection[] = [];
  static certificate = { expires: 0 } as unknown as RTCCertificate;
  static generateCertificate = vi.fn(() => Promise.resolve(WarmUpConnection.certificate));
  readonly calls: string[] = [];
  iceGatheringState: RTCIceGatheringState = 'new';
  constructor(readonly configuration: RTCConfiguration) {
    super();
    WarmUpConnection.created.push(this);
  }
  addTransceiver(kind: string): void {
    this.calls.push(`transceiver:${kind}`);
  }
  createDataChannel(): void {
    this.calls.push('channel');
  }
  setLocalDescription(): Promise<void> {
    this.calls.push('offer');
    setTimeout(() => {
      this.iceGatheringState = 'complete';
      this.dispatchEvent(new Event('icegatheringstatechange'));
    }, 5);
    return Promise.resolve();
  }
  close(): void {
    this.calls.push('close');
  }
}

describe('prewarm', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    WarmUpConnection.created = [];
  });

  it('generates one certificate and runs one throwaway offer, once per page', async () => {
    vi.stubGlobal('RTCPeerConnection', WarmUpConnection);
    const { prewarm } = await import('./prewarm.js');
    const first = prewarm();
    expect(prewarm()).toBe(first);
    expect(await first).toBe(WarmUpConnection.certificate);
    expect(WarmUpConnection.created).toHaveLength(1);
    const [pc] = WarmUpConnection.created;
    expect(pc?.configuration.certificates).toEqual([WarmUpConnection.certificate]);
    expect(pc?.calls).toEqual([
      'transceiver:audio',
      'transceiver:video',
      'channel',
      'offer',
      'close',
    ]);
  });

  it('tells synchronously whether the warm-up is done, and its certificate', async () => {
    vi.stubGlobal('RTCPeerConnection', WarmUpConnection);
    const { prewarm, prewarmed } = await import('./prewarm.js');
    const warming = prewarm();
    expect(prewarmed()).toBeUndefined();
    await warming;
    expect(prewarmed()).toBe(WarmUpConnection.certificate);
  });

  it('resolves to null without WebRTC (and never rejects)', async () => {
    const { prewarm } = await import('./prewarm.js');
    expect(await prewarm()).toBeNull();
  });
});
