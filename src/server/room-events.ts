import type { RoomPath } from '../protocol/index.js';

/**
 * What happened in rooms, as the hubs see it: the source of webhooks (webhooks/). A hub
 * emits each event on the node where it happened (a join on the admitting node; a leave,
 * an expired grace period or a removal on the node that ended the slot), in the order it
 * happened there. Nothing here is stored.
 */
export interface RoomParticipant {
  readonly id: string;
  /** The display name (personal data: webhooks can leave it out, --webhook-omit-names). */
  readonly name: string;
}

/**
 * Why a member is gone: `left` on purpose · `expired` its connection dropped and it did not
 * come back within the resume grace (or the dropped-slot caps ended it) · `removed` by the
 * host or an administrator · `meeting-ended` the host or an administrator ended the room for everyone.
 */
export type LeaveReason = 'left' | 'expired' | 'removed' | 'meeting-ended';

export type RoomEvent =
  | { readonly type: 'room.started'; readonly room: string }
  | { readonly type: 'room.ended'; readonly room: string }
  | {
      readonly type: 'participant.joined';
      readonly room: string;
      readonly participant: RoomParticipant;
    }
  | {
      readonly type: 'participant.left';
      readonly room: string;
      readonly participant: RoomParticipant;
      readonly reason: LeaveReason;
    };

export type RoomEventType = RoomEvent['type'];
export const ROOM_EVENT_TYPES: readonly RoomEventType[] = [
  'room.started',
  'room.ended',
  'participant.joined',
  'participant.left',
];

export type RoomEventListener = (event: RoomEvent) => void;

/** Listeners of a hub's room events; they run synchronously and must be cheap (enqueue). */
export class RoomEvents {
  readonly #listeners = new Set<RoomEventListener>();

  /** Adds a listener; returns the function that removes it. */
  on(listener: RoomEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: RoomEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A listener's bug must never break the join or leave that caused the event.
      }
    }
  }

  /** A member was admitted: the room started with it when nobody else was there. */
  joined(room: string, participant: RoomParticipant, first: boolean): void {
    if (first) this.emit({ type: 'room.started', room });
    this.emit({ type: 'participant.joined', room, participant });
  }

  /** A member's slot ended: the room ended with it when it was the last one. */
  left(room: string, participant: RoomParticipant, reason: LeaveReason, last: boolean): void {
    this.emit({ type: 'participant.left', room, participant, reason });
    if (last) this.emit({ type: 'room.ended', room });
  }
}

/** One member of a live room, as the admin page lists it. */
export interface RoomMemberSummary extends RoomParticipant {
  /** false while the member's connection is away (inside its resume grace). */
  readonly attached: boolean;
  /** The node holding the member's connection (`SignalingHub.nodeId`); '' when away. */
  readonly node: string;
}

/** A live room, as the admin page lists it. */
export interface RoomSummary {
  readonly room: string;
  readonly path: RoomPath;
  /** Oldest first. */
  readonly members: readonly RoomMemberSummary[];
}
