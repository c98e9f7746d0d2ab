import { z } from 'zod';
import {
  MAX_CANDIDATE_BYTES,
  MAX_ICE_FIELD_CHARS,
  MAX_SDP_BYTES,
  utf8WithinLimit,
} from './limits.js';

/** An SDP offer or answer, as produced by `RTCPeerConnection.localDescription`. */
export const sessionDescriptionSchema = z.strictObject({
  type: z.enum(['offer', 'answer']),
  sdp: z.string().refine((sdp) => utf8WithinLimit(sdp, MAX_SDP_BYTES), {
    message: `sdp larger than ${String(MAX_SDP_BYTES)} bytes`,
  }),
});

/**
 * One trickled ICE candidate (`RTCIceCandidateInit`). An empty `candidate` string is the
 * per-generation end-of-candidates marker and is forwarded like any other candidate.
 */
export const iceCandidateSchema = z
  .strictObject({
    candidate: z.string().refine((line) => utf8WithinLimit(line, MAX_CANDIDATE_BYTES), {
      message: `candidate larger than ${String(MAX_CANDIDATE_BYTES)} bytes`,
    }),
    sdpMid: z.string().max(MAX_ICE_FIELD_CHARS).nullable(),
    sdpMLineIndex: z.number().int().min(0).max(1023).nullable(),
    usernameFragment: z.string().max(MAX_ICE_FIELD_CHARS).nullable().exactOptional(),
  })
  // Browsers throw a TypeError for a non-empty candidate with neither field; reject it here
  // so the receiving peer never has to.
  .refine((c) => c.candidate === '' || c.sdpMid !== null || c.sdpMLineIndex !== null, {
    message: 'candidate needs sdpMid or sdpMLineIndex',
  });

/**
 * What one peer sends another through the server: a description, a candidate, or
 * `{candidate: null}` (this side finished gathering).
 */
export const signalDataSchema = z.union([
  z.strictObject({ description: sessionDescriptionSchema }),
  z.strictObject({ candidate: iceCandidateSchema }),
  z.strictObject({ candidate: z.null() }),
]);

export type SessionDescription = z.infer<typeof sessionDescriptionSchema>;
export type IceCandidate = z.infer<typeof iceCandidateSchema>;
export type SignalData = z.infer<typeof signalDataSchema>;
