import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** How the server learns who is on the other end of a request. */
export interface AddressPolicy {
  /** Behind a reverse proxy: the client address comes from X-Forwarded-For. */
  readonly trustProxy: boolean;
  /**
   * Proxies in front of confab that each append the address they saw (nginx:
   * `$proxy_add_x_forwarded_for`, or set it with `$remote_addr`). The client is the entry
   * this many places from the right; everything left of it was written by the client.
   */
  readonly proxyHops: number;
}

/**
 * The client's IP address. Without `trustProxy` it is the socket's peer. Behind proxies it
 * is the X-Forwarded-For entry the outermost trusted proxy wrote (counted from the right),
 * never the leftmost one, which the client writes itself. A header that is missing or not
 * an address falls back to the socket peer (the proxy), so a broken setup limits more,
 * not less.
 */
export function clientAddress(request: IncomingMessage, policy: AddressPolicy): string {
  const peer = normalizeAddress(request.socket.remoteAddress ?? 'unknown');
  if (!policy.trustProxy) return peer;
  const header = request.headers['x-forwarded-for'];
  if (typeof header !== 'string') return peer;
  const entries = header
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return peer;
  // Fewer entries than hops: the request skipped outer proxies; the leftmost is the closest
  // thing to the client that a trusted proxy wrote.
  const index = Math.max(0, entries.length - policy.proxyHops);
  const candidate = stripPort(entries[index] ?? '');
  return isIP(candidate) === 0 ? peer : normalizeAddress(candidate);
}

/** `1.2.3.4:5678` and `[::1]:5678` as some proxies write them, without the port. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1] ?? '';
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? (v4WithPort[1] ?? '') : entry;
}

/** IPv4-mapped IPv6 (`::ffff:1.2.3.4`, what a dual-stack socket reports) as plain IPv4. */
export function normalizeAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? (mapped[1] ?? address) : address.toLowerCase();
}

/**
 * The key per-address limits count under: an IPv4 address as it is, an IPv6 address by its
 * /64 (one subscriber usually holds a whole /64, so counting single addresses would let one
 * machine open 2^64 "clients").
 */
export function addressBucket(address: string): string {
  const normalized = normalizeAddress(address);
  if (isIP(normalized) !== 6) return normalized;
  const groups = expandIPv6(normalized);
  return groups === null ? normalized : `${groups.slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, without leading zeros; null if malformed. */
function expandIPv6(address: string): string[] | null {
  const withoutZone = address.split('%', 1)[0] ?? address;
  const [head = '', tail] = withoutZone.split('::');
  const parse = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const last = right.at(-1) ?? left.at(-1);
  // An embedded IPv4 tail (::1.2.3.4) takes two groups.
  if (last?.includes('.') === true) {
    const octets = last.split('.').map(Number);
    const v4 = [
      (((octets[0] ?? 0) << 8) | (octets[1] ?? 0)).toString(16),
      (((octets[2] ?? 0) << 8) | (octets[3] ?? 0)).toString(16),
    ];
    if (right.length > 0) right.splice(-1, 1, ...v4);
    else left.splice(-1, 1, ...v4);
  }
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 0) return null;
  const groups = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.map((group) => (Number.parseInt(group, 16) || 0).toString(16));
}

/** Loopback: 127.0.0.0/8 and ::1. */
export function isLoopback(address: string): boolean {
  const normalized = normalizeAddress(address);
  return normalized.startsWith('127.') || normalized === '::1';
}
