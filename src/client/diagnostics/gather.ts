import type { CandidateRow } from '../../protocol/diagnostics/report.js';
import { candidateRow, rawIceError, type RawIceError } from './rows.js';

export interface GatherResult {
  readonly candidates: CandidateRow[];
  readonly errors: RawIceError[];
  readonly durationMs: number;
  /** False when gathering had not finished by the timeout. */
  readonly complete: boolean;
}

export interface GatherOptions {
  readonly iceServers: RTCIceServer[];
  readonly policy: RTCIceTransportPolicy;
  readonly timeoutMs: number;
  readonly onCandidate?: (row: CandidateRow) => void;
  readonly onError?: (error: RawIceError) => void;
}

/**
 * What the Trickle ICE page does: one peer connection with one audio m-line gathers
 * candidates from the given servers; every candidate and `icecandidateerror` is recorded.
 */
export async function gatherCandidates(options: GatherOptions): Promise<GatherResult> {
  const pc = new RTCPeerConnection({
    iceServers: options.iceServers,
    iceTransportPolicy: options.policy,
  });
  const startedAt = performance.now();
  const candidates: CandidateRow[] = [];
  const errors: RawIceError[] = [];
  try {
    pc.addEventListener('icecandidate', (event) => {
      if (event.candidate === null) return;
      const row = candidateRow(event.candidate, performance.now() - startedAt);
      if (row === null) return;
      candidates.push(row);
      options.onCandidate?.(row);
    });
    pc.addEventListener('icecandidateerror', (event) => {
      const error = rawIceError(event, performance.now() - startedAt);
      errors.push(error);
      options.onError?.(error);
    });
    const complete = waitForGathering(pc, options.timeoutMs);
    pc.addTransceiver('audio', { direction: 'recvonly' });
    await pc.setLocalDescription();
    const finished = await complete;
    return {
      candidates,
      errors,
      durationMs: Math.round(performance.now() - startedAt),
      complete: finished,
    };
  } finally {
    pc.close();
  }
}

/** Resolves true when gathering completes, false on timeout. */
export function waitForGathering(pc: RTCPeerConnection, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve(false);
    }, timeoutMs);
    function onChange(): void {
      if (pc.iceGatheringState !== 'complete') return;
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve(true);
    }
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}
