import { Call, type ConfabError, type Preconnection } from '../../client/index.js';
import type { LocalMedia } from '../media/local-media.js';
import { t } from '../ui/localize.js';
import type { Page } from '../ui/page.js';
import { showCallBanners } from './call-banners.js';
import { ConnectionMonitor } from './connection-monitor.js';
import { MeetingEventHub, SELF, type FeatureHandle, type MeetingContext } from './feature.js';
import { FEATURES } from './features/index.js';
import { CallRoles } from './features/host/call-roles.js';
import { MeetingView } from './meeting-view.js';
import { meshTooLarge } from './mesh-size.js';
import { callTransport, MessageBus } from './message-bus.js';
import { RemotePeople } from './remote-people.js';
import { SelfView } from './self-view.js';
import { selfBadge, sendNotice, type SendLimitation } from './send-limitation.js';
import { SpeakerMonitor } from './speaker-monitor.js';
import { TileViews } from './tile-views.js';

export interface MeetingOptions {
  readonly room: string;
  readonly token: string | null;
  /** The meeting's passcode as typed before joining (null: none). */
  readonly passcode: string | null;
  readonly name: string;
  /** Taken over from the pre-join page; stopped when the meeting page goes. */
  readonly media: LocalMedia;
  /** The pre-join page's signaling connection, which the call joins on (null: none). */
  readonly preconnection: Preconnection | null;
  /** Meeting size (ourselves included) beyond which we warn that a mesh struggles. */
  readonly meshLimit: number;
  /** Told once the call exists (the embed API drives the meeting through it). */
  readonly onStart?: (meeting: {
    readonly call: Call;
    readonly media: LocalMedia;
    readonly leave: () => void;
  }) => void;
}

/**
 * The meeting: a `Call` (the client library) and the local devices, the view's slots, and
 * the features (features/index.ts) mounted on them. What is here is what every meeting
 * has: our own tile and devices, the others' tiles, banners, connection badges, the
 * active speaker, the participants list and leaving.
 */
export function meetingPage(
  options: MeetingOptions,
  onEnd: (error: ConfabError | null) => void,
): Page {
  const { room, token, passcode, name, media } = options;
  const call = new Call({
    room,
    name,
    audio: media.microphone,
    video: media.camera,
    ...(token === null ? {} : { token }),
    ...(passcode === null ? {} : { passcode }),
    ...(options.preconnection === null ? {} : { preconnection: options.preconnection }),
  });
  let ended = false;
  const end = (error: ConfabError | null): void => {
    if (ended) return;
    ended = true;
    call.close();
    onEnd(error);
  };
  const view = new MeetingView(room);
  const self = new SelfView(name, media, call, view.grid, selfControls(view, media));
  view.controls.add({
    id: 'leave',
    icon: 'leave',
    label: 'control.leave',
    order: 100,
    onPress: () => {
      end(null);
    },
  });
  const events = new MeetingEventHub();
  const tiles = new TileViews((id, source, tileView) => {
    call.setView(id, source, tileView);
  });
  // Arrivals come in bursts (everyone already there arrives with the welcome): the list, the
  // count and the banners are drawn once the burst is over, not once per person.
  let peopleRenderQueued = false;
  const people = new RemotePeople(call, view, tiles, {
    changed: () => {
      if (peopleRenderQueued) return;
      peopleRenderQueued = true;
      queueMicrotask(() => {
        peopleRenderQueued = false;
        if (!ended) renderPeople();
      });
    },
    stateChanged: (participant) => {
      monitor.refresh(participant);
    },
    left: (id) => {
      monitor.forget(id);
    },
  });
  const renderPeople = (): void => {
    view.people.render([
      { id: SELF, name, self: true, state: null, microphoneOn: media.microphoneOn, detail: '' },
      ...[...people.values()].map((p) => ({
        id: p.id,
        name: p.name,
        self: false,
        state: p.state,
        microphoneOn: p.media?.audio ?? true,
        detail: monitor.summary(p.id),
      })),
    ]);
    const count = people.size + 1;
    view.setParticipantCount(count);
    view.setAlone(people.size === 0);
    if (meshTooLarge(count, options.meshLimit) && call.path === 'mesh')
      view.banners.show('mesh-size', 'banner.meshLarge', { count, limit: options.meshLimit });
    else view.banners.hide('mesh-size');
    showSendLimitation(view, self, call.sendLimitation, count);
    events.fire('people-changed');
  };
  const monitor = new ConnectionMonitor(call, () => people.values(), renderPeople);
  const speakers = new SpeakerMonitor(
    call,
    () => self.meter,
    () => people.values(),
    (speaker) => {
      self.tile.setSpeaking(speaker === SELF);
      people.setSpeaker(speaker);
      events.fire('speaker', speaker);
    },
  );

  media.on('change', () => {
    self.devicesChanged();
    renderPeople();
  });
  showCallBanners(call, view.banners);
  call.on('path', (path) => {
    view.mediaPath.set(path);
    renderPeople();
  });
  call.on('joined', () => {
    view.mediaPath.set(call.path);
  });
  call.on('closed', (error) => {
    end(error);
  });

  const context: MeetingContext = {
    call,
    room,
    token,
    name,
    media,
    bus: new MessageBus(callTransport(call)),
    people,
    grid: view.grid,
    tileViews: tiles,
    controls: view.controls,
    panels: view.panels,
    participants: view.people,
    addToHeader: (node) => {
      view.indicators.append(node);
    },
    addOverlay: (node) => {
      view.element.append(node);
    },
    roles: new CallRoles(call.room),
    events,
    nameOf: (id) =>
      id === SELF || id === call.self?.id ? t('meeting.you') : (people.get(id)?.name ?? '?'),
    notify: (key, params, ms) => {
      view.notify(key, params, ms);
    },
  };
  const features: FeatureHandle[] = FEATURES.map((feature) => feature.mount(context));
  options.onStart?.({
    call,
    media,
    leave: () => {
      end(null);
    },
  });

  renderPeople();
  // Last, once every listener is in place: Firefox may handle the server's answer while this
  // page is still being built (a `lobby` answer was missed when the join went out first).
  // Still in the click's task: the pre-join page warmed up and connected (Call.join).
  call
    .join()
    .then(() => {
      people.announceArrivals();
    })
    // A failed join also closes the call: the `closed` handler shows why.
    .catch(() => undefined);

  return {
    ready: readyToDraw(call),
    shown: () => {
      tiles.shown();
    },
    element: view.element,
    title: () => `${room} · ${t('app.name')}`,
    dispose: () => {
      for (const feature of features) feature.dispose();
      monitor.dispose();
      speakers.dispose();
      tiles.dispose();
      self.dispose();
      call.close();
      media.close();
      view.dispose();
    },
  };
}

