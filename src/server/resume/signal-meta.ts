import type { SignalData } from '../../protocol/index.js';

/** What a buffered signal is, for superseding: offers replace offers, not answers. */
export type BufferedKind = 'offer' | 'answer' | 'candidate' | 'other';

export interface SignalMeta {
  readonly kind: BufferedKind;
  /**
   * The ICE generation (username fragment) of an offer or a candidate; null when unknown.
   * Only ufrags made of ICE characters count (RFC 8839 ice-char), so the value is safe as
   * a word in the Redis hub's entry headers.
   */
  readonly generation: string | null;
}

const ICE_CHARS = /^[A-Za-z0-9+/]{1,256}$/;
const SDP_UFRAG = /^a=ice-ufrag:([^\r\n]*)/m;
const CANDIDATE_UFRAG = /\sufrag\s+(\S+)/;

/** Kind and ICE generation of a signal, as the resume buffer needs them. */
export function signalMeta(data: SignalData): SignalMeta {
  if ('description' in data) {
    const { type, sdp } = data.description;
    if (type === 'answer') return { kind: 'answer', generation: null };
    return { kind: 'offer', generation: iceWord(SDP_UFRAG.exec(sdp)?.[1]) };
  }
  const { candidate } = data;
  if (candidate === null) return { kind: 'other', generation: null };
  const ufrag = candidate.usernameFragment ?? CANDIDATE_UFRAG.exec(candidate.candidate)?.[1];
  return { kind: 'candidate', generation: iceWord(ufrag ?? undefined) };
}

function iceWord(text: string | undefined): string | null {
  return text !== undefined && ICE_CHARS.test(text) ? text : null;
}

/**
 * Whether `older` (buffered) is superseded by a newer signal `newer` from the same sender:
 * a new offer makes older offers moot (the receiver answers the latest), and candidates of
 * another ICE generation belong to a negotiation the new offer restarted.
 */
export function supersedes(newer: SignalMeta, older: SignalMeta): boolean {
  if (newer.kind !== 'offer') return false;
  if (older.kind === 'offer') return true;
  return (
    older.kind === 'candidate' &&
    newer.generation !== null &&
    older.generation !== null &&
    older.generation !== newer.generation
  );
}
