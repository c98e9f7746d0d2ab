import {
  ID_PATTERN,
  type IceCandidate,
  type SfuStream,
  type SimulcastLayer,
  type VideoSource,
} from '../../protocol/index.js';
import { sourceOf, type FeedStream } from './feed-book.js';
import type { Logger } from '../logger.js';
import type { JanusClient } from './janus-client.js';
import type { IceCandidateInit } from './janus-handle.js';
import { JanusClientError, VIDEOROOM_ERROR } from './janus-errors.js';
import { SerialQueue } from './serial-queue.js';
import type { SubscriberStream } from './videoroom-wire.js';
import {
  joinAsSubscriber,
  type StreamRequest,
  type StreamSetting,
  type VideoRoomSubscriber,
} from './videoroom-subscriber.js';

export interface SubscriberDeps {
  readonly client: JanusClient;
  readonly janusRoom: string;
  /** The member's publisher's private id: the room requires it to subscribe. */
  readonly privateId: number;
  /** The room's feeds now (every stream but the member's own). */
  readonly feeds: () => readonly FeedStream[];
  /** Sends the member an offer for its subscriber connection. */
  readonly offer: (sdp: string, streams: SfuStream[]) => void;
  /** Tells the member a step failed (`sfu-failed`). */
  readonly fail: (message: string) => void;
  readonly maxPending: number;
  readonly log: Logger;
}

export interface LayerChoice {
  readonly peer: string;
  readonly source: VideoSource;
  readonly layer: SimulcastLayer;
}

/** Subscribe attempts in one sync that may each find a feed gone (428) before giving up. */
const MAX_VANISHED_FEEDS = 8;

/**
 * A member's one multistream subscriber handle, kept in sync with the room's feeds: it
 * subscribes to new streams and drops gone ones, one negotiation at a time (Janus makes
 * no new offer before the last one is answered; confab asks for none meanwhile). Offers
 * come from our requests and from Janus itself (when a subscribed publisher leaves).
 */
export class SubscriberSync {
  readonly #deps: SubscriberDeps;
  readonly #queue: SerialQueue;
  #handle: VideoRoomSubscriber | null = null;
  /** Offers sent to the member, and how many of them it answered. */
  #offers = 0;
  #answered = 0;
  #syncQueued = false;
  /** Feeds Janus called gone (428) until the feed book reports them changed. */
  readonly #vanished = new Set<string>();
  /** Wanted layer by `${peer}/${source}`; settings applied by subscription mid. */
  readonly #layers = new Map<string, SimulcastLayer>();
  readonly #applied = new Map<string, SimulcastLayer>();
  #closed = false;

  constructor(deps: SubscriberDeps) {
    this.#deps = deps;
    this.#queue = new SerialQueue(deps.maxPending);
  }

  get awaitingAnswer(): boolean {
    return this.#offers > this.#answered;
  }

