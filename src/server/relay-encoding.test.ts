import { describe, expect, it } from 'vitest';
import {
  decodeClientMessage,
  type ClientSignalMessage,
  type ServerMessage,
} from '../protocol/index.js';
import {
  deliveryFromText,
  encodeForClient,
  encodedSignalBytes,
  payloadFromClient,
} from './relay-encoding.js';

const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=fingerprint:sha-256 AB:CD\r\nüñï ☃ 😀\r\n';

/** What the server does with one client frame: decode, take its payload, relay as `from`. */
function relay(text: string, from = 'sender_1'): { out: string; spliced: boolean } {
  const decoded = decodeClientMessage(text);
  if (!decoded.ok || decoded.message.type !== 'signal') throw new Error('not a valid signal');
  const payload = payloadFromClient(Buffer.from(text), text, decoded.message);
  const encoded = encodeForClient({ type: 'relayed', from, payload });
  const out = typeof encoded === 'string' ? encoded : encoded.toString('utf8');
  // The result must always be exactly what JSON.stringify would have sent.
  const message: ServerMessage = { type: 'signal', from, data: decoded.message.data };
  expect(JSON.parse(out)).toEqual(message);
  // Resume buffers count frames by this, without encoding them.
  expect(encodedSignalBytes(from, payload)).toBe(Buffer.byteLength(out));
  return { out, spliced: payload.sdpLiteral !== null && typeof encoded !== 'string' };
}

const signal = (data: ClientSignalMessage['data']): string =>
  JSON.stringify({ type: 'signal', to: 'peer-2', data });

describe('relay encoding', () => {
  it('splices the SDP bytes of a compact description frame, byte for byte like JSON.stringify', () => {
    for (const type of ['offer', 'answer'] as const) {
      const { out, spliced } = relay(signal({ description: { type, sdp: SDP } }));
      expect(spliced).toBe(true);
      expect(out).toBe(
        JSON.stringify({
          type: 'signal',
          from: 'sender_1',
          data: { description: { type, sdp: SDP } },
        }),
      );
    }
  });

  it('keeps non-standard but valid escapes as sent, which decode to the same SDP', () => {
    const text = signal({ description: { type: 'offer', sdp: 'v=0' } }).replace(
      'v=0',
      'v\\u003d0\\/',
    );
    const { out, spliced } = relay(text);
    expect(spliced).toBe(true);
    expect(
      (JSON.parse(out) as { data: { description: { sdp: string } } }).data.description.sdp,
    ).toBe('v=0/');
  });

  it('falls back to JSON.stringify for every other layout', () => {
    const compact = signal({ description: { type: 'offer', sdp: SDP } });
    const others = [
      // whitespace, other key orders, quotes inside the SDP, duplicate keys
      compact.replace('{"type":"signal"', '{ "type":"signal"'),
      compact.replace('"}}}', '" } } }'),
      JSON.stringify({
        to: 'peer-2',
        type: 'signal',
        data: { description: { type: 'offer', sdp: SDP } },
      }),
      JSON.stringify({
        type: 'signal',
        to: 'peer-2',
        data: { description: { sdp: SDP, type: 'offer' } },
      }),
      signal({ description: { type: 'offer', sdp: 'a="quoted"' } }),
      compact.replace('"sdp":"', '"sdp":"ignored","sdp":"'),
      signal({
        candidate: {
          candidate: 'candidate:1 1 udp 1 192.0.2.1 1 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
        },
      }),
      signal({ candidate: null }),
    ];
    for (const text of others) expect(relay(text).spliced, text.slice(0, 120)).toBe(false);
  });

  it('never splices next to a sender id that would need escaping', () => {
    expect(relay(signal({ description: { type: 'offer', sdp: SDP } }), 'a"b').spliced).toBe(false);
  });

  it('keeps the literal of a frame another node wrote, and sends that frame as it was', () => {
    const { out } = relay(signal({ description: { type: 'answer', sdp: SDP } }));
    const delivery = deliveryFromText(out);
    if (delivery?.type !== 'relayed') throw new Error('not a relayed signal');
    expect(typeof delivery.payload.sdpLiteral).toBe('string');
    expect(encodeForClient(delivery)).toBe(out);
    // Another layout (here: whitespace) is decoded and encoded again, never passed through.
    const spaced = out.replace('{"type"', '{ "type"');
    expect(deliveryFromText(spaced)).toMatchObject({ payload: { sdpLiteral: null } });
    expect(deliveryFromText('{"type":"signal"}')).toBeNull();
  });
});
