import {
  sdpOrigin,
  type IceCandidate,
  type ServerMessage,
  type SfuPublishMessage,
} from '../../protocol/index.js';
import type { Membership } from '../hub.js';
import type { Logger } from '../logger.js';
import { FeedBook } from './feed-book.js';
import { JanusClientError, VIDEOROOM_ERROR } from './janus-errors.js';
import { checkPublish } from './publish-check.js';
import { SerialQueue } from './serial-queue.js';
import type { SfuInstance } from './sfu-instance.js';
import { candidateOrEnd, describe, SubscriberSync, type LayerChoice } from './subscriber-sync.js';
import type { JanusClient } from './janus-client.js';
import { joinAsPublisher, type VideoRoomPublisher } from './videoroom-publisher.js';

/** Where an SFU epoch of a room lives: the instance and the Janus room on it. */
export interface SfuTarget {
  readonly instance: SfuInstance;
  readonly janusRoom: string;
}

export interface EpochSessionDeps {
  readonly member: Membership;
  readonly epoch: number;
  /** The epoch's Janus room (looked up in the hub); null: the room moved on meanwhile. */
  readonly target: Promise<SfuTarget | null>;
  /** To the member's client (held by the owner while the member is away). */
  readonly send: (message: ServerMessage) => void;
  readonly log: Logger;
  readonly maxPending: number;
  /** The session ended by itself (kicked, room destroyed, connection lost). */
  readonly onGone: (session: EpochSession, why: string) => void;
}

/** joining: publisher handle joining the Janus room · joined · closed (final). */
export type EpochSessionState = 'joining' | 'joined' | 'closed';

/**
 * One member's media in one SFU epoch: its publisher handle, joined at once with the
 * member's confab id and name (never the browser's words), and its subscriber. The
 * publisher handle also tells which feeds the room has, so the subscriber follows them.
 */