  /** The feeds changed (`changed`: the ones the feed book reported): catch up. */
  feedsChanged(changed: readonly string[]): void {
    for (const feed of changed) this.#vanished.delete(feed);
    if (this.#syncQueued || this.#closed) return;
    this.#syncQueued = this.#queue.push(async () => {
      this.#syncQueued = false;
      await this.#sync();
    });
  }

  /** The member's answer to the last offer. */
  answer(sdp: string): boolean {
    if (!this.awaitingAnswer) {
      this.#deps.fail('no subscriber offer is waiting for an answer');
      return true;
    }
    return this.#queue.push(async () => {
      const handle = this.#handle;
      if (handle === null) return;
      const answering = this.#offers;
      try {
        await handle.start({ type: 'answer', sdp });
      } catch (error) {
        this.#deps.fail(`the media server refused the subscriber answer: ${describe(error)}`);
        return;
      }
      this.#answered = Math.max(this.#answered, answering);
      await this.#applyLayers();
      await this.#sync();
    });
  }

  candidate(candidate: IceCandidate | null): boolean {
    return this.#queue.push(async () => {
      const handle = this.#handle;
      if (handle === null) return;
      await trickle(handle, candidate).catch(() => undefined);
    });
  }

  /** Remembers what the member wants of each feed and applies it to streams it has. */
  setLayers(choices: readonly LayerChoice[]): boolean {
    for (const { peer, source, layer } of choices) this.#layers.set(`${peer}/${source}`, layer);
    return this.#queue.push(() => this.#applyLayers());
  }

  /** Forgets a member that left the room. */
  forgetPeer(peer: string): void {
    for (const key of [...this.#layers.keys()])
      if (key.startsWith(`${peer}/`)) this.#layers.delete(key);
  }

  /** Leaves the subscription (unless the connection is gone anyway); idempotent. */
  close(connectionGone: boolean): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#queue.close();
    const handle = this.#handle;
    this.#handle = null;
    if (handle !== null && !connectionGone) void handle.leave().catch(() => undefined);
  }

  async #sync(): Promise<void> {
    for (let attempt = 0; attempt < MAX_VANISHED_FEEDS && !this.#closed; attempt++) {
      if (this.awaitingAnswer) return;
      const { add, remove } = this.#diff();
      if (add.length === 0 && remove.length === 0) return;
      try {
        await this.#negotiate(add, remove);
        return;
      } catch (error) {
        const feed = vanishedFeed(error, add);
        if (feed === null) {
          this.#deps.fail(`could not update the subscription: ${describe(error)}`);
          return;
        }
        this.#vanished.add(feed);
      }
    }
  }

  async #negotiate(add: StreamRequest[], remove: { feed: string; mid: string }[]): Promise<void> {
    const handle = this.#handle;
    if (handle === null) {
      if (add.length === 0) return;
      const { client, janusRoom, privateId } = this.#deps;
      const joined = await joinAsSubscriber(client, janusRoom, { privateId, streams: add });
      if (this.#closed) {
        void joined.subscriber.detach();
        return;
      }
      this.#attach(joined.subscriber);
      this.#sendOffer(joined.offer.sdp, joined.subscriber.streams);
      return;
    }
    const update = await handle.update({
      ...(add.length > 0 ? { subscribe: add } : {}),
      ...(remove.length > 0 ? { unsubscribe: remove } : {}),
    });
    if (update.offer !== null) this.#sendOffer(update.offer.sdp, update.streams);
  }

  #attach(handle: VideoRoomSubscriber): void {
    this.#handle = handle;
    handle.on('event', (event) => {
      // Janus renegotiates by itself when a subscribed publisher leaves, and sends an
      // offer it had postponed once the previous one is answered.
      if (event.type === 'updated' && event.offer !== null && this.#handle === handle)
        this.#sendOffer(event.offer.sdp, event.streams);
    });
  }

  #sendOffer(sdp: string, streams: readonly SubscriberStream[]): void {
    this.#offers++;
    this.#deps.offer(sdp, toSfuStreams(streams));
  }

  #diff(): { add: StreamRequest[]; remove: { feed: string; mid: string }[] } {
    const wanted = new Map<string, FeedStream>();
    for (const stream of this.#deps.feeds())
      if (!this.#vanished.has(stream.feed)) wanted.set(`${stream.feed}/${stream.mid}`, stream);
    const have = new Set<string>();
    const remove: { feed: string; mid: string }[] = [];
    for (const stream of this.#handle?.streams ?? []) {
      const { feed_id: feed, feed_mid: mid } = stream;
      if (feed === undefined || mid === undefined || stream.active === false) continue;
      const key = `${feed}/${mid}`;
      if (wanted.has(key)) have.add(key);
      else remove.push({ feed, mid });
    }
    const add = [...wanted.entries()]
      .filter(([key]) => !have.has(key))
      .map(([, { feed, mid }]) => ({ feed, mid }));
    return { add, remove };
  }

  async #applyLayers(): Promise<void> {
    const handle = this.#handle;
    if (handle === null) return;
    const settings: StreamSetting[] = [];
    for (const stream of handle.streams) {
      if (stream.type !== 'video' || stream.feed_id === undefined || stream.active === false)
        continue;
      const source = sourceOf(stream.feed_description, 'video');
      const layer = this.#layers.get(`${stream.feed_id}/${source}`);
      if (layer === undefined || this.#applied.get(stream.mid) === layer) continue;
      this.#applied.set(stream.mid, layer);
      settings.push(
        layer === null
          ? { mid: stream.mid, send: false }
          : { mid: stream.mid, send: true, substream: layer },
      );
    }
    if (settings.length === 0) return;
    await handle.configure(settings).catch((error: unknown) => {
      // Not a broken session (a stream went away meanwhile, most often): the member must not
      // start over for it. Forgotten, so the next sync or choice applies them again.
      for (const { mid } of settings) this.#applied.delete(mid);
      this.#deps.log.warn({ err: describe(error) }, 'could not change the received layers');
    });
  }
}

/** The receiving streams of a subscription, as the member's client learns them. */
export function toSfuStreams(streams: readonly SubscriberStream[]): SfuStream[] {
  return streams.flatMap((stream) => {
    const peer = stream.feed_id;
    if (peer === undefined || stream.active === false || stream.type === 'data') return [];
    if (!ID_PATTERN.test(peer)) return [];
    return [{ mid: stream.mid, peer, source: sourceOf(stream.feed_description, stream.type) }];
  });
}

function trickle(handle: VideoRoomSubscriber, candidate: IceCandidate | null): Promise<void> {
  return handle.trickle(candidateOrEnd(candidate));
}

/** What Janus is trickled: a candidate, or the end of them (null, or an empty end marker). */
export function candidateOrEnd(candidate: IceCandidate | null): IceCandidateInit[] | 'completed' {
  return candidate === null || candidate.candidate === ''
    ? 'completed'
    : [toCandidateInit(candidate)];
}

/** A browser candidate as Janus takes it (no nulls). */
export function toCandidateInit(candidate: IceCandidate): IceCandidateInit {
  const { candidate: line, sdpMid, sdpMLineIndex } = candidate;
  return {
    candidate: line,
    ...(sdpMid === null ? {} : { sdpMid }),
    ...(sdpMLineIndex === null ? {} : { sdpMLineIndex }),
  };
}

/** The feed a 428 ("No such feed (x)") named, or the first one asked for; null otherwise. */
function vanishedFeed(error: unknown, asked: readonly StreamRequest[]): string | null {
  if (!(error instanceof JanusClientError) || error.janusCode !== VIDEOROOM_ERROR.noSuchFeed)
    return null;
  const named = /feed \(([^)]+)\)/.exec(error.message)?.[1];
  return named ?? asked[0]?.feed ?? null;
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
