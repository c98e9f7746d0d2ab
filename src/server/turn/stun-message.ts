import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** STUN (RFC 8489) and TURN (RFC 8656) methods this client speaks. */
export const METHOD = {
  binding: 0x001,
  allocate: 0x003,
  refresh: 0x004,
  send: 0x006,
  data: 0x007,
  createPermission: 0x008,
} as const;

export type StunClass = 'request' | 'indication' | 'success' | 'error';

export const ATTR = {
  mappedAddress: 0x0001,
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  lifetime: 0x000d,
  xorPeerAddress: 0x0012,
  data: 0x0013,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedTransport: 0x0019,
  xorMappedAddress: 0x0020,
  software: 0x8022,
  fingerprint: 0x8028,
} as const;

export const MAGIC_COOKIE = 0x2112a442;
const HEADER_BYTES = 20;
const FINGERPRINT_XOR = 0x5354554e;

export interface StunAttribute {
  readonly type: number;
  readonly value: Buffer;
}

export interface StunMessage {
  readonly method: number;
  readonly cls: StunClass;
  /** 12 bytes. */
  readonly transactionId: Buffer;
  readonly attributes: readonly StunAttribute[];
}

export type StunDecodeErrorCode = 'too-short' | 'not-stun' | 'bad-length' | 'bad-attribute';

/** A datagram or stream chunk that is not a well-formed STUN message. */
export class StunDecodeError extends Error {
  override readonly name = 'StunDecodeError';
  constructor(
    readonly code: StunDecodeErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const CLASS_BITS: Record<StunClass, number> = {
  request: 0b00,
  indication: 0b01,
  success: 0b10,
  error: 0b11,
};

function messageType(method: number, cls: StunClass): number {
  const c = CLASS_BITS[cls];
  return (
    (method & 0x000f) |
    ((method & 0x0070) << 1) |
    ((method & 0x0f80) << 2) |
    ((c & 1) << 4) |
    ((c & 2) << 7)
  );
}

function splitType(type: number): { method: number; cls: StunClass } {
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const c = ((type >> 4) & 1) | ((type >> 7) & 2);
  const cls: StunClass =
    c === 0 ? 'request' : c === 1 ? 'indication' : c === 2 ? 'success' : 'error';
  return { method, cls };
}

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/** Long-term credential key (RFC 8489 §9.2.2): MD5(username ":" realm ":" password). */
export function longTermKey(username: string, realm: string, password: string): Buffer {
  return createHash('md5').update(`${username}:${realm}:${password}`).digest();
}

export interface EncodeOptions {
  /** Adds MESSAGE-INTEGRITY (HMAC-SHA1) with this key. */
  readonly integrityKey?: Buffer;
  /** Adds FINGERPRINT (coturn runs with `fingerprint`). */
  readonly fingerprint?: boolean;
}

/** Serialises a message, appending MESSAGE-INTEGRITY and FINGERPRINT when asked. */
export function encodeStun(message: StunMessage, options: EncodeOptions = {}): Buffer {
  const parts: Buffer[] = [];
  for (const attribute of message.attributes) parts.push(encodeAttribute(attribute));
  let body = Buffer.concat(parts);
  const header = (extra: number): Buffer => {
    const h = Buffer.alloc(HEADER_BYTES);
    h.writeUInt16BE(messageType(message.method, message.cls), 0);
    h.writeUInt16BE(body.length + extra, 2);
    h.writeUInt32BE(MAGIC_COOKIE, 4);
    message.transactionId.copy(h, 8);
    return h;
  };
  if (options.integrityKey !== undefined) {
    const hmac = createHmac('sha1', options.integrityKey)
      .update(Buffer.concat([header(24), body]))
      .digest();
    body = Buffer.concat([body, encodeAttribute({ type: ATTR.messageIntegrity, value: hmac })]);
  }
  if (options.fingerprint === true) {
    const crc = (crc32(Buffer.concat([header(8), body])) ^ FINGERPRINT_XOR) >>> 0;
    const value = Buffer.alloc(4);
    value.writeUInt32BE(crc, 0);
    body = Buffer.concat([body, encodeAttribute({ type: ATTR.fingerprint, value })]);
  }
  return Buffer.concat([header(0), body]);
}

function encodeAttribute(attribute: StunAttribute): Buffer {
  const padded = Math.ceil(attribute.value.length / 4) * 4;
  const out = Buffer.alloc(4 + padded);
  out.writeUInt16BE(attribute.type, 0);
  out.writeUInt16BE(attribute.value.length, 2);
  attribute.value.copy(out, 4);
  return out;
}

/** True when `data` starts like a STUN message (first two bits zero, magic cookie). */
export function looksLikeStun(data: Buffer): boolean {
  return (
    data.length >= HEADER_BYTES && (data[0] ?? 0xff) < 0x40 && data.readUInt32BE(4) === MAGIC_COOKIE
  );
}

/** Total length of the STUN message at the start of `data`, or null if the header is incomplete. */
export function stunMessageLength(data: Buffer): number | null {
  return data.length < 4 ? null : HEADER_BYTES + data.readUInt16BE(2);
}

/** Parses one complete STUN message; throws `StunDecodeError` on anything malformed. */
export function decodeStun(data: Buffer): StunMessage {
  if (data.length < HEADER_BYTES) throw new StunDecodeError('too-short', 'shorter than a header');
  if (!looksLikeStun(data)) throw new StunDecodeError('not-stun', 'no STUN magic cookie');
  const length = data.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER_BYTES + length !== data.length) {
    throw new StunDecodeError('bad-length', `length ${String(length)} does not match the data`);
  }
  const attributes: StunAttribute[] = [];
  let offset = HEADER_BYTES;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new StunDecodeError('bad-attribute', 'truncated attribute');
    const type = data.readUInt16BE(offset);
    const size = data.readUInt16BE(offset + 2);
    if (offset + 4 + size > data.length) {
      throw new StunDecodeError('bad-attribute', `attribute 0x${type.toString(16)} overruns`);
    }
    attributes.push({ type, value: data.subarray(offset + 4, offset + 4 + size) });
    offset += 4 + Math.ceil(size / 4) * 4;
  }
  return {
    ...splitType(data.readUInt16BE(0)),
    transactionId: Buffer.from(data.subarray(8, 20)),
    attributes,
  };
}

