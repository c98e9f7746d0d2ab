import { describe, expect, it } from 'vitest';
import { clientMessageSchema } from './client-messages.js';
import { decodeClientMessage } from './decode.js';
import { fastSignal } from './fast-signal.js';
import { MAX_CANDIDATE_BYTES, MAX_ICE_FIELD_CHARS, MAX_SDP_BYTES } from './limits.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const CANDIDATE = 'candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host';

/** Valid signal messages, one per shape the schema allows. */
const VALID: Record<string, Json>[] = [
  { type: 'signal', to: 'p1', data: { description: { type: 'offer', sdp: 'v=0\r\n' } } },
  { type: 'signal', to: 'A-z_9', data: { description: { type: 'answer', sdp: '' } } },
  { type: 'signal', to: 'p', data: { candidate: null } },
  {
    type: 'signal',
    to: 'p',
    data: { candidate: { candidate: CANDIDATE, sdpMid: '0', sdpMLineIndex: 0 } },
  },
  {
    type: 'signal',
    to: 'p',
    data: {
      candidate: { candidate: CANDIDATE, sdpMid: null, sdpMLineIndex: 3, usernameFragment: 'ab' },
    },
  },
  {
    type: 'signal',
    to: 'p',
    data: {
      candidate: { candidate: '', sdpMid: null, sdpMLineIndex: null, usernameFragment: null },
    },
  },
];

/** Values that stand in for a field: every JSON type plus the edges of each limit. */
const REPLACEMENTS: Json[] = [
  null,
  true,
  0,
  -0,
  1.5,
  -1,
  1023,
  1024,
  2 ** 53,
  '',
  'x',
  'offer',
  'answer',
  'signal',
  'p 1',
  'a'.repeat(64),
  'a'.repeat(65),
  'é'.repeat(MAX_ICE_FIELD_CHARS),
  'x'.repeat(MAX_ICE_FIELD_CHARS + 1),
  'x'.repeat(MAX_CANDIDATE_BYTES),
  'x'.repeat(MAX_CANDIDATE_BYTES + 1),
  '€'.repeat(341),
  '€'.repeat(342),
  '😀'.repeat(256),
  '😀'.repeat(257),
  'x'.repeat(MAX_SDP_BYTES),
  'x'.repeat(MAX_SDP_BYTES + 1),
  '€'.repeat(10_922),
  '€'.repeat(10_923),
  '\uD800'.repeat(10_923),
  [],
  ['offer'],
  {},
  { type: 'offer' },
];

/** Every message obtained from a valid one by replacing, removing or adding one field. */
function mutations(message: Json): Json[] {
  if (message === null || typeof message !== 'object' || Array.isArray(message)) return [];
  const out: Json[] = [];
  for (const key of Object.keys(message)) {
    const { [key]: removed, ...rest } = message;
    out.push(rest);
    for (const value of REPLACEMENTS) out.push({ ...message, [key]: value });
    for (const inner of mutations(removed ?? null)) out.push({ ...message, [key]: inner });
  }
  // Added keys go in through JSON text, so `__proto__` becomes an own key as on the wire.
  const body = JSON.stringify(message).slice(1);
  for (const extra of ['extra', '__proto__', 'constructor', 'usernameFragment', 'candidate']) {
    const text = body === '}' ? `{"${extra}":"x"}` : `{"${extra}":"x",${body}`;
    out.push(JSON.parse(text) as Json);
  }
  return out;
}

function zodSignal(json: unknown): { ok: boolean; output: string } {
  const result = clientMessageSchema.safeParse(json);
  return {
    ok: result.success && result.data.type === 'signal',
    output: JSON.stringify(result.data),
  };
}

describe('fastSignal', () => {
  it('accepts every valid shape and outputs exactly what the schema outputs', () => {
    for (const message of VALID) {
      const fast = fastSignal(JSON.parse(JSON.stringify(message)));
      expect(fast, JSON.stringify(message)).not.toBeNull();
      expect(JSON.stringify(fast)).toBe(zodSignal(message).output);
    }
  });

  it('agrees with the schema on thousands of mutated signals', () => {
    let accepted = 0;
    let rejected = 0;
    const deferred: string[] = [];
    for (const valid of VALID) {
      for (const first of mutations(valid)) {
        for (const json of [first, ...mutations(first).slice(0, 12)]) {
          const raw = JSON.stringify(json);
          const fast = fastSignal(JSON.parse(raw));
          const zod = zodSignal(JSON.parse(raw));
          if (fast !== null) {
            // Whatever the fast path accepts, the schema accepts, with the same output.
            expect(zod.ok, raw.slice(0, 300)).toBe(true);
            expect(JSON.stringify(fast)).toBe(zod.output);
            accepted++;
          } else if (zod.ok) deferred.push(raw);
          else rejected++;
        }
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(1000);
    // The one case left to the schema: ICE fields longer than their limit in UTF-16 units but
    // not in code points (astral characters), which the schema counts exactly.
    for (const raw of deferred) expect(raw, raw.slice(0, 200)).toMatch(/[\uD800-\uDBFF]/);
  });

  it('leaves decodeClientMessage answers unchanged, error reasons included', () => {
    for (const valid of VALID) {
      for (const json of mutations(valid)) {
        const raw = JSON.stringify(json);
        const decoded = decodeClientMessage(raw);
        const zod = clientMessageSchema.safeParse(JSON.parse(raw));
        expect(decoded.ok, raw.slice(0, 300)).toBe(zod.success);
        if (decoded.ok && zod.success)
          expect(JSON.stringify(decoded.message)).toBe(JSON.stringify(zod.data));
      }
    }
    expect(decodeClientMessage('{"type":"signal","to":"p","data":{}}')).toMatchObject({
      ok: false,
    });
    expect(decodeClientMessage('{"type":"signal"')).toEqual({
      ok: false,
      reason: 'frame is not valid JSON',
    });
  });
});
