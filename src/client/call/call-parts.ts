// How a Call is put together: its signaling client and its media side, with the documented
// defaults of their options, and the view of signaling the media side gets.
import { signalingUrl } from '../server-url.js';
import { SignalingClient } from '../signaling-client.js';
import type { CallOptions } from './call-types.js';
import { SFU_ANSWER, SFU_PUBLISH, type JoinSignal } from './join-signals.js';
import { MediaPaths } from './media-paths.js';
import type { MediaPort } from './transports.js';

/**
 * The media side's view of the signaling client: what it sends, the ICE servers it uses.
 * `signaled` hears of each offer to a participant, SFU publish and SFU answer that went out.
 */
export function mediaPort(
  signaling: SignalingClient,
  selfId: () => string,
  signaled: (signal: JoinSignal) => void,
): MediaPort {
  return {
    selfId,
    sendSignal: (to, data) => {
      signaling.sendSignal(to, data);
      if ('description' in data && data.description.type === 'offer') signaled(to);
    },
    sendSfu: (message) => {
      signaling.sendSfu(message);
      if (message.type === 'sfu-publish') signaled(SFU_PUBLISH);
      else if (message.type === 'sfu-answer') signaled(SFU_ANSWER);
    },
    sendApp: (data, to) => {
      signaling.sendApp(data, to);
    },
    iceServers: () => signaling.iceServers,
    refreshIceServers: () => signaling.refreshIceServers(),
    probe: () => {
      signaling.probe();
    },
  };
}

/** A call's media side, with the documented defaults of its options. */
export function createMediaPaths(
  options: CallOptions,
  port: MediaPort,
  certificate: () => RTCCertificate | null,
  webrtc: boolean,
): MediaPaths {
  return new MediaPaths({
    port,
    media: {
      audio: options.audio ?? null,
      video: options.video ?? null,
      stream: typeof MediaStream === 'function' ? new MediaStream() : null,
      screen: null,
    },
    certificate,
    iceTransportPolicy: options.iceTransportPolicy,
    rebuildDelayMs: options.rebuildDelayMs ?? 5000,
    connectTimeoutMs: options.connectTimeoutMs ?? 30_000,
    switchTimeoutMs: options.switchTimeoutMs ?? 15_000,
    layerDebounceMs: options.layerDebounceMs ?? 300,
    adaptVideoQuality: options.adaptVideoQuality !== false,
    recovery: options.recovery,
    createPeerConnection: options.createPeerConnection,
    webrtc,
  });
}

/** A call's signaling client: the server's URL (and fallbacks), room, name, WebRTC or not. */
export function createSignaling(options: CallOptions, webrtc: boolean): SignalingClient {
  const { preconnection } = options;
  return new SignalingClient({
    ...options.signaling,
    url: signalingUrl(options.server),
    fallbackUrls: (options.fallbackServers ?? []).map((server) => signalingUrl(server)),
    room: options.room,
    name: options.name,
    webrtc,
    ...(preconnection === undefined ? {} : { adoptSocket: (url) => preconnection.take(url) }),
    ...(options.token === undefined ? {} : { token: options.token }),
    ...(options.passcode === undefined ? {} : { passcode: options.passcode }),
  });
}
