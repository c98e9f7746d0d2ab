import { parseCandidate, splitPriority } from '../../protocol/diagnostics/candidate.js';
import { explainIceError } from '../../protocol/diagnostics/explanations.js';
import type { CandidateRow, ErrorRow } from '../../protocol/diagnostics/report.js';

/** A gathered candidate as a table row; null for end-of-candidates or an unparsable line. */
export function candidateRow(candidate: RTCIceCandidate, timeMs: number): CandidateRow | null {
  // `url` and `relayProtocol` are in the spec and in Chromium, not yet in TypeScript's DOM types.
  const extra = candidate as RTCIceCandidate & {
    url?: string | null;
    relayProtocol?: string | null;
  };
  const parsed = parseCandidate(candidate.candidate);
  if (!parsed.ok) return null;
  const c = parsed.value;
  const split = splitPriority(c.priority);
  return {
    timeMs: Math.round(timeMs),
    component: c.component,
    type: c.type,
    foundation: c.foundation,
    protocol: c.protocol,
    address: c.address,
    port: c.port,
    priority: c.priority,
    typePreference: split.typePreference,
    localPreference: split.localPreference,
    componentId: split.component,
    // Chromium fills `url` for srflx and relay candidates: which server produced them.
    url: typeof extra.url === 'string' && extra.url !== '' ? extra.url : null,
    relayProtocol:
      typeof extra.relayProtocol === 'string' && extra.relayProtocol !== ''
        ? extra.relayProtocol
        : c.type === 'relay'
          ? relayProtocolOf(extra.url)
          : null,
    relatedAddress: c.relatedAddress,
    relatedPort: c.relatedPort,
  };
}

/** Chromium leaves `relayProtocol` empty on some relay candidates: the URL tells it. */
function relayProtocolOf(url: string | null | undefined): string | null {
  if (typeof url !== 'string' || url === '') return null;
  if (url.startsWith('turns:')) return 'tls';
  return url.includes('transport=tcp') ? 'tcp' : 'udp';
}

/** What an `icecandidateerror` carried, before it is explained. */
export interface RawIceError {
  readonly timeMs: number;
  readonly url: string;
  readonly errorCode: number;
  readonly errorText: string;
  readonly address: string | null;
}

export function rawIceError(event: RTCPeerConnectionIceErrorEvent, timeMs: number): RawIceError {
  return {
    timeMs: Math.round(timeMs),
    url: event.url,
    errorCode: event.errorCode,
    errorText: event.errorText,
    address: event.address,
  };
}

/**
 * Explains errors once gathering is over, when it is known whether the same server still
 * produced candidates (an IPv6 failure next to working IPv4 is not fatal). Chromium reports a
 * TURN server's STUN binding under a `stun:` URL with the same host and port: both count.
 */
export function explainErrors(
  errors: readonly RawIceError[],
  candidates: readonly CandidateRow[],
): ErrorRow[] {
  const productive = new Set<string | null>(candidates.map((c) => serverKey(c.url)));
  productive.delete(null);
  const seen = new Set<string>();
  const rows: ErrorRow[] = [];
  for (const error of errors) {
    const dedupe = `${error.url}|${String(error.errorCode)}|${error.errorText}|${error.address ?? ''}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const explanation = explainIceError(error, productive.has(serverKey(error.url)));
    rows.push({ ...error, severity: explanation.severity, explanation: explanation.text });
  }
  return rows;
}

/** host:port of a STUN/TURN URL, so `stun:h:p` and `turn:h:p?transport=udp` match. */
export function serverKey(url: string | null): string | null {
  if (url === null) return null;
  return url.replace(/^(stuns?|turns?):/, '').replace(/\?.*$/, '');
}
