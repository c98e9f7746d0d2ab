import { z } from 'zod';
import { selfTestResultSchema } from './ice-servers-response.js';

/**
 * The connection doctor's JSON report: built by the doctor page, downloaded by people,
 * printed by `confab doctor --json`. Credentials never appear in it (see `redactReport`).
 */
export const REPORT_FORMAT = 'confab-doctor-report';
/** 2: adds `hairpin`; 3: adds `upload`. */
export const REPORT_VERSION = 3;

const kind = z.enum(['stun', 'turn-udp', 'turn-tcp', 'turns']);
const severity = z.enum(['fatal', 'warning', 'info']);

export const candidateRowSchema = z.strictObject({
  /** Milliseconds since gathering started. */
  timeMs: z.number(),
  component: z.number().int(),
  type: z.enum(['host', 'srflx', 'prflx', 'relay']),
  foundation: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  address: z.string(),
  port: z.number().int(),
  priority: z.number(),
  typePreference: z.number().int(),
  localPreference: z.number().int(),
  componentId: z.number().int(),
  url: z.string().nullable(),
  relayProtocol: z.string().nullable(),
  relatedAddress: z.string().nullable(),
  relatedPort: z.number().int().nullable(),
});

export const errorRowSchema = z.strictObject({
  timeMs: z.number(),
  url: z.string(),
  errorCode: z.number().int(),
  errorText: z.string(),
  address: z.string().nullable(),
  severity,
  explanation: z.string(),
});

export const checkResultSchema = z.strictObject({
  kind,
  url: z.string(),
  outcome: z.enum(['works', 'fails']),
  /** Why it failed, in plain words; null when it works. */
  reason: z.string().nullable(),
  /** STUN: the public address seen; TURN: the relay address. */
  address: z.string().nullable(),
  connectMs: z.number().nullable(),
  rttMs: z.number().nullable(),
  throughputMbps: z.number().nullable(),
  localCandidateType: z.string().nullable(),
  remoteCandidateType: z.string().nullable(),
  relayProtocol: z.string().nullable(),
  errors: z.array(errorRowSchema),
});

export const verdictSchema = z.strictObject({
  kind,
  label: z.string(),
  status: z.enum(['works', 'fails', 'not-configured']),
  /** "works: ...", "fails: ..." or "not configured". */
  text: z.string(),
});

export const natSchema = z.strictObject({
  behaviour: z.enum(['no-nat', 'endpoint-independent', 'address-dependent', 'unknown']),
  text: z.string(),
});

/**
 * Whether this device's NAT hairpins: sends traffic from its LAN to its own public address
 * back into the LAN. Without it, devices behind the NAT reach each other only directly on the
 * local network, and not at all where the network keeps devices apart.
 */
export const hairpinSchema = z.strictObject({
  status: z.enum(['hairpins', 'no-hairpin', 'no-nat', 'unknown']),
  text: z.string(),
});

/**
 * Whether the upload carries a mesh meeting's video (diagnostics/upload.ts), from the
 * fastest relay check's throughput and round trip.
 */
export const uploadSchema = z.strictObject({
  status: z.enum(['carries', 'reduced', 'unknown']),
  /** Measured through the fastest working relay; null without one. */
  mbps: z.number().nullable(),
  rttMs: z.number().nullable(),
  /** The largest meeting (people, ourselves included) whose video it carries in full. */
  fullVideoUpTo: z.number().int().nullable(),
  text: z.string(),
});

export const summarySchema = z.strictObject({
  callsAcrossNetworks: z.enum(['will-work', 'may-fail', 'will-fail']),
  sentence: z.string(),
});

export const redactedIceServerSchema = z.strictObject({
  urls: z.array(z.string()),
  username: z.literal('[redacted]').optional(),
  credential: z.literal('[redacted]').optional(),
});

export const reportSchema = z.strictObject({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  createdAt: z.string(),
  userAgent: z.string(),
  origin: z.string(),
  source: z.enum(['server', 'custom']),
  policy: z.enum(['all', 'relay']),
  iceServers: z.array(redactedIceServerSchema),
  gathering: z.strictObject({
    durationMs: z.number(),
    complete: z.boolean(),
    candidates: z.array(candidateRowSchema),
    errors: z.array(errorRowSchema),
  }),
  checks: z.array(checkResultSchema),
  verdicts: z.array(verdictSchema),
  nat: natSchema,
  hairpin: hairpinSchema,
  upload: uploadSchema,
  summary: summarySchema,
  serverSelfTest: z.array(selfTestResultSchema).nullable(),
});

export type CandidateRow = z.infer<typeof candidateRowSchema>;
export type ErrorRow = z.infer<typeof errorRowSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type Verdict = z.infer<typeof verdictSchema>;
export type NatInfo = z.infer<typeof natSchema>;
export type HairpinInfo = z.infer<typeof hairpinSchema>;
export type UploadInfo = z.infer<typeof uploadSchema>;
export type Summary = z.infer<typeof summarySchema>;
export type RedactedIceServer = z.infer<typeof redactedIceServerSchema>;
export type DoctorReport = z.infer<typeof reportSchema>;

/** What an `RTCIceServer` holds, before redaction. */
export interface IceServerConfig {
  readonly urls: string | readonly string[];
  readonly username?: string | undefined;
  readonly credential?: string | undefined;
}

export function redactIceServers(servers: readonly IceServerConfig[]): RedactedIceServer[] {
  return servers.map((server) => ({
    urls: typeof server.urls === 'string' ? [server.urls] : [...server.urls],
    ...(server.username === undefined ? {} : { username: '[redacted]' as const }),
    ...(server.credential === undefined ? {} : { credential: '[redacted]' as const }),
  }));
}

/**
 * Second line of defence: replaces every occurrence of a secret string anywhere in the report
 * (error texts, URLs with `?username=`...). Returns a new report.
 */
export function redactReport(report: DoctorReport, secrets: readonly string[]): DoctorReport {
  const needles = secrets.filter((secret) => secret.length >= 4);
  if (needles.length === 0) return report;
  const json = JSON.stringify(report, (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    return needles.reduce((text, needle) => text.split(needle).join('[redacted]'), value);
  });
  return reportSchema.parse(JSON.parse(json));
}
