import type { JanusClient } from './janus-client.js';
import { JanusClientError } from './janus-errors.js';
import type { JanusHandle } from './janus-handle.js';
import type { Jsep } from './janus-wire.js';
import { expectShape, VIDEOROOM_PLUGIN, VideoRoomHandle } from './videoroom-handle.js';
import { joinedSchema, type AttendeeInfo, type PublisherInfo } from './videoroom-wire.js';

/** Who a participant is in the room: chosen by the controller, never by the browser. */
export interface PublisherIdentity {
  readonly id: string;
  readonly display: string;
}

export interface JoinedRoom {
  readonly room: string;
  readonly id: string;
  /** Names this participant when it subscribes (rooms require it: `require_pvtid`). */
  readonly privateId: number;
  /** Participants already publishing. */
  readonly publishers: PublisherInfo[];
  /** Participants present but not publishing (rooms have `notify_joining`). */
  readonly attendees: AttendeeInfo[];
}

export interface PublishOptions {
  /** REMB cap for this publisher in bit/s; the room's cap applies when absent. */
  readonly bitrate?: number;
  /** Text shown for a stream, e.g. "camera" or "screen", by mid. */
  readonly descriptions?: readonly { mid: string; description: string }[];
}

export interface ConfigureOptions extends PublishOptions {
  /** A renegotiation (tracks added or removed, ICE restart): the answer is returned. */
  readonly offer?: Jsep;
  /** Ask the publisher for a keyframe now. */
  readonly keyframe?: boolean;
  /** Per mid: stop or resume relaying it (`send`), or ask for its keyframe. */
  readonly streams?: readonly { mid: string; send?: boolean; keyframe?: boolean }[];
}

/**
 * A participant's publisher handle: joined with the controller's id and display, then
 * publishing with the browser's offer. There is deliberately no way to pass `display`,
 * `record` or `filename` later: the browser's words never become Janus requests.
 */
export class VideoRoomPublisher extends VideoRoomHandle {
  private constructor(
    handle: JanusHandle,
    readonly joined: JoinedRoom,
  ) {
    super(handle);
  }

  /** @internal use joinAsPublisher */
  static create(handle: JanusHandle, joined: JoinedRoom): VideoRoomPublisher {
    return new VideoRoomPublisher(handle, joined);
  }

  /** Starts publishing: sends the browser's offer, resolves with Janus's answer. */
  async publish(offer: Jsep, options: PublishOptions = {}): Promise<Jsep> {
    const answer = await this.expectOk(
      { request: 'publish', ...publishFields(options) },
      'configured',
      offer,
    );
    return requireAnswer(answer, 'publish');
  }

  /**
   * Changes a live publisher (bitrate, keyframe, per-mid sending) and, with an offer,
   * renegotiates: then the answer is returned, else undefined.
   */
  async configure(options: ConfigureOptions): Promise<Jsep | undefined> {
    const body: Record<string, unknown> = { request: 'configure', ...publishFields(options) };
    if (options.keyframe !== undefined) body['keyframe'] = options.keyframe;
    if (options.streams !== undefined) body['streams'] = options.streams;
    const answer = await this.expectOk(body, 'configured', options.offer);
    return options.offer === undefined ? undefined : requireAnswer(answer, 'configure');
  }

  /** Stops publishing (the PeerConnection closes); stays in the room. */
  async unpublish(): Promise<void> {
    await this.expectOk({ request: 'unpublish' }, 'unpublished');
  }

  /** Leaves the room and detaches the handle; idempotent. */
  async leave(): Promise<void> {
    if (this.detached) return;
    await this.expectOk({ request: 'leave' }, 'leaving').catch(() => undefined);
    await this.detach();
  }
}

/** Attaches a handle and joins `room` as a publisher with the controller's id and display. */
export async function joinAsPublisher(
  client: JanusClient,
  room: string,
  identity: PublisherIdentity,
): Promise<VideoRoomPublisher> {
  const handle = await client.attach(VIDEOROOM_PLUGIN, 'publisher');
  try {
    const { data } = await handle.message({
      request: 'join',
      ptype: 'publisher',
      room,
      id: identity.id,
      display: identity.display,
    });
    const joined = expectShape(joinedSchema, data, 'videoroom join');
    return VideoRoomPublisher.create(handle, {
      room: joined.room,
      id: joined.id,
      privateId: joined.private_id,
      publishers: joined.publishers,
      attendees: joined.attendees,
    });
  } catch (error) {
    await handle.detach();
    throw error;
  }
}

function publishFields(options: PublishOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (options.bitrate !== undefined) fields['bitrate'] = options.bitrate;
  if (options.descriptions !== undefined) fields['descriptions'] = options.descriptions;
  return fields;
}

function requireAnswer(jsep: Jsep | undefined, what: string): Jsep {
  if (jsep?.type !== 'answer') {
    throw new JanusClientError('janus-protocol', `videoroom ${what}: no SDP answer`);
  }
  return jsep;
}