export class EpochSession {
  readonly #deps: EpochSessionDeps;
  readonly #queue: SerialQueue;
  readonly #feeds: FeedBook;
  #state: EpochSessionState = 'joining';
  #publisher: VideoRoomPublisher | null = null;
  #subscriber: SubscriberSync | null = null;
  #published = false;
  /**
   * The last offer Janus answered (its `sdpOrigin`), and its answer. A client resends an
   * offer it may have written into a dead socket after a resume, so the same offer can come
   * twice: Janus would take the copy for a renegotiation.
   */
  #answered: { readonly origin: string | null; readonly answer: string } | null = null;
  #pendingLayers: LayerChoice[] = [];
  #target: SfuTarget | null = null;
  readonly #onLost = (): void => {
    this.#end('the media server connection was lost', { connectionGone: true, byItself: true });
  };

  constructor(deps: EpochSessionDeps) {
    this.#deps = deps;
    this.#queue = new SerialQueue(deps.maxPending);
    this.#feeds = new FeedBook(deps.member.peerId);
    // Everything the member sends waits behind the join, in order.
    this.#queue.push(() => this.#join());
  }

  get epoch(): number {
    return this.#deps.epoch;
  }

  get state(): EpochSessionState {
    return this.#state;
  }

  /** The member's publisher offer (first publish or renegotiation); false: queue full. */
  publish(message: SfuPublishMessage): boolean {
    return this.#queue.push(async () => {
      const publisher = this.#publisher;
      if (publisher === null) return;
      const check = checkPublish(message.sdp, message.sources);
      if (!check.ok) {
        this.#fail(`publish refused: ${check.reason}`);
        return;
      }
      const origin = sdpOrigin(message.sdp);
      const answered = this.#answered;
      if (answered !== null && origin !== null && answered.origin === origin) {
        this.#deps.send({ type: 'sfu-answer', epoch: this.epoch, sdp: answered.answer });
        return;
      }
      const offer = { type: 'offer' as const, sdp: message.sdp };
      const options = { descriptions: check.descriptions };
      try {
        const answer = this.#published
          ? await publisher.configure({ ...options, offer })
          : await publisher.publish(offer, options);
        this.#published = true;
        if (answer === undefined) return;
        this.#answered = { origin, answer: answer.sdp };
        this.#deps.send({ type: 'sfu-answer', epoch: this.epoch, sdp: answer.sdp });
      } catch (error) {
        this.#fail(`the media server refused the publisher offer: ${describe(error)}`);
      }
    });
  }

  publisherCandidate(candidate: IceCandidate | null): boolean {
    return this.#queue.push(async () => {
      const publisher = this.#publisher;
      if (publisher === null || !this.#published) return;
      await publisher.trickle(candidateOrEnd(candidate)).catch(() => undefined);
    });
  }

  answer(sdp: string): boolean {
    if (this.#subscriber === null) {
      this.#fail('no subscriber offer is waiting for an answer');
      return true;
    }
    return this.#subscriber.answer(sdp);
  }

  subscriberCandidate(candidate: IceCandidate | null): boolean {
    return this.#subscriber?.candidate(candidate) ?? true;
  }

  setLayers(choices: readonly LayerChoice[]): boolean {
    if (this.#subscriber !== null) return this.#subscriber.setLayers(choices);
    this.#pendingLayers.push(...choices);
    return true;
  }

  forgetPeer(peer: string): void {
    this.#subscriber?.forgetPeer(peer);
  }

  /** Leaves the Janus room (publisher and subscriber); idempotent. */
  close(): void {
    this.#end(null, { connectionGone: false, byItself: false });
  }

  async #join(): Promise<void> {
    const target = await this.#deps.target.catch(() => null);
    if (this.#state === 'closed') return;
    if (target === null) {
      this.#end('this SFU epoch is over', { connectionGone: true, byItself: true });
      return;
    }
    this.#target = target;
    const { instance, janusRoom } = target;
    const { member } = this.#deps;
    const client = instance.client;
    instance.on('lost', this.#onLost);
    if (client === null) {
      this.#end('the media server is not reachable', { connectionGone: true, byItself: true });
      return;
    }
    let publisher: VideoRoomPublisher;
    try {
      publisher = await this.#joinOrTakeOver(client, target);
    } catch (error) {
      const why = `could not join the media server room: ${describe(error)}`;
      this.#end(why, { connectionGone: false, byItself: true });
      return;
    }
    if (this.#isClosed()) {
      void publisher.leave();
      return;
    }
    this.#publisher = publisher;
    this.#state = 'joined';
    this.#feeds.reset(publisher.joined.publishers);
    const subscriber = new SubscriberSync({
      client,
      janusRoom,
      privateId: publisher.joined.privateId,
      feeds: () => this.#feeds.streams(),
      offer: (sdp, streams) => {
        this.#deps.send({ type: 'sfu-offer', epoch: this.epoch, sdp, streams });
      },
      fail: (message) => {
        this.#fail(message);
      },
      maxPending: this.#deps.maxPending,
      log: this.#deps.log,
    });
    this.#subscriber = subscriber;
    publisher.on('event', (event) => {
      if ((event.type === 'kicked' && event.id === member.peerId) || event.type === 'destroyed') {
        // Taken over by this member's session on another node, or the Janus room is gone.
        this.#end(null, { connectionGone: false, byItself: true });
        return;
      }
      const changed = this.#feeds.apply(event);
      if (changed.length > 0) subscriber.feedsChanged(changed);
    });
    publisher.on('hangup', () => {
      // The member's publisher connection is gone: its next offer publishes afresh.
      this.#published = false;
      this.#answered = null;
    });
    if (this.#pendingLayers.length > 0) subscriber.setLayers(this.#pendingLayers);
    this.#pendingLayers = [];
    subscriber.feedsChanged([]);
  }

  /**
   * Joins with the member's id. Taken (436): a stale session of this member, on another
   * node after a resume there; it is kicked and the member is told to publish afresh.
   */
  async #joinOrTakeOver(client: JanusClient, target: SfuTarget): Promise<VideoRoomPublisher> {
    const { instance, janusRoom } = target;
    const { member } = this.#deps;
    const identity = { id: member.peerId, display: member.name };
    try {
      return await joinAsPublisher(client, janusRoom, identity);
    } catch (error) {
      if (!(error instanceof JanusClientError) || error.janusCode !== VIDEOROOM_ERROR.idExists)
        throw error;
    }
    await instance.kick(janusRoom, member.peerId);
    const publisher = await joinAsPublisher(client, janusRoom, identity);
    this.#fail('your media session moved with your connection: send sfu-leave, then publish again');
    return publisher;
  }

  /** A method, so that checks after an `await` are not narrowed away. */
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #fail(message: string): void {
    if (this.#state === 'closed') return;
    this.#deps.send({ type: 'error', code: 'sfu-failed', message });
  }

  #end(
    why: string | null,
    how: { readonly connectionGone: boolean; readonly byItself: boolean },
  ): void {
    if (this.#state === 'closed') return;
    const { connectionGone } = how;
    if (why !== null) this.#fail(why);
    this.#state = 'closed';
    this.#target?.instance.off('lost', this.#onLost);
    this.#queue.close();
    this.#subscriber?.close(connectionGone);
    const publisher = this.#publisher;
    this.#publisher = null;
    if (publisher !== null && !connectionGone) void publisher.leave().catch(() => undefined);
    if (how.byItself) this.#deps.onGone(this, why ?? 'ended by the media server');
  }
}
