import { describe, expect, it } from 'vitest';
import { MIN_BITRATE, meshUploadBps, videoQualityFor } from '../mesh-video.js';
import type { CheckResult } from './report.js';
import { HIGH_RTT_MS, UPLOAD_VERDICT_MAX_PEOPLE, formatMbps, uploadVerdict } from './upload.js';

const relay = (throughputMbps: number | null, rttMs = 20, outcome: 'works' | 'fails' = 'works') =>
  ({
    kind: 'turn-udp',
    url: 'turn:x',
    outcome,
    reason: null,
    address: null,
    connectMs: 10,
    rttMs,
    throughputMbps,
    localCandidateType: 'relay',
    remoteCandidateType: 'relay',
    relayProtocol: 'udp',
    errors: [],
  }) satisfies CheckResult;

describe('the upload verdict: how many people a mesh meeting carries video for', () => {
  it("counts the size table's copies: a copy per other person at that size's bitrate", () => {
    expect(meshUploadBps(2)).toBe(videoQualityFor(2).maxBitrate);
    expect(meshUploadBps(4)).toBe(3 * videoQualityFor(4).maxBitrate);
  });

  it('0.4 Mbit/s: too slow even for two people; video reduced, audio clear', () => {
    const verdict = uploadVerdict([relay(0.4)]);
    expect(verdict).toMatchObject({ status: 'reduced', mbps: 0.4, fullVideoUpTo: 1 });
    expect(verdict.text).toBe(
      'your upload (0.40 Mbit/s) is too slow for a 2-person meeting: video will be reduced; audio stays clear',
    );
  });

  it('just enough for two people: full video for two, reduced from three on', () => {
    const mbps = meshUploadBps(2) / 1e6;
    const verdict = uploadVerdict([relay(mbps)]);
    expect(verdict).toMatchObject({ status: 'reduced', fullVideoUpTo: 2 });
    expect(verdict.text).toBe(
      'your upload (1.5 Mbit/s) carries full video for up to 2 people, but is too slow for a 3-person meeting: video will be reduced; audio stays clear',
    );
  });

  it('enough for every mesh size: carries everyone', () => {
    const most = Math.max(
      ...Array.from({ length: UPLOAD_VERDICT_MAX_PEOPLE - 1 }, (_, i) => meshUploadBps(i + 2)),
    );
    const verdict = uploadVerdict([relay(most / 1e6)]);
    expect(verdict).toMatchObject({ status: 'carries', fullVideoUpTo: UPLOAD_VERDICT_MAX_PEOPLE });
    expect(verdict.text).toMatch(/carries everyone's video in a meeting of up to 8 people$/);
    expect(uploadVerdict([relay(most / 1e6 - 0.1)]).status).toBe('reduced');
  });

  it('below even the smallest copy: video freezes, audio goes first', () => {
    const verdict = uploadVerdict([relay((MIN_BITRATE - 1) / 1e6)]);
    expect(verdict.text).toMatch(/2-person meeting: video will freeze or stop; audio goes first$/);
  });

  it('takes the fastest working relay and says when the round trip is long', () => {
    const verdict = uploadVerdict([
      relay(0.3),
      relay(50, 20, 'fails'),
      { ...relay(2, HIGH_RTT_MS + 100), kind: 'turn-tcp' },
      { ...relay(null), kind: 'turns' },
    ]);
    expect(verdict).toMatchObject({ mbps: 2, rttMs: HIGH_RTT_MS + 100 });
    expect(verdict.text).toMatch(
      /; the round trip through the relay is long \(500 ms\): people will talk over each other$/,
    );
  });

  it('unknown without a relay that carried data', () => {
    expect(uploadVerdict([relay(null), relay(9, 20, 'fails')])).toEqual({
      status: 'unknown',
      mbps: null,
      rttMs: null,
      fullVideoUpTo: null,
      text: 'upload unknown: no TURN server relayed data to measure it',
    });
  });

  it('formats slow rates with two decimals, fast ones with one', () => {
    expect(formatMbps(0.456)).toBe('0.46 Mbit/s');
    expect(formatMbps(12.34)).toBe('12.3 Mbit/s');
  });
});
