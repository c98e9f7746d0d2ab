import { isIPv4, isIPv6 } from 'node:net';
import { MAGIC_COOKIE, StunDecodeError } from './stun-message.js';

/** A transport address as STUN carries it. */
export interface StunAddress {
  readonly family: 'IPv4' | 'IPv6';
  readonly address: string;
  readonly port: number;
}

const COOKIE = Buffer.alloc(4);
COOKIE.writeUInt32BE(MAGIC_COOKIE, 0);

/** XOR-MAPPED-ADDRESS / XOR-PEER-ADDRESS / XOR-RELAYED-ADDRESS value (RFC 8489 §14.2). */
export function encodeXorAddress(address: StunAddress, transactionId: Buffer): Buffer {
  const ip = ipBytes(address.address);
  const out = Buffer.alloc(4 + ip.length);
  out.writeUInt8(ip.length === 4 ? 0x01 : 0x02, 1);
  out.writeUInt16BE(address.port ^ (MAGIC_COOKIE >>> 16), 2);
  const mask = Buffer.concat([COOKIE, transactionId]);
  for (let i = 0; i < ip.length; i++) out[4 + i] = (ip[i] ?? 0) ^ (mask[i] ?? 0);
  return out;
}

export function decodeXorAddress(value: Buffer, transactionId: Buffer): StunAddress {
  const family = value.length >= 2 ? value.readUInt8(1) : 0;
  const size = family === 0x01 ? 4 : family === 0x02 ? 16 : 0;
  if (size === 0 || value.length !== 4 + size) {
    throw new StunDecodeError('bad-attribute', 'malformed XOR address');
  }
  const port = value.readUInt16BE(2) ^ (MAGIC_COOKIE >>> 16);
  const mask = Buffer.concat([COOKIE, transactionId]);
  const ip = Buffer.alloc(size);
  for (let i = 0; i < size; i++) ip[i] = (value[4 + i] ?? 0) ^ (mask[i] ?? 0);
  return { family: size === 4 ? 'IPv4' : 'IPv6', address: formatIp(ip), port };
}

function ipBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  if (!isIPv6(address)) throw new TypeError(`not an IP address: ${address}`);
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = address.includes('::') ? groups(tail) : [];
  const fill = Array<string>(8 - left.length - right.length).fill('0');
  const out = Buffer.alloc(16);
  [...left, ...fill, ...right].forEach((group, i) => {
    out.writeUInt16BE(parseInt(group, 16), i * 2);
  });
  return out;
}

function formatIp(ip: Buffer): string {
  if (ip.length === 4) return [...ip].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** ERROR-CODE value: class/number and reason phrase. */
export function decodeErrorCode(value: Buffer): { code: number; reason: string } {
  if (value.length < 4) throw new StunDecodeError('bad-attribute', 'malformed ERROR-CODE');
  const code = (value.readUInt8(2) & 0x07) * 100 + value.readUInt8(3);
  return { code, reason: value.subarray(4).toString('utf8') };
}

export function encodeErrorCode(code: number, reason: string): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt8(Math.floor(code / 100), 2);
  out.writeUInt8(code % 100, 3);
  return Buffer.concat([out, Buffer.from(reason, 'utf8')]);
}

export function encodeUInt32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value, 0);
  return out;
}

export function decodeUInt32(value: Buffer): number {
  if (value.length !== 4) throw new StunDecodeError('bad-attribute', 'expected 4 bytes');
  return value.readUInt32BE(0);
}

/** REQUESTED-TRANSPORT: protocol number 17 (UDP), the only relay transport browsers use. */
export const REQUESTED_TRANSPORT_UDP = Buffer.from([17, 0, 0, 0]);
