/**
 * STUN/TURN server URLs (RFC 7064, RFC 7065) as `RTCIceServer.urls` holds them. Shared by the
 * browser doctor, the server's relay self-test and the CLI, so all three classify a URL alike.
 */
export type IceUrlScheme = 'stun' | 'stuns' | 'turn' | 'turns';
export type IceTransport = 'udp' | 'tcp';

/** The four things the doctor gives separate verdicts for. */
export type IceServerKind = 'stun' | 'turn-udp' | 'turn-tcp' | 'turns';

export interface IceUrl {
  readonly url: string;
  readonly scheme: IceUrlScheme;
  /** Host name or IP address; IPv6 without brackets. */
  readonly host: string;
  readonly port: number;
  /** Transport to the server: `?transport=` or the scheme's default (turns: TCP+TLS). */
  readonly transport: IceTransport;
  readonly kind: IceServerKind;
}

export type IceUrlResult =
  { readonly ok: true; readonly value: IceUrl } | { readonly ok: false; readonly error: string };

const URL_PATTERN =
  /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?(?:\?transport=(udp|tcp))?$/;

/** Parses one URL; never throws (typed result), so user input can go straight in. */
export function parseIceUrl(url: string): IceUrlResult {
  const match = URL_PATTERN.exec(url.trim());
  if (match === null)
    return { ok: false, error: `not a stun:, stuns:, turn: or turns: URL: ${url}` };
  const scheme = match[1] as IceUrlScheme;
  const rawHost = match[2] ?? '';
  const secure = scheme === 'stuns' || scheme === 'turns';
  const port = match[3] === undefined ? (secure ? 5349 : 3478) : Number(match[3]);
  if (port < 1 || port > 65535) return { ok: false, error: `port out of range in ${url}` };
  if ((scheme === 'stun' || scheme === 'stuns') && match[4] !== undefined) {
    return { ok: false, error: `a stun: URL takes no transport: ${url}` };
  }
  const transport: IceTransport = secure
    ? 'tcp'
    : ((match[4] as IceTransport | undefined) ?? 'udp');
  return {
    ok: true,
    value: {
      url: url.trim(),
      scheme,
      host: rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost,
      port,
      transport,
      kind: kindOf(scheme, transport),
    },
  };
}

function kindOf(scheme: IceUrlScheme, transport: IceTransport): IceServerKind {
  if (scheme === 'stun' || scheme === 'stuns') return 'stun';
  if (scheme === 'turns') return 'turns';
  return transport === 'tcp' ? 'turn-tcp' : 'turn-udp';
}

export const KIND_LABELS: Record<IceServerKind, string> = {
  stun: 'STUN',
  'turn-udp': 'TURN/UDP',
  'turn-tcp': 'TURN/TCP',
  turns: 'TURNS',
};

export const KIND_ORDER: readonly IceServerKind[] = ['stun', 'turn-udp', 'turn-tcp', 'turns'];
