/**
 * The `o=` line's session id and version: one value per description a connection creates.
 * A description sent again carries the same pair even when candidates were added since, so
 * both ends use it to spot the same offer arriving twice.
 */
export function sdpOrigin(sdp: string): string | null {
  return /^o=\S+ (\d+ \d+) /m.exec(sdp)?.[1] ?? null;
}
