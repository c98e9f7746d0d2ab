import {
  parseIceUrl,
  type IceServerKind,
  type IceUrl,
} from '../../protocol/diagnostics/ice-url.js';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  redactIceServers,
  redactReport,
  type CandidateRow,
  type CheckResult,
  type DoctorReport,
  type ErrorRow,
} from '../../protocol/diagnostics/report.js';
import {
  hairpinVerdict,
  natBehaviour,
  summarize,
  verdictsFor,
} from '../../protocol/diagnostics/verdicts.js';
import { uploadVerdict } from '../../protocol/diagnostics/upload.js';
import { gatherCandidates } from './gather.js';
import { runHairpinCheck, type HairpinOutcome } from './hairpin-check.js';
import { runRelayCheck } from './relay-check.js';
import { explainErrors, type RawIceError } from './rows.js';
import { runStunCheck } from './stun-check.js';

export interface DoctorRunOptions {
  readonly source: 'server' | 'custom';
  readonly iceServers: readonly RTCIceServer[];
  /** Policy of the gathering table; the connectivity checks always relay. */
  readonly policy: RTCIceTransportPolicy;
  /** Per gathering and per check. */
  readonly timeoutMs: number;
  readonly serverSelfTest?: DoctorReport['serverSelfTest'];
  readonly onCandidate?: (row: CandidateRow) => void;
  readonly onError?: (error: RawIceError) => void;
  readonly onCheck?: (check: CheckResult) => void;
}

interface UrlWithCredentials {
  readonly parsed: IceUrl;
  readonly username: string | undefined;
  readonly credential: string | undefined;
}

/**
 * The whole doctor run: the gathering table, a check per configured URL (STUN: a reflexive
 * address; TURN: a relay-only data channel between two peer connections), whether the NAT
 * hairpins, verdicts, NAT behaviour, whether the upload carries a mesh meeting's video and
 * the summary sentence, as a report with every
 * credential redacted.
 */
export async function runDoctor(options: DoctorRunOptions): Promise<DoctorReport> {
  const urls = flattenUrls(options.iceServers);
  const stunUrls = urls.filter((u) => u.parsed.kind === 'stun');
  const turnUrls = urls.filter((u) => u.parsed.kind !== 'stun');
  const firstStun = stunUrls[0]?.parsed.url;
  const noStun: HairpinOutcome = { reflexive: false, connected: false };
  // Alongside everything else: it mostly waits (for a hairpinned path that may never come).
  const hairpinCheck =
    firstStun === undefined
      ? Promise.resolve(noStun)
      : runHairpinCheck(firstStun, options.timeoutMs);
  const [gathered, ...stunChecks] = await Promise.all([
    gatherCandidates({
      iceServers: [...options.iceServers],
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      ...(options.onCandidate === undefined ? {} : { onCandidate: options.onCandidate }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    }),
    ...stunUrls.map(async (u) => {
      const check = await runStunCheck(u.parsed.url, options.timeoutMs);
      options.onCheck?.(check);
      return check;
    }),
  ]);
  const checks: CheckResult[] = [...stunChecks];
  // One at a time: parallel relays would share the CPU and skew RTT and throughput.
  for (const u of turnUrls) {
    const check = await runRelayCheck({
      url: u.parsed.url,
      kind: u.parsed.kind,
      username: u.username,
      credential: u.credential,
      timeoutMs: options.timeoutMs,
    });
    options.onCheck?.(check);
    checks.push(check);
  }
  const configured = [...new Set<IceServerKind>(urls.map((u) => u.parsed.kind))];
  const verdicts = verdictsFor(checks, configured);
  const answered = stunChecks.filter((c) => c.outcome === 'works').map((c) => c.url);
  const nat = natBehaviour(gathered.candidates, answered);
  const hairpinOutcome = await hairpinCheck;
  const hairpin = hairpinVerdict(nat, hairpinOutcome.reflexive, hairpinOutcome.connected);
  const errors: ErrorRow[] = explainErrors(gathered.errors, gathered.candidates);
  const report: DoctorReport = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    createdAt: new Date().toISOString(),
    userAgent: navigator.userAgent,
    origin: location.origin,
    source: options.source,
    policy: options.policy === 'relay' ? 'relay' : 'all',
    iceServers: redactIceServers(options.iceServers.map(toConfig)),
    gathering: {
      durationMs: gathered.durationMs,
      complete: gathered.complete,
      candidates: gathered.candidates,
      errors,
    },
    checks,
    verdicts,
    nat,
    hairpin,
    upload: uploadVerdict(checks),
    summary: summarize(verdicts, nat),
    serverSelfTest: options.serverSelfTest ?? null,
  };
  return redactReport(report, secretsOf(options.iceServers));
}

function flattenUrls(servers: readonly RTCIceServer[]): UrlWithCredentials[] {
  const out: UrlWithCredentials[] = [];
  for (const server of servers) {
    const list = typeof server.urls === 'string' ? [server.urls] : server.urls;
    for (const url of list) {
      const parsed = parseIceUrl(url);
      if (!parsed.ok) continue;
      out.push({ parsed: parsed.value, username: server.username, credential: server.credential });
    }
  }
  return out;
}

function toConfig(server: RTCIceServer): {
  urls: string | string[];
  username?: string;
  credential?: string;
} {
  return {
    urls: server.urls,
    ...(server.username === undefined ? {} : { username: server.username }),
    ...(server.credential === undefined ? {} : { credential: server.credential }),
  };
}

function secretsOf(servers: readonly RTCIceServer[]): string[] {
  return servers
    .flatMap((s) => [s.username, s.credential])
    .filter((v): v is string => typeof v === 'string');
}
