import type { MediaSource } from '../../protocol/index.js';

/** An m-line of an offer, as far as the publish rules need it. */
interface MediaLine {
  readonly kind: string;
  readonly mid: string | null;
  readonly sending: boolean;
}

export type PublishCheck =
  | { readonly ok: true; readonly descriptions: { mid: string; description: MediaSource }[] }
  | { readonly ok: false; readonly reason: string };

const KIND_OF: Record<MediaSource, 'audio' | 'video'> = {
  microphone: 'audio',
  camera: 'video',
  screen: 'video',
};

/** Most m-lines of a publisher offer: microphone, camera, screen. */
export const MAX_PUBLISHED_LINES = 3;

/**
 * A publisher offer's rules: one microphone, one camera and one screen at most; each
 * source names an m-line of its kind in the SDP; every m-line that sends has a source.
 * Janus is told each stream's source (its description), so receivers know what is what.
 */
export function checkPublish(
  sdp: string,
  sources: readonly { mid: string; source: MediaSource }[],
): PublishCheck {
  const lines = mediaLines(sdp);
  if (lines.length === 0) return { ok: false, reason: 'the offer has no media' };
  if (lines.length > MAX_PUBLISHED_LINES)
    return { ok: false, reason: `at most ${String(MAX_PUBLISHED_LINES)} m-lines may be published` };
  const bySource = new Set<MediaSource>();
  const byMid = new Map<string, MediaSource>();
  for (const { mid, source } of sources) {
    if (bySource.has(source)) return { ok: false, reason: `more than one ${source}` };
    if (byMid.has(mid)) return { ok: false, reason: `mid ${mid} is listed twice` };
    const line = lines.find((candidate) => candidate.mid === mid);
    if (line === undefined) return { ok: false, reason: `no m-line with mid ${mid}` };
    if (line.kind !== KIND_OF[source])
      return { ok: false, reason: `mid ${mid} is ${line.kind}, not a ${source}` };
    bySource.add(source);
    byMid.set(mid, source);
  }
  for (const line of lines) {
    if (line.kind !== 'audio' && line.kind !== 'video')
      return { ok: false, reason: `${line.kind} m-lines cannot be published` };
    if (line.sending && (line.mid === null || !byMid.has(line.mid)))
      return { ok: false, reason: `m-line ${line.mid ?? '(no mid)'} sends but has no source` };
  }
  return {
    ok: true,
    descriptions: [...byMid.entries()].map(([mid, description]) => ({ mid, description })),
  };
}

function mediaLines(sdp: string): MediaLine[] {
  const lines: { kind: string; port: string; mid: string | null; direction: string }[] = [];
  for (const raw of sdp.split(/\r?\n/)) {
    const media = /^m=(\S+) (\d+)/.exec(raw);
    if (media !== null) {
      lines.push({ kind: media[1] ?? '', port: media[2] ?? '', mid: null, direction: 'sendrecv' });
      continue;
    }
    const current = lines.at(-1);
    if (current === undefined) continue;
    const mid = /^a=mid:(\S+)/.exec(raw);
    if (mid !== null) current.mid = mid[1] ?? null;
    const direction = /^a=(sendrecv|sendonly|recvonly|inactive)\s*$/.exec(raw);
    if (direction !== null) current.direction = direction[1] ?? 'sendrecv';
  }
  return lines.map(({ kind, port, mid, direction }) => ({
    kind,
    mid,
    sending: port !== '0' && (direction === 'sendrecv' || direction === 'sendonly'),
  }));
}
