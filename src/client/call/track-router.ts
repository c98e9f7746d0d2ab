import type { RoomPath } from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import type { TrackSource } from '../peer-types.js';
import type { CallTrack } from './call-types.js';

/** A received track, from whichever transport, with the receiver it arrives on. */
export interface RoutedTrack {
  readonly track: MediaStreamTrack;
  readonly source: TrackSource;
  readonly receiver: RTCRtpReceiver;
}

export interface TrackRouterEvents {
  track: [string, CallTrack];
  'track-ended': [string, CallTrack];
  /** A track of this participant was added, removed, muted or unmuted (media arrived). */
  change: [string];
}

const SOURCES: readonly TrackSource[] = ['microphone', 'camera', 'screen'];
const PATHS: readonly RoomPath[] = ['mesh', 'sfu'];

interface Slot {
  readonly routed: RoutedTrack;
  readonly stop: () => void;
}

/**
 * Every participant's tracks on both paths, and which of them the app is shown. A
 * participant's track for a source comes from the path that carries it; while it switches
 * to another path, the new path's track replaces it as soon as it delivers (make before
 * break). The app gets `track` for each replacement and `track-ended` when a source stops.
 */
export class TrackRouter extends TypedEmitter<TrackRouterEvents> {
  readonly #slots = new Map<string, Slot>();
  readonly #shown = new Map<string, { routed: RoutedTrack; call: CallTrack }>();

  /** Sets (or with null, removes) a participant's track for one source on one path. */
  set(id: string, path: RoomPath, source: TrackSource, routed: RoutedTrack | null): void {
    const key = slotKey(id, path, source);
    const old = this.#slots.get(key);
    if (old?.routed.track === routed?.track && old?.routed.receiver === routed?.receiver) return;
    old?.stop();
    this.#slots.delete(key);
    if (routed !== null) this.#slots.set(key, { routed, stop: this.#watch(id, routed.track) });
    this.emit('change', id);
  }

  /** Removes every track of a participant on one path (its connection closed). */
  clearPath(id: string, path: RoomPath): void {
    for (const source of SOURCES) this.set(id, path, source, null);
  }

  get(id: string, path: RoomPath, source: TrackSource): RoutedTrack | undefined {
    return this.#slots.get(slotKey(id, path, source))?.routed;
  }

  /** A track on this path delivers media (browsers mute a track until packets arrive). */
  live(id: string, path: RoomPath, source: TrackSource): boolean {
    const routed = this.get(id, path, source);
    return routed !== undefined && !routed.track.muted && routed.track.readyState !== 'ended';
  }

  /** Any of the participant's tracks on this path delivers media. */
  anyLive(id: string, path: RoomPath): boolean {
    return SOURCES.some((source) => this.live(id, path, source));
  }

  /** Every source delivering on `from` delivers on `to` too: switching loses nothing. */
  covers(id: string, from: RoomPath, to: RoomPath): boolean {
    return SOURCES.every((source) => !this.live(id, from, source) || this.live(id, to, source));
  }

  /** The track the app shows for a source (its receiver gives audio levels). */
  shown(id: string, source: TrackSource): RoutedTrack | undefined {
    return this.#shown.get(shownKey(id, source))?.routed;
  }

  /**
   * Decides what the app shows of a participant: the carrying path's tracks, each replaced
   * by the `target` path's as soon as that one delivers.
   */
  route(id: string, carrier: RoomPath, target: RoomPath | null): void {
    for (const source of SOURCES) {
      const next = this.#pick(id, source, carrier, target);
      const key = shownKey(id, source);
      const current = this.#shown.get(key);
      if (current?.routed === next) continue;
      if (next === undefined) {
        this.#shown.delete(key);
        if (current !== undefined) this.emit('track-ended', id, current.call);
        continue;
      }
      const call: CallTrack = { track: next.track, source };
      this.#shown.set(key, { routed: next, call });
      this.emit('track', id, call);
    }
  }

  /** Forgets a participant (left) without events. */
  forget(id: string): void {
    for (const path of PATHS) for (const source of SOURCES) this.#drop(slotKey(id, path, source));
    for (const source of SOURCES) this.#shown.delete(shownKey(id, source));
  }

  #pick(
    id: string,
    source: TrackSource,
    carrier: RoomPath,
    target: RoomPath | null,
  ): RoutedTrack | undefined {
    if (target !== null && target !== carrier && this.live(id, target, source))
      return this.get(id, target, source);
    return (
      this.get(id, carrier, source) ?? (target === null ? undefined : this.get(id, target, source))
    );
  }

  #drop(key: string): void {
    this.#slots.get(key)?.stop();
    this.#slots.delete(key);
  }

  #watch(id: string, track: MediaStreamTrack): () => void {
    const changed = () => {
      this.emit('change', id);
    };
    track.addEventListener('mute', changed);
    track.addEventListener('unmute', changed);
    track.addEventListener('ended', changed);
    return () => {
      track.removeEventListener('mute', changed);
      track.removeEventListener('unmute', changed);
      track.removeEventListener('ended', changed);
    };
  }
}

function slotKey(id: string, path: RoomPath, source: TrackSource): string {
  return `${id}\u0000${path}\u0000${source}`;
}

function shownKey(id: string, source: TrackSource): string {
  return `${id}\u0000${source}`;
}
