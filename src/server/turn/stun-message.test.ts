import { describe, expect, it } from 'vitest';
import {
  decodeErrorCode,
  decodeXorAddress,
  encodeErrorCode,
  encodeXorAddress,
} from './stun-attributes.js';
import {
  ATTR,
  attribute,
  decodeStun,
  encodeStun,
  longTermKey,
  METHOD,
  StunDecodeError,
  verifyFingerprint,
  verifyIntegrity,
} from './stun-message.js';

// RFC 5769 test vectors.
const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const IPV4_RESPONSE = hex(`
  0101003c 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220
  00200008 0001a147 e112a643 00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
  80280004 c07d4c96`);
const IPV6_RESPONSE = hex(`
  01010048 2112a442 b7e7a701 bc34d686 fa87dfae 8022000b 74657374 20766563 746f7220
  00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9 00080014 a382954e 4be67bf1
  1784c97c 8292c275 bfe3ed41 80280004 c8fb0b4c`);
const LONG_TERM_REQUEST = hex(`
  00010060 2112a442 78ad3433 c6ad72c0 29da412e 00060012 e3839ee3 8388e383 aae38383
  e382afe3 82b90000 0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679
  36347341 0014000b 6578616d 706c652e 6f726700 00080014 f6702465 6dd64a3e 02b8e071
  2e85c9a2 8ca89666`);
const SHORT_TERM_PASSWORD = Buffer.from('VOkJxbRl1RmTxUk/WvJxBt');

describe('STUN codec (RFC 5769 vectors)', () => {
  it('decodes the IPv4 and IPv6 sample responses and checks their integrity', () => {
    for (const [raw, address] of [
      [IPV4_RESPONSE, '192.0.2.1'],
      [IPV6_RESPONSE, '2001:db8:1234:5678:11:2233:4455:6677'],
    ] as const) {
      const message = decodeStun(raw);
      expect(message).toMatchObject({ method: METHOD.binding, cls: 'success' });
      const mapped = attribute(message, ATTR.xorMappedAddress);
      expect(mapped && decodeXorAddress(mapped, message.transactionId)).toMatchObject({
        address,
        port: 32853,
      });
      expect(verifyIntegrity(raw, SHORT_TERM_PASSWORD)).toBe(true);
      expect(verifyIntegrity(raw, Buffer.from('wrong'))).toBe(false);
      expect(verifyFingerprint(raw)).toBe(true);
    }
  });

  it('encodes a long-term-credential request byte for byte (MD5 key, HMAC-SHA1)', () => {
    const sample = decodeStun(LONG_TERM_REQUEST);
    const key = longTermKey('マトリックス', 'example.org', 'TheMatrIX');
    const encoded = encodeStun(
      { ...sample, attributes: sample.attributes.filter((a) => a.type !== ATTR.messageIntegrity) },
      { integrityKey: key },
    );
    expect(encoded.equals(LONG_TERM_REQUEST)).toBe(true);
    expect(verifyIntegrity(LONG_TERM_REQUEST, key)).toBe(true);
  });

  it('adds a FINGERPRINT the decoder accepts and round-trips XOR addresses', () => {
    const txid = Buffer.alloc(12, 7);
    const peer = { family: 'IPv6', address: 'fe80::1', port: 4000 } as const;
    const raw = encodeStun(
      {
        method: METHOD.createPermission,
        cls: 'request',
        transactionId: txid,
        attributes: [{ type: ATTR.xorPeerAddress, value: encodeXorAddress(peer, txid) }],
      },
      { fingerprint: true },
    );
    expect(verifyFingerprint(raw)).toBe(true);
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(verifyFingerprint(raw)).toBe(false);
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    const decoded = decodeStun(raw);
    expect(decoded.attributes.map((a) => a.type)).toEqual([ATTR.xorPeerAddress, ATTR.fingerprint]);
    const value = attribute(decoded, ATTR.xorPeerAddress);
    expect(value && decodeXorAddress(value, txid)).toEqual(peer);
    expect(decodeErrorCode(encodeErrorCode(438, 'Stale Nonce'))).toEqual({
      code: 438,
      reason: 'Stale Nonce',
    });
  });

  it('rejects malformed input with typed errors, never a crash', () => {
    const cases: [Buffer, string][] = [
      [Buffer.alloc(10), 'too-short'],
      [Buffer.alloc(20), 'not-stun'],
      [Buffer.concat([IPV4_RESPONSE, Buffer.alloc(4)]), 'bad-length'],
      [
        (() => {
          const b = Buffer.from(IPV4_RESPONSE);
          b.writeUInt16BE(0x00ff, 22);
          return b;
        })(),
        'bad-attribute',
      ],
    ];
    for (const [raw, code] of cases) {
      expect(() => decodeStun(raw)).toThrow(StunDecodeError);
      try {
        decodeStun(raw);
      } catch (error) {
        expect((error as StunDecodeError).code).toBe(code);
      }
    }
    expect(() => decodeXorAddress(Buffer.alloc(3), Buffer.alloc(12))).toThrow(StunDecodeError);
  });
});
