import { describe, expect, it, vi } from 'vitest';
import { SenderEncodings } from './sender-encodings.js';

/** A camera sender whose parameters a negotiation changes under the first setParameters. */
function racingSender(failures: number) {
  let version = 0;
  const set: RTCRtpSendParameters[] = [];
  const sender = {
    track: { getSettings: () => ({ height: 720 }) },
    getParameters: (): RTCRtpSendParameters => ({
      transactionId: String(version),
      encodings: [{ active: true }],
      rtcp: { reducedSize: version > 0 },
      codecs: [],
      headerExtensions: [],
    }),
    setParameters: (parameters: RTCRtpSendParameters): Promise<void> => {
      if (failures > 0) {
        failures--;
        version++;
        return Promise.reject(
          new DOMException('modified RTCP parameters', 'InvalidModificationError'),
        );
      }
      set.push(parameters);
      return Promise.resolve();
    },
  };
  return { sender: sender as unknown as RTCRtpSender, set };
}

function encodingsOf(sender: RTCRtpSender) {
  const report = vi.fn();
  const encodings = new SenderEncodings({
    camera: () => sender,
    screen: () => undefined,
    closed: () => false,
    report,
  });
  return { encodings, report };
}

const QUALITY = { maxBitrate: 500_000, maxFramerate: 20, maxHeight: 360 };

describe('SenderEncodings', () => {
  it('sets the camera encoding again with fresh parameters when a negotiation changed them', async () => {
    const { sender, set } = racingSender(1);
    const { encodings, report } = encodingsOf(sender);
    await encodings.setVideoQuality(QUALITY);
    expect(report).not.toHaveBeenCalled();
    expect(set).toHaveLength(1);
    expect(set[0]?.rtcp.reducedSize).toBe(true);
    expect(set[0]?.encodings[0]?.maxBitrate).toBe(500_000);
  });

  it('reports a refusal that reading the parameters again does not cure', async () => {
    const { sender, set } = racingSender(2);
    const { encodings, report } = encodingsOf(sender);
    await encodings.setVideoQuality(QUALITY);
    expect(set).toHaveLength(0);
    expect(report).toHaveBeenCalledWith(
      'could not limit the video sender',
      expect.any(DOMException),
    );
  });
});
