import { z } from 'zod';
import { roomPathSchema } from './room-mode.js';

/**
 * Call-quality telemetry (docs/protocol.md, `telemetry`): every few seconds a client
 * reports, per peer connection it has (one per participant in a mesh, publisher and
 * subscriber on the SFU), what that connection uses and how media fares. Nothing in it
 * names a person: no peer ids, no addresses. Every number is bounded; clients clamp.
 */
export const MAX_TELEMETRY_REPORTS = 16;
export const MAX_TELEMETRY_RTT_MS = 60_000;
export const MAX_TELEMETRY_FPS = 240;
/** Freeze time per report: at most the report interval, bounded anyway. */
export const MAX_TELEMETRY_FREEZE_SECONDS = 600;
export const MAX_TELEMETRY_SETUP_MS = 600_000;

export const candidateTypeSchema = z.enum(['host', 'srflx', 'prflx', 'relay']);
export const transportProtocolSchema = z.enum(['udp', 'tcp', 'tls']);
/** Why a connection failed (the client's `ConnectionFailure`). */
export const iceFailureReasonSchema = z.enum([
  'ice-failed',
  'connect-timeout',
  'no-peer-connection',
  'remote-no-peer-connection',
]);

const bounded = (max: number) => z.number().min(0).max(max);

export const connectionReportSchema = z.strictObject({
  path: roomPathSchema,
  /** The selected candidate pair's local and remote candidate types; null: none selected. */
  localType: candidateTypeSchema.nullable(),
  remoteType: candidateTypeSchema.nullable(),
  /** To the first hop (for a relay candidate: to the TURN server). */
  protocol: transportProtocolSchema.nullable(),
  rttMs: bounded(MAX_TELEMETRY_RTT_MS).nullable(),
  /** Packets lost ÷ packets expected since the previous report, all incoming streams. */
  lossRatio: bounded(1).nullable(),
  /** Frames per second decoded, summed over incoming video; null: no video. */
  fps: bounded(MAX_TELEMETRY_FPS).nullable(),
  /** Seconds incoming video was frozen since the previous report. */
  freezeSeconds: bounded(MAX_TELEMETRY_FREEZE_SECONDS),
  /** Join (or the participant's arrival) to connected, once: the first report after it. */
  setupMs: bounded(MAX_TELEMETRY_SETUP_MS).exactOptional(),
  /** The connection failed since the previous report, and why. */
  iceFailure: iceFailureReasonSchema.exactOptional(),
});

export const telemetryMessageSchema = z.strictObject({
  type: z.literal('telemetry'),
  reports: z.array(connectionReportSchema).max(MAX_TELEMETRY_REPORTS),
});

export type ConnectionReport = z.infer<typeof connectionReportSchema>;
export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;
export type IceFailureReason = z.infer<typeof iceFailureReasonSchema>;
