import type { JanusClient } from './janus-client.js';
import { JanusClientError } from './janus-errors.js';
import type { JanusHandle } from './janus-handle.js';
import type { Jsep } from './janus-wire.js';
import { expectShape, VIDEOROOM_PLUGIN, VideoRoomHandle } from './videoroom-handle.js';
import { attachedSchema, updatedSchema, type SubscriberStream } from './videoroom-wire.js';

/** One publisher stream to receive: all of a feed's streams, or one mid of it. */
export interface StreamRequest {
  readonly feed: string;
  readonly mid?: string;
}

/** What to stop receiving: a whole feed, one of its mids, or one subscription mid. */
export interface StreamRemoval {
  readonly feed?: string;
  readonly mid?: string;
  readonly subMid?: string;
}

/** Per subscription mid: pause/resume it, or pick a simulcast layer (0 = first rid). */
export interface StreamSetting {
  readonly mid: string;
  readonly send?: boolean;
  readonly substream?: 0 | 1 | 2;
  readonly temporal?: 0 | 1 | 2;
}

/** The subscription's layout now and, when the m-lines changed, Janus's new offer. */
export interface SubscriptionUpdate {
  readonly streams: SubscriberStream[];
  /** Null when nothing changed, or when the offer was postponed (`updating`: it comes as an `updated` event). */
  readonly offer: Jsep | null;
  readonly postponed: boolean;
}

/**
 * A participant's multistream subscriber handle: one PeerConnection receiving any number
 * of streams from the room's publishers. Janus offers, the browser answers (`start`).
 */
export class VideoRoomSubscriber extends VideoRoomHandle {
  #streams: SubscriberStream[];
  /** Janus's last offer has no answer yet (set by offers, cleared by `start`). */
  #offerPending = true;

  private constructor(
    handle: JanusHandle,
    readonly room: string,
    streams: SubscriberStream[],
  ) {
    super(handle);
    this.#streams = streams;
    this.on('event', (event) => {
      if (event.type !== 'updated') return;
      this.#streams = event.streams;
      if (event.offer !== null) this.#offerPending = true;
    });
  }

  /** @internal use joinAsSubscriber */
  static create(
    handle: JanusHandle,
    room: string,
    streams: SubscriberStream[],
  ): VideoRoomSubscriber {
    return new VideoRoomSubscriber(handle, room, streams);
  }

  /** The latest known layout of the subscription (m-lines and their feeds). */
  get streams(): readonly SubscriberStream[] {
    return this.#streams;
  }

  /** Completes a negotiation with the browser's answer to Janus's offer. */
  async start(answer: Jsep): Promise<void> {
    if (answer.type !== 'answer') throw new TypeError('start needs an SDP answer');
    await this.expectOk({ request: 'start' }, 'started', answer);
    this.#offerPending = false;
  }

  /** True while Janus's last offer awaits the browser's answer (`start`). */
  get offerPending(): boolean {
    return this.#offerPending;
  }

  subscribe(streams: readonly StreamRequest[]): Promise<SubscriptionUpdate> {
    return this.#update({ request: 'subscribe', streams: streams.map(toFeed) });
  }

  unsubscribe(streams: readonly StreamRemoval[]): Promise<SubscriptionUpdate> {
    return this.#update({ request: 'unsubscribe', streams: streams.map(toRemoval) });
  }

  /** Adds and removes streams in one renegotiation. */
  update(change: {
    subscribe?: readonly StreamRequest[];
    unsubscribe?: readonly StreamRemoval[];
  }): Promise<SubscriptionUpdate> {
    const body: Record<string, unknown> = { request: 'update' };
    if (change.subscribe !== undefined) body['subscribe'] = change.subscribe.map(toFeed);
    if (change.unsubscribe !== undefined) body['unsubscribe'] = change.unsubscribe.map(toRemoval);
    return this.#update(body);
  }

  /**
   * Pauses/resumes mids or switches simulcast layers. Janus confirms a layer switch with
   * a `substream` event once the layer flows (often seconds later, after a keyframe).
   */
  async configure(settings: readonly StreamSetting[]): Promise<void> {
    await this.expectOk({ request: 'configure', streams: settings }, 'configured');
  }

  /** Asks Janus for an ICE-restart offer (answer it with `start`). */
  async restartIce(): Promise<Jsep> {
    if (this.#offerPending) {
      // Janus would postpone the restart without answering this request at all.
      throw new JanusClientError(
        'janus-invalid-state',
        'videoroom ICE restart while the last offer is unanswered',
      );
    }
    const offer = await this.expectOk({ request: 'configure', restart: true }, 'configured');
    if (offer?.type !== 'offer') {
      throw new JanusClientError('janus-protocol', 'videoroom configure restart: no SDP offer');
    }
    this.#offerPending = true;
    return offer;
  }

  /** Ends the subscription and detaches the handle; idempotent. */
  async leave(): Promise<void> {
    if (this.detached) return;
    await this.expectOk({ request: 'leave' }, 'left').catch(() => undefined);
    await this.detach();
  }

  async #update(body: Record<string, unknown>): Promise<SubscriptionUpdate> {
    const reply = await this.handle.message(body);
    const parsed = expectShape(updatedSchema, reply.data, `videoroom ${String(body['request'])}`);
    if (parsed.streams !== undefined) this.#streams = parsed.streams;
    const offer = reply.jsep?.type === 'offer' ? reply.jsep : null;
    if (offer !== null) this.#offerPending = true;
    return { streams: this.#streams, offer, postponed: parsed.videoroom === 'updating' };
  }
}

/**
 * Attaches a handle and subscribes to `streams` in `room` on behalf of the participant
 * whose publisher handle got `privateId`. Resolves with the subscriber and Janus's offer.
 */
export async function joinAsSubscriber(
  client: JanusClient,
  room: string,
  request: { privateId: number; streams: readonly StreamRequest[] },
): Promise<{ subscriber: VideoRoomSubscriber; offer: Jsep }> {
  const handle = await client.attach(VIDEOROOM_PLUGIN, 'subscriber');
  try {
    const reply = await handle.message({
      request: 'join',
      ptype: 'subscriber',
      room,
      private_id: request.privateId,
      streams: request.streams.map(toFeed),
    });
    const attached = expectShape(attachedSchema, reply.data, 'videoroom join subscriber');
    if (reply.jsep?.type !== 'offer') {
      throw new JanusClientError('janus-protocol', 'videoroom join subscriber: no SDP offer');
    }
    return {
      subscriber: VideoRoomSubscriber.create(handle, attached.room, attached.streams),
      offer: reply.jsep,
    };
  } catch (error) {
    await handle.detach();
    throw error;
  }
}

function toFeed(stream: StreamRequest): Record<string, string> {
  return stream.mid === undefined ? { feed: stream.feed } : { feed: stream.feed, mid: stream.mid };
}

function toRemoval(stream: StreamRemoval): Record<string, string> {
  const removal: Record<string, string> = {};
  if (stream.feed !== undefined) removal['feed'] = stream.feed;
  if (stream.mid !== undefined) removal['mid'] = stream.mid;
  if (stream.subMid !== undefined) removal['sub_mid'] = stream.subMid;
  return removal;
}
