import type { IceCandidate } from '../../protocol/index.js';
import type { IceCandidateInit } from './janus-handle.js';

/** What Janus is trickled: a candidate, or the end of them (null, or an empty end marker). */
export function candidateOrEnd(candidate: IceCandidate | null): IceCandidateInit[] | 'completed' {
  return candidate === null || candidate.candidate === ''
    ? 'completed'
    : [toCandidateInit(candidate)];
}

/** A browser candidate as Janus takes it (no nulls). */
export function toCandidateInit(candidate: IceCandidate): IceCandidateInit {
  const { candidate: line, sdpMid, sdpMLineIndex } = candidate;
  return {
    candidate: line,
    ...(sdpMid === null ? {} : { sdpMid }),
    ...(sdpMLineIndex === null ? {} : { sdpMLineIndex }),
  };
}
