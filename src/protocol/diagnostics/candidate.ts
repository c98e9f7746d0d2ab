/**
 * ICE candidate lines (RFC 8839 §5.1) split into the columns the doctor shows. Pure: the
 * browser doctor, the CLI and the NAT lab parse candidates the same way.
 */
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export interface ParsedCandidate {
  readonly foundation: string;
  /** 1 = RTP, 2 = RTCP. */
  readonly component: number;
  readonly protocol: 'udp' | 'tcp';
  readonly priority: number;
  readonly address: string;
  readonly port: number;
  readonly type: CandidateType;
  readonly relatedAddress: string | null;
  readonly relatedPort: number | null;
  readonly tcpType: string | null;
}

export interface PrioritySplit {
  /** 0–126: host 126, prflx 110, srflx 100, relay 0–2 in Chromium (UDP > TCP > TLS). */
  readonly typePreference: number;
  /** 0–65535: interface and address family preference. */
  readonly localPreference: number;
  /** 1 = RTP, 2 = RTCP. */
  readonly component: number;
}

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const TYPES: readonly string[] = ['host', 'srflx', 'prflx', 'relay'];

/** Parses `candidate:...` (with or without the `a=` prefix); never throws. */
export function parseCandidate(line: string): ParseResult<ParsedCandidate> {
  const text = line.trim().replace(/^a=/, '');
  if (!text.startsWith('candidate:')) return { ok: false, error: 'not a candidate line' };
  const fields = text.slice('candidate:'.length).split(/\s+/);
  const [foundation, component, protocol, priority, address, port, typ, type] = fields;
  if (typ !== 'typ' || type === undefined || !TYPES.includes(type)) {
    return { ok: false, error: 'missing or unknown candidate type' };
  }
  const proto = protocol?.toLowerCase();
  if (proto !== 'udp' && proto !== 'tcp')
    return { ok: false, error: `unknown protocol ${String(protocol)}` };
  const numbers = [component, priority, port].map((value) => Number(value));
  if (
    numbers.some((n) => !Number.isInteger(n) || n < 0) ||
    foundation === undefined ||
    address === undefined
  ) {
    return { ok: false, error: 'malformed component, priority or port' };
  }
  const extensions = new Map<string, string>();
  for (let i = 8; i + 1 < fields.length; i += 2)
    extensions.set(fields[i] ?? '', fields[i + 1] ?? '');
  const rport = extensions.get('rport');
  return {
    ok: true,
    value: {
      foundation,
      component: numbers[0] ?? 0,
      protocol: proto,
      priority: numbers[1] ?? 0,
      address,
      port: numbers[2] ?? 0,
      type: type as CandidateType,
      relatedAddress: extensions.get('raddr') ?? null,
      relatedPort: rport === undefined ? null : Number(rport),
      tcpType: extensions.get('tcptype') ?? null,
    },
  };
}

/** RFC 8445 §5.1.2.1: priority = 2^24·type pref + 2^8·local pref + (256 − component). */
export function splitPriority(priority: number): PrioritySplit {
  return {
    typePreference: Math.floor(priority / 2 ** 24) & 0xff,
    localPreference: Math.floor(priority / 2 ** 8) & 0xffff,
    component: 256 - (priority & 0xff),
  };
}
