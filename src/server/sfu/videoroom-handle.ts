import type { z } from 'zod';
import { TypedEmitter } from './emitter.js';
import { JanusClientError } from './janus-errors.js';
import type { IceCandidateInit, JanusHandle } from './janus-handle.js';
import type { Jsep, MediaFrame, SlowlinkFrame } from './janus-wire.js';
import { isOkEvent, parseVideoRoomEvent, type VideoRoomEvent } from './videoroom-wire.js';

export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

export interface VideoRoomHandleEvents {
  /** Room notifications (publishers, leaving, talking...) and subscription updates. */
  event: [VideoRoomEvent];
  webrtcup: [];
  media: [MediaFrame];
  slowlink: [SlowlinkFrame];
  hangup: [reason: string | null];
  detached: [];
}

/** Validates a plugin payload against `schema`; a mismatch is a `janus-protocol` error. */
export function expectShape<Schema extends z.ZodType>(
  schema: Schema,
  data: Record<string, unknown>,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new JanusClientError(
    'janus-protocol',
    `${what}: unexpected VideoRoom answer${issue === undefined ? '' : ` (${issue.path.join('.')}: ${issue.message})`}`,
  );
}

/** What publisher and subscriber handles share: typed events, trickle, detach. */
export abstract class VideoRoomHandle extends TypedEmitter<VideoRoomHandleEvents> {
  protected constructor(protected readonly handle: JanusHandle) {
    super();
    handle.on('plugin', (data, jsep) => {
      this.emit('event', parseVideoRoomEvent(data, jsep));
    });
    handle.on('webrtcup', () => {
      this.emit('webrtcup');
    });
    handle.on('media', (frame) => {
      this.emit('media', frame);
    });
    handle.on('slowlink', (frame) => {
      this.emit('slowlink', frame);
    });
    handle.on('hangup', (reason) => {
      this.emit('hangup', reason);
    });
    handle.on('detached', () => {
      this.emit('detached');
    });
  }

  get handleId(): number {
    return this.handle.id;
  }

  get detached(): boolean {
    return this.handle.detached;
  }

  /** Trickles the browser's ICE candidates for this handle's PeerConnection. */
  trickle(candidates: readonly IceCandidateInit[] | 'completed'): Promise<void> {
    return this.handle.trickle(candidates);
  }

  /** Detaches the handle: Janus closes its PeerConnection. Idempotent. */
  detach(): Promise<void> {
    return this.handle.detach();
  }

  /** Sends a request whose success is `{videoroom: 'event', <okKey>: 'ok'}`. */
  protected async expectOk(
    body: Record<string, unknown>,
    okKey: string,
    jsep?: Jsep,
  ): Promise<Jsep | undefined> {
    const reply = await this.handle.message(body, jsep);
    if (!isOkEvent(reply.data, okKey)) {
      throw new JanusClientError(
        'janus-protocol',
        `videoroom ${String(body['request'])}: expected "${okKey}": "ok"`,
      );
    }
    return reply.jsep;
  }
}
