import type { ClientSignalMessage } from './client-messages.js';
import {
  ID_PATTERN,
  MAX_CANDIDATE_BYTES,
  MAX_ICE_FIELD_CHARS,
  MAX_SDP_BYTES,
  utf8WithinLimit,
} from './limits.js';
import type { IceCandidate, SignalData } from './signal-data.js';

/**
 * The relay's hot path: `signal` frames are nearly all the traffic, and running the zod
 * schema on each costs more than relaying it. This checks a parsed frame by hand and returns
 * the message only when the schema would certainly accept it, built exactly as the schema
 * would output it (same keys, same order). Anything else, valid or not, returns null and goes
 * through the schema, which stays the single source of truth and of error messages (it also
 * decides the rare signals this path leaves to it, such as astral characters in ICE fields).
 * fast-signal.test.ts checks both agree on every case.
 */
export function fastSignal(json: unknown): ClientSignalMessage | null {
  if (!isRecord(json) || json['type'] !== 'signal' || !hasExactly(json, 3, 'to', 'data'))
    return null;
  const to = json['to'];
  if (typeof to !== 'string' || !ID_PATTERN.test(to)) return null;
  const data = fastSignalData(json['data']);
  return data === null ? null : { type: 'signal', to, data };
}

function fastSignalData(data: unknown): SignalData | null {
  if (!isRecord(data)) return null;
  if (hasExactly(data, 1, 'description')) {
    const description = data['description'];
    if (!isRecord(description) || !hasExactly(description, 2, 'type', 'sdp')) return null;
    const { type, sdp } = description;
    if (type !== 'offer' && type !== 'answer') return null;
    if (typeof sdp !== 'string' || !utf8WithinLimit(sdp, MAX_SDP_BYTES)) return null;
    return { description: { type, sdp } };
  }
  if (!hasExactly(data, 1, 'candidate')) return null;
  const candidate = data['candidate'];
  if (candidate === null) return { candidate: null };
  const checked = fastCandidate(candidate);
  return checked === null ? null : { candidate: checked };
}

function fastCandidate(value: unknown): IceCandidate | null {
  if (!isRecord(value)) return null;
  const hasUfrag = Object.hasOwn(value, 'usernameFragment');
  if (!hasExactly(value, hasUfrag ? 4 : 3, 'candidate', 'sdpMid', 'sdpMLineIndex')) return null;
  const { candidate, sdpMid, sdpMLineIndex } = value;
  if (typeof candidate !== 'string' || !utf8WithinLimit(candidate, MAX_CANDIDATE_BYTES))
    return null;
  if (sdpMid !== null && !isShortString(sdpMid)) return null;
  if (sdpMLineIndex !== null && !isLineIndex(sdpMLineIndex)) return null;
  // Browsers throw on a non-empty candidate that has neither field.
  if (candidate !== '' && sdpMid === null && sdpMLineIndex === null) return null;
  if (!hasUfrag) return { candidate, sdpMid, sdpMLineIndex };
  const usernameFragment = value['usernameFragment'];
  if (usernameFragment !== null && !isShortString(usernameFragment)) return null;
  return { candidate, sdpMid, sdpMLineIndex, usernameFragment };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` has `count` own keys, among them every one of `keys` (so no other key). */
function hasExactly(value: Record<string, unknown>, count: number, ...keys: string[]): boolean {
  if (Object.keys(value).length !== count) return false;
  for (const key of keys) if (!Object.hasOwn(value, key)) return false;
  return true;
}

/** Within the limit in UTF-16 units; longer ones (maybe fine in code points) take the schema. */
function isShortString(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_ICE_FIELD_CHARS;
}

function isLineIndex(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 1023;
}