/**
 * Checks MESSAGE-INTEGRITY of a received message (`raw` is the exact bytes) with `key`.
 * Attributes after MESSAGE-INTEGRITY (only FINGERPRINT is allowed) are not covered.
 */
export function verifyIntegrity(raw: Buffer, key: Buffer): boolean {
  let offset = HEADER_BYTES;
  while (offset + 4 <= raw.length) {
    const type = raw.readUInt16BE(offset);
    const size = raw.readUInt16BE(offset + 2);
    if (type === ATTR.messageIntegrity && size === 20 && offset + 24 <= raw.length) {
      const covered = Buffer.from(raw.subarray(0, offset));
      covered.writeUInt16BE(offset - HEADER_BYTES + 24, 2);
      const expected = createHmac('sha1', key).update(covered).digest();
      return timingSafeEqual(expected, raw.subarray(offset + 4, offset + 24));
    }
    offset += 4 + Math.ceil(size / 4) * 4;
  }
  return false;
}

/** Checks a trailing FINGERPRINT (CRC-32 of everything before it, XOR 0x5354554e). */
export function verifyFingerprint(raw: Buffer): boolean {
  if (raw.length < HEADER_BYTES + 8 || raw.readUInt16BE(raw.length - 8) !== ATTR.fingerprint) {
    return false;
  }
  const expected = (crc32(raw.subarray(0, raw.length - 8)) ^ FINGERPRINT_XOR) >>> 0;
  return raw.readUInt32BE(raw.length - 4) === expected;
}

export function attribute(message: StunMessage, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}
