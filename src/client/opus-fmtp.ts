/**
 * What we ask of the Opus audio sent to us, written into the SDP we signal (not into our
 * own local description): `useinbandfec=1` (the sender adds forward error correction, so
 * a lost packet is rebuilt from the next one) and `usedtx=1` (silence is sent as rare
 * comfort-noise frames, which frees uplink for the others' audio in a mesh). Chromium and
 * Firefox both honour the parameters a receiver writes in its description (RFC 7587 §7).
 */
export const OPUS_RECEIVE_PARAMETERS: Readonly<Record<string, string>> = {
  useinbandfec: '1',
  usedtx: '1',
};

/** The SDP with `OPUS_RECEIVE_PARAMETERS` on every Opus payload type's fmtp line. */
export function withOpusReceiveParameters(sdp: string): string {
  const opus = new Set(
    [...sdp.matchAll(/^a=rtpmap:(\d+) opus\/48000/gim)].map((match) => match[1] ?? ''),
  );
  if (opus.size === 0) return sdp;
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const seen = new Set<string>();
  const out = lines.map((line) => {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (fmtp === null || !opus.has(fmtp[1] ?? '')) return line;
    seen.add(fmtp[1] ?? '');
    return `a=fmtp:${fmtp[1] ?? ''} ${merge(fmtp[2] ?? '')}`;
  });
  // An Opus payload without any fmtp line gets one, right after its rtpmap.
  return out
    .flatMap((line) => {
      const rtpmap = /^a=rtpmap:(\d+) opus\/48000/i.exec(line);
      const pt = rtpmap?.[1];
      if (pt === undefined || seen.has(pt)) return [line];
      return [line, `a=fmtp:${pt} ${merge('')}`];
    })
    .join(eol);
}

function merge(parameters: string): string {
  const pairs = parameters
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [key = '', ...value] = part.split('=');
      return [key.trim().toLowerCase(), value.join('=').trim()] as const;
    });
  const merged = new Map<string, string>(pairs);
  for (const [key, value] of Object.entries(OPUS_RECEIVE_PARAMETERS)) merged.set(key, value);
  return [...merged].map(([key, value]) => `${key}=${value}`).join(';');
}
