import { mediaSourceSchema, type MediaSource } from '../../protocol/index.js';
import type { PublisherInfo, VideoRoomEvent } from './videoroom-wire.js';

/** One stream a subscriber can receive: a publisher's (feed's) m-line and what it carries. */
export interface FeedStream {
  readonly feed: string;
  readonly mid: string;
  readonly type: 'audio' | 'video';
  readonly source: MediaSource;
}

/**
 * What a stream carries, from the description confab gave it when it was published
 * (the member's `sources`); a stream without one is the microphone or the camera.
 */
export function sourceOf(description: string | undefined, type: 'audio' | 'video'): MediaSource {
  const parsed = mediaSourceSchema.safeParse(description);
  if (parsed.success) return parsed.data;
  return type === 'audio' ? 'microphone' : 'camera';
}

/**
 * The feeds of a Janus room as one participant's publisher handle learns them: the
 * publishers listed when it joined, then `publishers` / `unpublished` / `leaving` /
 * `kicked` events. Janus announces a publisher only once its media is up, so every feed
 * here can be subscribed to (no 428 "no such feed" for feeds still connecting).
 */
export class FeedBook {
  readonly #feeds = new Map<string, PublisherInfo>();

  constructor(private readonly self: string) {}

  /** The publishers a join listed. */
  reset(publishers: readonly PublisherInfo[]): void {
    this.#feeds.clear();
    for (const publisher of publishers) this.#set(publisher);
  }

  /** Applies an event; returns the feeds it changed (empty: nothing to do). */
  apply(event: VideoRoomEvent): string[] {
    switch (event.type) {
      case 'publishers':
        return event.publishers.flatMap((publisher) =>
          this.#set(publisher) ? [publisher.id] : [],
        );
      case 'unpublished':
      case 'leaving':
      case 'kicked':
        return this.#feeds.delete(event.id) ? [event.id] : [];
      default:
        return [];
    }
  }

  /** Every enabled audio and video stream of every feed but the member's own. */
  streams(): FeedStream[] {
    const streams: FeedStream[] = [];
    for (const publisher of this.#feeds.values()) {
      for (const stream of publisher.streams) {
        if (stream.disabled === true || stream.type === 'data') continue;
        const { mid, type } = stream;
        streams.push({ feed: publisher.id, mid, type, source: sourceOf(stream.description, type) });
      }
    }
    return streams;
  }

  #set(publisher: PublisherInfo): boolean {
    if (publisher.id === this.self) return false;
    this.#feeds.set(publisher.id, publisher);
    return true;
  }
}
