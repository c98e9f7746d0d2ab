import type { Page } from '@playwright/test';

/** What a raw participant page reports: received videos and any error frames. */
export interface RawSfuState {
  readonly errors: unknown[];
  /** Width and decoded frames of each received video. */
  readonly videos: { width: number; frames: number }[];
}

/**
 * Joins a room from `page` speaking protocol v2 by hand, not through the client library:
 * on the SFU it publishes camera (simulcast h, m, l) and microphone, answers every
 * sfu-offer on one subscriber connection and asks for `layer` of every camera. A check of
 * the server's side of the SFU contract with real Chromium media.
 */
export async function joinRaw(
  page: Page,
  wsUrl: string,
  name: string,
  layer: number,
): Promise<void> {
  await page.evaluate(
    async ({ wsUrl, name, layer }) => {
      const state = {
        errors: [] as unknown[],
        sub: null as RTCPeerConnection | null,
        pub: null as RTCPeerConnection | null,
      };
      (window as unknown as { sfu: typeof state }).sfu = state;
      const ws = new WebSocket(wsUrl);
      await new Promise((resolve) => (ws.onopen = resolve));
      const send = (message: unknown): void => {
        ws.send(JSON.stringify(message));
      };
      const media = await navigator.mediaDevices.getUserMedia({
        audio: true,
        video: { width: 1280, height: 720 },
      });
      let iceServers: RTCIceServer[] = [];
      let epoch = -1;
      let pub: RTCPeerConnection | null = null;
      const trickle = (pc: 'publisher' | 'subscriber') => (event: RTCPeerConnectionIceEvent) => {
        const c = event.candidate;
        send({
          type: 'sfu-candidate',
          epoch,
          pc,
          candidate: c && {
            candidate: c.candidate,
            sdpMid: c.sdpMid,
            sdpMLineIndex: c.sdpMLineIndex,
          },
        });
      };
      // Three 720p simulcast encoders on two cores run out of CPU, and Chromium then scales
      // every layer down: the widths this test checks are the layers', so frames go instead.
      const keepResolution = async (pc: RTCPeerConnection | null): Promise<void> => {
        const sender = pc?.getSenders().find((s) => s.track?.kind === 'video');
        if (sender === undefined) return;
        const parameters = sender.getParameters() as RTCRtpSendParameters & {
          degradationPreference?: string;
        };
        parameters.degradationPreference = 'maintain-resolution';
        await sender.setParameters(parameters);
      };
      const publish = async (next: number): Promise<void> => {
        if (epoch === next) return;
        epoch = next;
        pub = new RTCPeerConnection({ iceServers });
        state.pub = pub;
        pub.onicecandidate = trickle('publisher');
        const [audioTrack] = media.getAudioTracks();
        const [videoTrack] = media.getVideoTracks();
        if (!audioTrack || !videoTrack) throw new Error('no fake media');
        const audio = pub.addTransceiver(audioTrack, { direction: 'sendonly' });
        const video = pub.addTransceiver(videoTrack, {
          direction: 'sendonly',
          sendEncodings: [
            { rid: 'h', maxBitrate: 900_000 },
            { rid: 'm', maxBitrate: 300_000, scaleResolutionDownBy: 2 },
            { rid: 'l', maxBitrate: 100_000, scaleResolutionDownBy: 4 },
          ],
        });
        // From the first frame on (set again once negotiated): a publisher that starts while the
        // machine is busy would otherwise scale its layers down before it is ever told not to.
        await keepResolution(pub);
        const offer = await pub.createOffer();
        await pub.setLocalDescription(offer);
        send({
          type: 'sfu-publish',
          epoch,
          sdp: offer.sdp,
          sources: [
            { mid: audio.mid, source: 'microphone' },
            { mid: video.mid, source: 'camera' },
          ],
        });
      };
      const subscribe = async (message: {
        sdp: string;
        streams: { peer: string; source: string }[];
      }): Promise<void> => {
        state.sub ??= new RTCPeerConnection({ iceServers });
        state.sub.onicecandidate = trickle('subscriber');
        await state.sub.setRemoteDescription({ type: 'offer', sdp: message.sdp });
        const answer = await state.sub.createAnswer();
        await state.sub.setLocalDescription(answer);
        send({ type: 'sfu-answer', epoch, sdp: answer.sdp });
        const cameras = message.streams.filter((s) => s.source === 'camera');
        const choices = cameras.map(({ peer }) => ({ peer, source: 'camera', layer }));
        if (choices.length > 0) send({ type: 'sfu-layers', epoch, choices });
      };
      ws.onmessage = (event: MessageEvent<string>) => {
        const message = JSON.parse(event.data) as {
          type: string;
          mode?: { path: string; epoch: number };
          iceServers?: RTCIceServer[];
          sdp?: string;
          streams?: { peer: string; source: string }[];
        };
        const run = async (): Promise<void> => {
          const { type, mode, sdp = '', streams = [] } = message;
          if (type === 'welcome') iceServers = message.iceServers ?? [];
          if ((type === 'welcome' || type === 'room-mode') && mode?.path === 'sfu')
            await publish(mode.epoch);
          if (type === 'sfu-answer') {
            await pub?.setRemoteDescription({ type: 'answer', sdp });
            await keepResolution(pub);
          }
          if (type === 'sfu-offer') await subscribe({ sdp, streams });
          if (type === 'error') state.errors.push(message);
        };
        void run().catch((error: unknown) => state.errors.push(String(error)));
      };
      send({ type: 'join', v: 3, room: 'raw-sfu', name });
    },
    { wsUrl, name, layer },
  );
}

export async function rawState(page: Page): Promise<RawSfuState> {
  return page.evaluate(async () => {
    const state = (
      window as unknown as { sfu: { errors: unknown[]; sub: RTCPeerConnection | null } }
    ).sfu;
    const videos: { width: number; frames: number }[] = [];
    const report = await state.sub?.getStats();
    report?.forEach(
      (s: { type: string; kind?: string; frameWidth?: number; framesDecoded?: number }) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0)
          videos.push({ width: s.frameWidth ?? 0, frames: s.framesDecoded ?? 0 });
      },
    );
    return { errors: state.errors, videos };
  });
}

/** What the page's publisher sends, per simulcast layer (for a failure's message). */
export async function rawSent(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const pub = (window as unknown as { sfu: { pub: RTCPeerConnection | null } }).sfu.pub;
    const layers: string[] = [];
    (await pub?.getStats())?.forEach(
      (s: {
        type: string;
        kind?: string;
        rid?: string;
        frameWidth?: number;
        framesSent?: number;
        qualityLimitationReason?: string;
      }) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video')
          layers.push(
            `${s.rid ?? '?'}: ${String(s.frameWidth ?? 0)} px, ${String(s.framesSent ?? 0)} frames, limited by ${s.qualityLimitationReason ?? '?'}`,
          );
      },
    );
    return layers.sort().join('; ');
  });
}
