/**
 * Plain-language explanations of ICE server errors: the codes of `icecandidateerror`
 * (STUN/TURN ERROR-CODEs, plus 701 for "no answer") and the failure codes of the server's
 * own relay self-test. Shared by the doctor page, `confab doctor`, the server's start-up
 * log and (later) the meeting app's per-peer badge, so everyone says the same thing.
 */

export type Severity = 'fatal' | 'warning' | 'info';

export interface Explanation {
  readonly severity: Severity;
  readonly text: string;
}

/** What `RTCPeerConnectionIceErrorEvent` carries (address is the local one, maybe null). */
export interface IceErrorInput {
  readonly errorCode: number;
  readonly errorText: string;
  readonly url: string;
  readonly address: string | null;
}

export const EXPLANATIONS = {
  unreachable:
    'the server could not be reached or did not answer in time (701): check the host name and port, that the server runs, and that no firewall blocks the port',
  unauthorized:
    "the server refused the credentials (401): the confab server's TURN secret and coturn's static-auth-secret differ, or the credentials expired (check both clocks)",
  staleNonce:
    'stale nonce (438): the server renewed its nonce; browsers retry with the new one by themselves, so this only matters if no relay candidate came from this server',
  forbidden:
    'the server refused to relay to this address (403 Forbidden IP): its denied-peer-ip list covers it',
  forbiddenOwnRelay:
    "the server refuses to relay to its own relay address (403 Forbidden IP): relay-to-relay calls through one coturn need allowed-peer-ip=<the relay's address> next to the denied-peer-ip list",
  quota:
    "the server's allocation quota is used up (486/508): raise coturn's user-quota/total-quota or widen its relay port range",
  ipv6NotFatal:
    'an IPv6 lookup or route to this server failed; not a problem, because the server answered over IPv4',
  badUrl: 'the URL is not a valid stun:, turn: or turns: URL',
  tls: "the TURN server's TLS certificate is not trusted or not valid for this host name: use a certificate from a public CA for the turns: host name",
} as const;

/** Explains one `icecandidateerror`. `urlProducedCandidate`: the same URL still gave candidates. */
export function explainIceError(error: IceErrorInput, urlProducedCandidate: boolean): Explanation {
  const ipv6 = error.address?.includes(':') === true;
  if (error.errorCode === 701 && ipv6 && urlProducedCandidate) {
    return { severity: 'info', text: EXPLANATIONS.ipv6NotFatal };
  }
  switch (error.errorCode) {
    case 701:
      return {
        severity: urlProducedCandidate ? 'warning' : 'fatal',
        text: EXPLANATIONS.unreachable,
      };
    case 401:
      return { severity: 'fatal', text: EXPLANATIONS.unauthorized };
    case 438:
      return { severity: urlProducedCandidate ? 'info' : 'warning', text: EXPLANATIONS.staleNonce };
    case 403:
      return { severity: 'fatal', text: EXPLANATIONS.forbidden };
    case 486:
    case 508:
      return { severity: 'fatal', text: EXPLANATIONS.quota };
    case 300:
      return {
        severity: 'warning',
        text: 'the server redirects to another one (300 Try Alternate)',
      };
    case 440:
      return {
        severity: 'warning',
        text: 'the server does not relay this address family (440); IPv4 may still work',
      };
    case 442:
      return { severity: 'fatal', text: 'the server does not support this transport (442)' };
    default:
      return {
        severity: urlProducedCandidate ? 'warning' : 'fatal',
        text: `the server answered ${String(error.errorCode)} ${error.errorText}`.trim(),
      };
  }
}

/** Explains a failure of the server's relay self-test (codes of its Node TURN client). */
export function explainTurnFailure(code: string, stunCode: number | null): string {
  switch (code) {
    case 'unreachable':
    case 'timeout':
      return EXPLANATIONS.unreachable;
    case 'unauthorized':
      return EXPLANATIONS.unauthorized;
    case 'forbidden':
      return EXPLANATIONS.forbiddenOwnRelay;
    case 'quota':
      return EXPLANATIONS.quota;
    case 'bad-url':
      return EXPLANATIONS.badUrl;
    case 'tls':
      return EXPLANATIONS.tls;
    default:
      return stunCode === null
        ? `the relay test failed (${code})`
        : `the server answered ${String(stunCode)}`;
  }
}
