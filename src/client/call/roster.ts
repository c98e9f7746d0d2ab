import type { PeerInfo } from '../../protocol/index.js';
import type { MediaState } from '../app-messages.js';
import type { CallParticipant } from './call-types.js';
import type { Connection } from './connection-state.js';

interface Member {
  readonly info: PeerInfo;
  media: MediaState | null;
  /** The app was told about it (`participant-joined`): later changes are events. */
  announced: boolean;
}

/** Who else is in the call: member info and what each says it sends. */
export class Roster {
  readonly #members = new Map<string, Member>();

  has(id: string): boolean {
    return this.#members.has(id);
  }

  get ids(): string[] {
    return [...this.#members.keys()];
  }

  add(info: PeerInfo): void {
    this.#members.set(info.id, { info, media: null, announced: false });
  }

  /** Marks the participant as known to the app. */
  announce(id: string): void {
    const member = this.#members.get(id);
    if (member !== undefined) member.announced = true;
  }

  announced(id: string): boolean {
    return this.#members.get(id)?.announced === true;
  }

  remove(id: string): boolean {
    return this.#members.delete(id);
  }

  /** Its media state; null for a participant we do not know. */
  setMedia(id: string, media: MediaState): boolean {
    const member = this.#members.get(id);
    if (member === undefined) return false;
    member.media = media;
    return true;
  }

  participant(id: string, connection: Connection): CallParticipant | undefined {
    const member = this.#members.get(id);
    if (member === undefined) return undefined;
    const { info, media } = member;
    return {
      id,
      name: info.name,
      media,
      connection: connection.state,
      failure: connection.failure,
      webrtc: info.webrtc !== false,
    };
  }
}
