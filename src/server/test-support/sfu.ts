import { readFileSync } from 'node:fs';
import type { MediaSource, RoomMode } from '../../protocol/index.js';
import type { ConfabServer } from '../server.js';
import { JanusClient } from '../sfu/janus-client.js';
import type { JanusHandle } from '../sfu/janus-handle.js';
import type { JanusSecrets } from '../sfu/janus-secrets.js';
import { VideoRoomAdmin } from '../sfu/videoroom-admin.js';
import { VIDEOROOM_PLUGIN } from '../sfu/videoroom-handle.js';
import type { TestClient } from './test-client.js';

/**
 * A real publisher offer of headless Chromium 156: microphone (mid 0), camera with
 * simulcast h, m, l in that order (mid 1), screen (mid 2); candidates removed, as right
 * after createOffer() with trickle ICE. Captured once with playwright-core
 * (addTransceiver(track, {sendEncodings: [{rid: 'h'}, {rid: 'm', scaleResolutionDownBy: 2},
 * {rid: 'l', scaleResolutionDownBy: 4}]})); the fixture is static.
 */
export const PUBLISHER_OFFER = readFileSync(
  new URL('./fixtures/chromium-publisher-offer.sdp', import.meta.url),
  'utf8',
);

export const PUBLISHER_SOURCES: { mid: string; source: MediaSource }[] = [
  { mid: '0', source: 'microphone' },
  { mid: '1', source: 'camera' },
  { mid: '2', source: 'screen' },
];

/** The offer's ice-pwd: a secret that must never reach a log. */
export const PUBLISHER_ICE_PWD = /a=ice-pwd:(\S+)/.exec(PUBLISHER_OFFER)?.[1] ?? '';

/**
 * A browser-like answer to a subscriber offer of Janus (recvonly, the first codec of each
 * m-line), good enough for Janus to accept `start`; no media ever flows.
 */
export function answerFor(offer: string): string {
  const sections = offer.split(/\r\n(?=m=)/).slice(1);
  const mids = sections.map((section) => /a=mid:(\S+)/.exec(section)?.[1] ?? '');
  const lines = [
    'v=0',
    `o=- ${String(Date.now())} 2 IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    `a=group:BUNDLE ${mids.join(' ')}`,
    'a=msid-semantic: WMS',
  ];
  sections.forEach((section, index) => {
    const media = /^m=(\S+) (\d+) (\S+) (\d+)/.exec(section);
    if (media === null) return;
    const [, kind, port, proto, pt] = media;
    const rtpmap = new RegExp(`a=rtpmap:${pt ?? ''} (\\S+)`).exec(section)?.[1] ?? 'opus/48000/2';
    const direction = port === '0' || section.includes('a=inactive') ? 'inactive' : 'recvonly';
    lines.push(
      `m=${kind ?? ''} 9 ${proto ?? ''} ${pt ?? ''}`,
      'c=IN IP4 0.0.0.0',
      'a=rtcp:9 IN IP4 0.0.0.0',
      'a=ice-ufrag:tEst',
      'a=ice-pwd:testtesttesttesttesttest',
      `a=fingerprint:sha-256 ${Array.from({ length: 32 }, () => 'AB').join(':')}`,
      'a=setup:active',
      `a=mid:${mids[index] ?? ''}`,
      `a=${direction}`,
      'a=rtcp-mux',
      `a=rtpmap:${pt ?? ''} ${rtpmap}`,
    );
  });
  return `${lines.join('\r\n')}\r\n`;
}

export interface RemoteFeed {
  readonly mid: string;
  readonly type: 'audio' | 'video';
  readonly description: MediaSource;
}

/**
 * A test's own view into a Janus instance (the controller's secrets): rooms, their
 * participants, and remote publishers, which are feeds Janus treats as live at once
 * (real media needs a browser; these need none).
 */
export class JanusInspector {
  private constructor(
    readonly client: JanusClient,
    readonly admin: VideoRoomAdmin,
    private readonly handle: JanusHandle,
    private readonly secrets: JanusSecrets,
  ) {}

  static async connect(url: string, secrets: JanusSecrets): Promise<JanusInspector> {
    const client = await JanusClient.connect({ url, apiSecret: secrets.apiSecret });
    const admin = await VideoRoomAdmin.attach(client, secrets);
    const handle = await client.attach(VIDEOROOM_PLUGIN, 'admin');
    return new JanusInspector(client, admin, handle, secrets);
  }

  /** The confab server's local Janus (`withSfu`). */
  static ofServer(server: ConfabServer): Promise<JanusInspector> {
    const process = server.sfu?.pool.local?.process;
    if (!process) throw new Error('the server runs no local Janus');
    return JanusInspector.connect(process.url, process.secrets);
  }

  async addFeed(room: string, id: string, streams: readonly RemoteFeed[]): Promise<void> {
    await this.handle.message({
      request: 'add_remote_publisher',
      room,
      secret: this.secrets.roomSecret,
      id,
      display: id,
      streams: streams.map((stream, mindex) => ({
        ...stream,
        mindex,
        codec: codecOf(stream),
        ...(stream.type === 'video' ? { simulcast: true } : {}),
      })),
    });
  }

  /** Turns streams of a remote publisher off or on, as a screen share that stops and starts. */
  async setFeedStreams(
    room: string,
    id: string,
    streams: readonly (RemoteFeed & { readonly disabled: boolean })[],
  ): Promise<void> {
    await this.handle.message({
      request: 'update_remote_publisher',
      room,
      secret: this.secrets.roomSecret,
      id,
      streams: streams.map((stream, mindex) => ({ ...stream, mindex, codec: codecOf(stream) })),
    });
  }

  async removeFeed(room: string, id: string): Promise<void> {
    await this.handle.message({
      request: 'remove_remote_publisher',
      room,
      secret: this.secrets.roomSecret,
      id,
    });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

const codecOf = (stream: RemoteFeed): string => (stream.type === 'audio' ? 'opus' : 'vp8');

export const CAMERA_AND_MIC: readonly RemoteFeed[] = [
  { mid: '0', type: 'audio', description: 'microphone' },
  { mid: '1', type: 'video', description: 'camera' },
];

/** Resolves once `count` SFU instances of the server are healthy (its pool's health events). */
export async function sfuHealthy(
  server: ConfabServer,
  count = 1,
  timeoutMs = 10_000,
): Promise<void> {
  const pool = server.sfu?.pool;
  if (!pool) throw new Error('the server has no SFU configured');
  if (pool.healthyCount() >= count) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`SFU not healthy within ${String(timeoutMs)} ms`));
    }, timeoutMs);
    pool.on('health', () => {
      if (pool.healthyCount() < count) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * The mode of the room once it is on the SFU as this member knows it: from its welcome
 * when it joined a room already there, else from the next `room-mode`.
 */
export async function sfuModeOf(client: TestClient, timeoutMs = 5000): Promise<RoomMode> {
  const welcome = client.received[0];
  if (welcome?.type === 'welcome' && welcome.mode.path === 'sfu') return welcome.mode;
  return (await client.nextOf('room-mode', timeoutMs)).mode;
}
