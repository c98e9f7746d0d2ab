import { z } from 'zod';
import { iceServerSchema } from '../server-messages.js';

/** The server's start-up relay test of one TURN URL. */
export const selfTestResultSchema = z.strictObject({
  url: z.string(),
  outcome: z.enum(['works', 'fails']),
  rttMs: z.number().nullable(),
});

/**
 * `GET /api/ice-servers`: ICE servers with freshly minted TURN credentials, for the connection
 * doctor (docs/turn.md). `selfTest` is the server's own start-up relay test, when it ran.
 */
export const iceServersResponseSchema = z.strictObject({
  iceServers: z.array(iceServerSchema),
  /** Unix seconds when the TURN credentials expire; null when none were minted. */
  expiresAt: z.number().int().nullable(),
  selfTest: z.array(selfTestResultSchema).nullable(),
});

export type IceServersResponse = z.infer<typeof iceServersResponseSchema>;

/** Where the doctor fetches its ICE servers (same origin as the page). */
export const ICE_SERVERS_PATH = '/api/ice-servers';

/**
 * `GET /api/doctor-token`: a short-lived token that `GET /api/ice-servers` requires
 * (`Authorization: Bearer <token>`). On servers with room tokens, asking for one needs a
 * room token (for any room) the same way.
 */
export const doctorTokenResponseSchema = z.strictObject({
  token: z.string().min(1).max(256),
  /** Unix seconds when the token (and the TURN credentials minted for it) expire. */
  expiresAt: z.number().int(),
});

export type DoctorTokenResponse = z.infer<typeof doctorTokenResponseSchema>;

export const DOCTOR_TOKEN_PATH = '/api/doctor-token';
