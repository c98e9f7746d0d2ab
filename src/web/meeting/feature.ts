import type { Call } from '../../client/index.js';
import { TypedEmitter } from '../../client/emitter.js';
import type { MessageKey, MessageParams } from '../i18n/i18n.js';
import type { LocalMedia } from '../media/local-media.js';
import type { ControlBar } from './control-bar.js';
import type { MessageBus } from './message-bus.js';
import type { PeoplePanel } from './people-panel.js';
import type { RemotePeople } from './remote-people.js';
import type { SidePanels } from './side-panels.js';
import type { TileViews } from './tile-views.js';
import type { VideoGrid } from './video-grid.js';

/**
 * One thing the meeting does (chat, raise hand, file transfer, ...): its own module that
 * plugs into the meeting through `mount`, registered with one line in features/index.ts.
 */
export interface MeetingFeature {
  /** Stable name, e.g. `hand`; also what `MeetingContext.feature(id)` finds. */
  readonly id: string;
  mount(context: MeetingContext): FeatureHandle;
}

/** What the meeting keeps of a mounted feature. */
export interface FeatureHandle {
  /** The meeting page goes: stop timers, recorders, transfers. */
  dispose(): void;
}

/** The id features use for ourselves (tiles, people list, speaker). */
export const SELF = 'self';

export interface MeetingEvents {
  /** Who speaks now (`SELF`, a participant id, or null). */
  speaker: [string | null];
  /** Someone arrived, left or changed: lists and counts follow. */
  'people-changed': [];
}

/** Who may do what. Part of the meeting's roles; nobody is host until the server says so. */
export interface Roles {
  /** Whether the participant (or `SELF`) is the meeting's host. */
  isHost(id: string): boolean;
  on(event: 'change', listener: () => void): void;
}

/** The meeting a feature plugs into: the call, the view's slots, messages, lifecycle. */
export interface MeetingContext {
  readonly call: Call;
  readonly room: string;
  readonly token: string | null;
  /** Our display name. */
  readonly name: string;
  readonly media: LocalMedia;
  /** Typed peer-to-peer messages: `bus.define(type, schema)`. */
  readonly bus: MessageBus;
  readonly people: RemotePeople;
  /** Every tile (ours and the others'), the stage and the layout. */
  readonly grid: VideoGrid;
  /** What the call is told about each tile (its size picks the SFU layer). */
  readonly tileViews: TileViews;
  /** Buttons of the control bar, and `controls.menu` for the "more" menu. */
  readonly controls: ControlBar;
  readonly panels: SidePanels;
  /** The participants list: per-participant actions and badges. */
  readonly participants: PeoplePanel;
  /** Places an indicator in the meeting's header (recording, ...). */
  readonly addToHeader: (node: Node) => void;
  /** Places something over the whole meeting (the lobby's waiting screen). */
  readonly addOverlay: (node: Node) => void;
  readonly roles: Roles;
  readonly events: TypedEmitter<MeetingEvents> & MeetingEventSource;
  /** A participant's display name; "You" for `SELF` or our own id. */
  readonly nameOf: (id: string) => string;
  readonly notify: (key: MessageKey, params?: MessageParams, ms?: number) => void;
}

/** Lets the meeting page emit `MeetingEvents` (features only listen). */
export interface MeetingEventSource {
  fire<K extends keyof MeetingEvents>(event: K, ...args: MeetingEvents[K]): void;
}

export class MeetingEventHub extends TypedEmitter<MeetingEvents> implements MeetingEventSource {
  fire<K extends keyof MeetingEvents>(event: K, ...args: MeetingEvents[K]): void {
    this.emit(event, ...args);
  }
}
