import { KIND_LABELS, KIND_ORDER, type IceServerKind } from './ice-url.js';
import { formatMbps } from './upload.js';
import type {
  CandidateRow,
  CheckResult,
  HairpinInfo,
  NatInfo,
  Summary,
  Verdict,
} from './report.js';

/**
 * The doctor's verdict rules, pure: per kind of server (STUN, TURN/UDP, TURN/TCP, TURNS)
 * "works", "fails: why" or "not configured", the NAT behaviour, and one summary sentence.
 * The meeting app's badge and the NAT lab reuse the same texts.
 */
export function verdictsFor(
  checks: readonly CheckResult[],
  configured: readonly IceServerKind[],
): Verdict[] {
  return KIND_ORDER.map((kind) => {
    const label = KIND_LABELS[kind];
    const mine = checks.filter((check) => check.kind === kind);
    if (!configured.includes(kind) || mine.length === 0) {
      return { kind, label, status: 'not-configured', text: 'not configured' };
    }
    const working = mine.find((check) => check.outcome === 'works');
    if (working !== undefined)
      return { kind, label, status: 'works', text: `works: ${worksDetail(working)}` };
    const reason = mine.find((check) => check.reason !== null)?.reason ?? 'no answer';
    return { kind, label, status: 'fails', text: `fails: ${reason}` };
  });
}

function worksDetail(check: CheckResult): string {
  if (check.kind === 'stun') {
    return check.address === null
      ? 'the server answered'
      : `the server answered; your public address is ${check.address}`;
  }
  const parts = ['relays data'];
  if (check.rttMs !== null) parts.push(`RTT ${formatMs(check.rttMs)}`);
  if (check.throughputMbps !== null) parts.push(formatMbps(check.throughputMbps));
  return parts.join(', ');
}

export function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${String(Math.round(ms))} ms`;
}

/**
 * NAT behaviour from server-reflexive candidates. Two STUN servers (different address or
 * port) are needed to tell a symmetric NAT (a new public port per destination) from one that
 * keeps its mapping; Chromium drops identical srflx candidates, so "answered but only one
 * mapping" also means endpoint-independent.
 */
export function natBehaviour(
  candidates: readonly CandidateRow[],
  stunUrlsAnswered: readonly string[],
): NatInfo {
  const srflx = candidates.filter((c) => c.type === 'srflx');
  if (srflx.length === 0) {
    // Chromium drops a server-reflexive candidate equal to a host candidate: the server
    // answered and saw our own address.
    return stunUrlsAnswered.length > 0
      ? { behaviour: 'no-nat', text: 'no NAT towards the STUN server: it sees your own address' }
      : { behaviour: 'unknown', text: 'NAT behaviour unknown: no STUN server answered' };
  }
  const hostAddresses = new Set(candidates.filter((c) => c.type === 'host').map((c) => c.address));
  if (srflx.every((c) => hostAddresses.has(c.address))) {
    return { behaviour: 'no-nat', text: 'no NAT: your address is public' };
  }
  const byBase = new Map<string, Set<string>>();
  for (const c of srflx) {
    const base = `${c.relatedAddress ?? ''}:${String(c.relatedPort ?? '')}:${c.protocol}`;
    const mappings = byBase.get(base) ?? new Set<string>();
    mappings.add(`${c.address}:${String(c.port)}`);
    byBase.set(base, mappings);
  }
  if ([...byBase.values()].some((mappings) => mappings.size > 1)) {
    return { behaviour: 'address-dependent', text: NAT_TEXTS.symmetric };
  }
  if (new Set(stunUrlsAnswered).size >= 2) {
    return {
      behaviour: 'endpoint-independent',
      text: 'behind a NAT that keeps your public port for every destination: direct calls to most networks work without TURN',
    };
  }
  return { behaviour: 'unknown', text: 'NAT behaviour unknown: telling it needs two STUN servers' };
}

/**
 * The hairpin check's outcome in words: two peer connections on this device that know only
 * each other's public (server-reflexive) address connect, or do not, through the NAT.
 * `reflexive`: whether they had public addresses to try (null: no STUN server answered).
 */
export function hairpinVerdict(nat: NatInfo, reflexive: boolean, connected: boolean): HairpinInfo {
  if (!reflexive) {
    return nat.behaviour === 'no-nat'
      ? { status: 'no-nat', text: 'no NAT: other devices reach you at your own address' }
      : { status: 'unknown', text: 'hairpinning unknown: no STUN server gave a public address' };
  }
  return connected
    ? {
        status: 'hairpins',
        text: 'your NAT hairpins: devices behind it also reach each other through its public address',
      }
    : { status: 'no-hairpin', text: HAIRPIN_TEXTS.none };
}

export const HAIRPIN_TEXTS = {
  none: 'your NAT does not hairpin: devices behind it reach each other only directly on the local network, so where the network keeps devices apart (guest Wi-Fi, client isolation), calls between them go through TURN',
} as const;

export const NAT_TEXTS = {
  symmetric: 'behind symmetric NAT: calls to other networks need TURN',
} as const;

/** One sentence: will calls between different networks connect? */
export function summarize(verdicts: readonly Verdict[], nat: NatInfo): Summary {
  const turn = verdicts.filter((v) => v.kind !== 'stun');
  const stun = verdicts.find((v) => v.kind === 'stun');
  const working = turn.find((v) => v.status === 'works');
  if (working !== undefined) {
    const detail = working.text.replace(/^works: /, '');
    return {
      callsAcrossNetworks: 'will-work',
      sentence: `Calls across networks will work: ${working.label} ${detail}.`,
    };
  }
  const failing = turn.find((v) => v.status === 'fails');
  const turnProblem =
    failing === undefined
      ? 'no TURN server is configured'
      : `no TURN server relays data (${failing.label} ${failing.text})`;
  if (nat.behaviour === 'address-dependent') {
    return {
      callsAcrossNetworks: 'will-fail',
      sentence: `Calls to other networks will fail: you are ${NAT_TEXTS.symmetric}, and ${turnProblem}.`,
    };
  }
  if (stun?.status === 'works') {
    return {
      callsAcrossNetworks: 'may-fail',
      sentence: `Calls across networks may fail: STUN works, but ${turnProblem}, so people behind strict NATs or firewalls cannot connect.`,
    };
  }
  const nothing = turn.every((v) => v.status === 'not-configured') && stun?.status !== 'fails';
  return {
    callsAcrossNetworks: 'will-fail',
    sentence: nothing
      ? 'Calls across networks will fail: no STUN or TURN server is configured, so only people on the same network can connect.'
      : `Calls across networks will fail: neither STUN nor TURN works (${verdicts
          .filter((v) => v.status === 'fails')
          .map((v) => `${v.label} ${v.text}`)
          .join('; ')}).`,
  };
}
