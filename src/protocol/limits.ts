/** Version of the wire protocol described in docs/protocol.md. Sent in `join` and `welcome`. */
export const PROTOCOL_VERSION = 3;

/** Largest SDP accepted in a `signal` description, in UTF-8 bytes. */
export const MAX_SDP_BYTES = 32 * 1024;
/** Largest ICE candidate line accepted in a `signal`, in UTF-8 bytes. */
export const MAX_CANDIDATE_BYTES = 1024;
/** Room names and peer ids: 1–64 URL-safe characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Display names: 1–64 characters (code points) after trimming. */
export const MAX_NAME_CHARS = 64;
/** Resume tokens and room tokens are opaque; these caps only bound memory. */
export const MAX_RESUME_TOKEN_CHARS = 256;
export const MAX_AUTH_TOKEN_CHARS = 4096;
/** `sdpMid` and `usernameFragment` are short identifiers in practice (RFC 8839 allows 256). */
export const MAX_ICE_FIELD_CHARS = 256;

/**
 * UTF-8 length of a string without TextEncoder (this module runs in browsers and Node
 * without either environment's types). Lone surrogates count as 3 bytes, as TextEncoder
 * would encode them as U+FFFD.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * `utf8ByteLength(text) <= maxBytes`, without the count when the length alone decides: a
 * UTF-16 code unit takes 1 to 3 UTF-8 bytes (a surrogate pair, two units, takes 4).
 */
export function utf8WithinLimit(text: string, maxBytes: number): boolean {
  if (text.length > maxBytes) return false;
  if (text.length * 3 <= maxBytes) return true;
  return utf8ByteLength(text) <= maxBytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Largest `data` of an `app` message, in UTF-8 bytes of its JSON text. */
export const MAX_APP_DATA_BYTES = 16 * 1024;
/**
 * Largest SDP of an SFU message, in UTF-8 bytes. A subscriber connection carries every
 * stream of the room (Janus writes ~600 bytes per m-line): 49 feeds with camera and
 * microphone make a 58 kB offer, with screen shares ~90 kB.
 */
export const MAX_SFU_SDP_BYTES = 128 * 1024;
/** Most layer choices in one `sfu-layers` message. */
export const MAX_SFU_CHOICES = 100;

/** Room passcodes: 4-64 characters (code units; the server keeps only a salted hash). */
export const MIN_PASSCODE_CHARS = 4;
export const MAX_PASSCODE_CHARS = 64;
/** Most people a host is shown waiting in the lobby (the server's lobby capacity is capped by it). */
export const MAX_LOBBY_WAITING = 100;