/**
 * Longest the pre-join page stays up after the click while the join's negotiation goes out
 * (a slow server, an offer that could not be made): then the meeting is drawn anyway.
 */
export const DRAW_MEETING_WITHIN_MS = 500;

/**
 * When to draw the meeting: once the join's offers (and, on the SFU, our answer) went out
 * (`negotiation-sent`), or the server answered otherwise (the lobby, an error, the end).
 * Building the page costs about as much main-thread time as the offers themselves, and
 * layout more: drawn at the click it held the offers back by tens of milliseconds, and on
 * the SFU the answer to the others' media by a hundred or more (issue 17, faster joins).
 */
function readyToDraw(call: Call): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, DRAW_MEETING_WITHIN_MS);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    call.on('negotiation-sent', done);
    call.on('error', done);
    call.on('closed', done);
    call.room.on('lobby', done);
  });
}

/** The microphone and camera buttons, which switch our own devices. */
function selfControls(view: MeetingView, media: LocalMedia) {
  const deviceFailed = (error: unknown): void => {
    view.notify('meeting.deviceFailed', {
      detail: error instanceof Error ? error.message : String(error),
    });
  };
  return {
    microphone: view.controls.add({
      id: 'microphone',
      icon: 'mic',
      label: 'control.micOff',
      order: 10,
      onPress: () => void media.setMicrophoneOn(!media.microphoneOn).catch(deviceFailed),
    }),
    camera: view.controls.add({
      id: 'camera',
      icon: 'camera',
      label: 'control.cameraOff',
      order: 20,
      onPress: () => void media.setCameraOn(media.camera === null).catch(deviceFailed),
    }),
  };
}

/**
 * "Your upload is too slow for 4 people: video reduced" (or the computer), while it lasts:
 * one decision, shown twice — the banner, and our own tile's badge.
 */
function showSendLimitation(
  view: MeetingView,
  self: SelfView,
  limitation: SendLimitation,
  count: number,
): void {
  const notice = sendNotice(limitation, count);
  if (notice === null) view.banners.hide('uplink');
  else view.banners.show('uplink', notice.key, notice.params);
  self.tile.setBadge(selfBadge(notice));
}
