// What a page's WebRTC connections carry, read from getStats() without reaching into the app:
// an init script keeps every RTCPeerConnection the page creates. Works the same in Chromium
// and Firefox, and whatever object (Mesh, Call) the app wraps its connections in.
import type { PageScripts } from './browser-page.js';

declare global {
  interface Window {
    confabTestPeerConnections?: RTCPeerConnection[];
  }
}

/** Init script (runs before the page's own scripts; must not use anything from this module). */
export function recordPeerConnections(): void {
  const created: RTCPeerConnection[] = [];
  window.confabTestPeerConnections = created;
  const Original = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Original {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      created.push(this);
    }
  };
}

export interface ConnectionMedia {
  readonly connectionState: RTCPeerConnectionState;
  /** Our ICE username fragment (it changes with every ICE restart). */
  readonly localUfrag: string | null;
  readonly remoteUfrag: string | null;
  /** Per inbound video stream (camera, screen), frames decoded so far. */
  readonly videoFrames: number[];
  readonly audioBytesReceived: number;
  /** The selected candidate pair: candidate types and the local candidate's protocol. */
  readonly localType: string | null;
  readonly remoteType: string | null;
  readonly protocol: string | null;
}

/** Every open peer connection of the page that has been negotiated (not warm-ups, not closed). */
export async function connectionMedia(page: PageScripts): Promise<ConnectionMedia[]> {
  return page.evaluate(async () => {
    const open = (window.confabTestPeerConnections ?? []).filter(
      (pc) => pc.signalingState !== 'closed' && pc.remoteDescription !== null,
    );
    const ufrag = (description: RTCSessionDescription | null) =>
      /a=ice-ufrag:(\S+)/.exec(description?.sdp ?? '')?.[1] ?? null;
    return Promise.all(
      open.map(async (pc) => {
        const report = await pc.getStats();
        const videoFrames: number[] = [];
        let audioBytesReceived = 0;
        const byId = new Map<string, Record<string, unknown>>();
        let pairId: unknown;
        for (const stat of report.values() as IterableIterator<Record<string, unknown>>) {
          byId.set(String(stat['id']), stat);
          if (stat['type'] === 'transport') pairId ??= stat['selectedCandidatePairId'];
          // Firefox has no transport stats; it flags the selected pair instead.
          if (stat['type'] === 'candidate-pair' && stat['selected'] === true) pairId ??= stat['id'];
          if (stat['type'] !== 'inbound-rtp') continue;
          if (stat['kind'] === 'audio') audioBytesReceived += Number(stat['bytesReceived'] ?? 0);
          else videoFrames.push(Number(stat['framesDecoded'] ?? 0));
        }
        const pair = byId.get(String(pairId));
        const local = byId.get(String(pair?.['localCandidateId']));
        const remote = byId.get(String(pair?.['remoteCandidateId']));
        const text = (value: unknown) => (typeof value === 'string' ? value : null);
        return {
          connectionState: pc.connectionState,
          localUfrag: ufrag(pc.localDescription),
          remoteUfrag: ufrag(pc.remoteDescription),
          videoFrames,
          audioBytesReceived,
          localType: text(local?.['candidateType']),
          remoteType: text(remote?.['candidateType']),
          protocol: text(local?.['relayProtocol']) ?? text(local?.['protocol']),
        };
      }),
    );
  });
}
