import type { Call, CallParticipant } from '../../client/index.js';
import { TypedEmitter } from '../../client/emitter.js';
import type { MeetingView } from './meeting-view.js';
import { RemoteParticipant } from './remote-participant.js';
import type { TileViews } from './tile-views.js';

export interface RemotePeopleHooks {
  /** Someone arrived, left, or changed (state, media): re-render lists and counts. */
  changed(): void;
  /** Their connection state changed: redraw their badge now. */
  stateChanged(participant: RemoteParticipant): void;
  left(id: string): void;
}

export interface RemotePeopleEvents {
  /** Someone's tile and `<audio>` element exist now. */
  joined: [RemoteParticipant];
  left: [RemoteParticipant];
}

/** The other participants as the page shows them, kept in step with the call's events. */
export class RemotePeople extends TypedEmitter<RemotePeopleEvents> {
  readonly #people = new Map<string, RemoteParticipant>();
  #announce = false;

  constructor(
    private readonly call: Call,
    private readonly view: MeetingView,
    private readonly tiles: TileViews,
    private readonly hooks: RemotePeopleHooks,
  ) {
    super();
    this.#wire();
  }

  get size(): number {
    return this.#people.size;
  }

  values(): IterableIterator<RemoteParticipant> {
    return this.#people.values();
  }

  get(id: string): RemoteParticipant | undefined {
    return this.#people.get(id);
  }

  /** From now on arrivals get a toast (not the people already there when we joined). */
  announceArrivals(): void {
    this.#announce = true;
  }

  /** Marks who speaks (null: nobody, or we do). */
  setSpeaker(id: string | null): void {
    for (const p of this.#people.values()) p.tile.setSpeaking(id === p.id);
  }

  #joined(participant: CallParticipant): void {
    const p = new RemoteParticipant(participant, Date.now());
    this.#people.set(p.id, p);
    this.view.grid.add(p.tile);
    this.tiles.observe(p.tile.element, p.id, 'camera');
    this.view.audioSink.append(p.audio);
    // Its badge says at once what is known (e.g. that it cannot connect at all).
    this.hooks.stateChanged(p);
    if (this.#announce) this.view.notify('meeting.joinedToast', { name: p.name });
    this.emit('joined', p);
    this.hooks.changed();
  }

  #left(id: string): void {
    const p = this.#people.get(id);
    if (p === undefined) return;
    this.#people.delete(id);
    this.hooks.left(id);
    this.tiles.unobserve(p.tile.element);
    if (p.screenTile !== null) {
      this.tiles.unobserve(p.screenTile.element);
      this.view.grid.remove(p.screenTile);
    }
    this.view.grid.remove(p.tile);
    p.remove();
    this.view.notify('meeting.leftToast', { name: p.name });
    this.emit('left', p);
    this.hooks.changed();
  }

  #wire(): void {
    const { call, view, tiles } = this;
    call.on('participant-joined', (participant) => {
      this.#joined(participant);
    });
    call.on('participant-left', (id) => {
      this.#left(id);
    });
    call.on('connection-state', (id, state) => {
      const p = this.#people.get(id);
      if (p === undefined) return;
      p.setState(state, call.participant(id)?.failure ?? null, Date.now());
      this.hooks.stateChanged(p);
      this.hooks.changed();
    });
    call.on('track', (id, remote) => {
      const tile = this.#people.get(id)?.addTrack(remote) ?? null;
      if (tile === null) return;
      view.grid.add(tile);
      tiles.observe(tile.element, id, 'screen');
    });
    call.on('track-ended', (id, remote) => {
      const tile = this.#people.get(id)?.removeTrack(remote) ?? null;
      if (tile === null) return;
      tiles.unobserve(tile.element);
      view.grid.remove(tile);
    });
    call.on('media-state', (id, state) => {
      this.#people.get(id)?.setMedia(state);
      this.hooks.changed();
    });
  }
}
