import type { Page } from '@playwright/test';

/**
 * A deliberately tiny in-page meeting client (raw RTCPeerConnection + our /ws protocol) for
 * the TURN relay test, until the client library (src/client) lands; swap it for that then.
 * The newcomer offers to every peer in `welcome`; ICE servers come from `welcome`.
 */
export interface MeetingState {
  readonly connectionState: string;
  readonly connectedAfterMs: number | null;
  readonly local: string | null;
  readonly remote: string | null;
  readonly relayProtocol: string | null;
  readonly framesDecoded: number;
  readonly bytesReceived: number;
}

export async function joinRelayMeeting(
  page: Page,
  url: string,
  room: string,
  name: string,
): Promise<void> {
  await page.goto(url);
  await page.evaluate(
    async ({ room, name }) => {
      const startedAt = performance.now();
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ws`);
      const pcs = new Map<string, RTCPeerConnection>();
      let iceServers: RTCIceServer[] = [];
      let connectedAt: number | null = null;
      const send = (message: object): void => {
        socket.send(JSON.stringify(message));
      };
      const peer = (id: string): RTCPeerConnection => {
        const existing = pcs.get(id);
        if (existing) return existing;
        const pc = new RTCPeerConnection({ iceServers, iceTransportPolicy: 'relay' });
        for (const track of stream.getTracks()) pc.addTrack(track, stream);
        pc.addEventListener('icecandidate', (event) => {
          send({
            type: 'signal',
            to: id,
            data: { candidate: event.candidate ? event.candidate.toJSON() : null },
          });
        });
        pc.addEventListener('connectionstatechange', () => {
          if (pc.connectionState === 'connected') connectedAt ??= performance.now() - startedAt;
        });
        pcs.set(id, pc);
        return pc;
      };
      socket.addEventListener('message', (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as {
          type: string;
          peers?: { id: string }[];
          iceServers?: RTCIceServer[];
          from?: string;
          data?: {
            description?: RTCSessionDescriptionInit;
            candidate?: RTCIceCandidateInit | null;
          };
        };
        void (async () => {
          if (message.type === 'welcome') {
            iceServers = message.iceServers ?? [];
            for (const { id } of message.peers ?? []) {
              const pc = peer(id);
              await pc.setLocalDescription();
              send({
                type: 'signal',
                to: id,
                data: { description: pc.localDescription?.toJSON() },
              });
            }
          } else if (message.type === 'signal' && message.from !== undefined && message.data) {
            const pc = peer(message.from);
            const { description, candidate } = message.data;
            if (description) {
              await pc.setRemoteDescription(description);
              if (description.type === 'offer') {
                await pc.setLocalDescription();
                send({
                  type: 'signal',
                  to: message.from,
                  data: { description: pc.localDescription?.toJSON() },
                });
              }
            } else if (candidate) {
              await pc.addIceCandidate(candidate);
            }
          }
        })();
      });
      await new Promise((resolve) => {
        socket.addEventListener('open', resolve, { once: true });
      });
      send({ type: 'join', v: 1, room, name });
      (window as unknown as { meetingState: () => Promise<unknown> }).meetingState = async () => {
        const pc = [...pcs.values()][0];
        if (!pc)
          return {
            connectionState: 'none',
            connectedAfterMs: null,
            local: null,
            remote: null,
            relayProtocol: null,
            framesDecoded: 0,
            bytesReceived: 0,
          };
        const stats = [...(await pc.getStats()).values()] as Record<string, unknown>[];
        const byId = new Map(stats.map((s) => [s['id'], s]));
        const transport = stats.find((s) => s['type'] === 'transport');
        const pair = byId.get(transport?.['selectedCandidatePairId']);
        const local = byId.get(pair?.['localCandidateId']);
        const remote = byId.get(pair?.['remoteCandidateId']);
        const video = stats.find((s) => s['type'] === 'inbound-rtp' && s['kind'] === 'video');
        return {
          connectionState: pc.connectionState,
          connectedAfterMs: connectedAt === null ? null : Math.round(connectedAt),
          local: (local?.['candidateType'] as string | undefined) ?? null,
          remote: (remote?.['candidateType'] as string | undefined) ?? null,
          relayProtocol: (local?.['relayProtocol'] as string | undefined) ?? null,
          framesDecoded: (video?.['framesDecoded'] as number | undefined) ?? 0,
          bytesReceived: (video?.['bytesReceived'] as number | undefined) ?? 0,
        };
      };
    },
    { room, name },
  );
}

export function meetingState(page: Page): Promise<MeetingState> {
  return page.evaluate(() =>
    (window as unknown as { meetingState: () => Promise<MeetingState> }).meetingState(),
  );
}
