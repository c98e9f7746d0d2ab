// The app's side of the embed API (src/client/embed/embed-messages.ts) when it runs in an
// iframe made by /lib/embed.js: it takes commands only from the embedding page's window
// and origin (the `parent` of the iframe URL, which the server checked against
// --embed-origin), and tells only that origin what happens in the meeting.
import type { Call, ConfabError } from '../../client/index.js';
import {
  parseEmbedCommand,
  wrapEmbed,
  type EmbedCommand,
  type EmbedEvent,
} from '../../client/embed/embed-messages.js';
import type { EmbedSettings } from '../../client/embed/embed-url.js';
import type { LocalMedia } from '../media/local-media.js';

/** What the embedding page may do to a running meeting. */
export interface EmbeddedControls {
  readonly call: Call;
  readonly media: LocalMedia;
  /** Leaves the meeting (the end page follows). */
  readonly leave: () => void;
}

/** How the meeting ended for the embedding page: left (with Rejoin) or hung up (for good). */
export type EmbedEnding = 'left' | 'hung-up';

export class EmbedHost {
  readonly settings: EmbedSettings;
  #meeting: EmbeddedControls | null = null;
  #ending: EmbedEnding = 'left';

  constructor(settings: EmbedSettings) {
    this.settings = settings;
    addEventListener('message', (event: MessageEvent) => {
      if (event.source !== window.parent || event.origin !== settings.parent) return;
      const command = parseEmbedCommand(event.data);
      if (command !== null) this.#run(command);
    });
    this.#post({ type: 'ready' });
  }

  /** Whether the last meeting ended with `hang-up` (then no Rejoin is offered). */
  get ending(): EmbedEnding {
    return this.#ending;
  }

  /** A meeting started: its events go to the embedding page until `ended`. */
  started(meeting: EmbeddedControls): void {
    this.#meeting = meeting;
    this.#ending = 'left';
    const { call, media } = meeting;
    // Both end with the meeting (closed call, stopped devices); `current` keeps a late
    // event of an old meeting from reaching the page.
    const current = (): boolean => this.#meeting === meeting;
    call.on('joined', (self) => {
      if (!current()) return;
      this.#post({ type: 'joined', id: self.id, name: self.name });
      this.#postMedia();
    });
    call.on('participant-joined', (participant) => {
      if (current())
        this.#post({ type: 'participant-joined', id: participant.id, name: participant.name });
    });
    call.on('participant-left', (id) => {
      if (current()) this.#post({ type: 'participant-left', id });
    });
    media.on('change', () => {
      if (current()) this.#postMedia();
    });
  }

  /** The meeting ended (null: on purpose). */
  ended(error: ConfabError | null): void {
    this.#meeting = null;
    if (error !== null) this.#post({ type: 'error', code: error.code, message: error.message });
    this.#post({ type: 'left', reason: error?.code ?? null });
  }

  #run(command: EmbedCommand): void {
    const meeting = this.#meeting;
    if (meeting === null) {
      this.#post({
        type: 'error',
        code: 'not-in-meeting',
        message: `${command.type}: not in a meeting`,
      });
      return;
    }
    const failed = (error: unknown): void => {
      const message = error instanceof Error ? error.message : String(error);
      this.#post({ type: 'error', code: 'device-failed', message: message.slice(0, 500) });
    };
    switch (command.type) {
      case 'mute':
        meeting.media.setMicrophoneOn(!command.on).catch(failed);
        return;
      case 'camera':
        meeting.media.setCameraOn(command.on).catch(failed);
        return;
      case 'leave':
        meeting.leave();
        return;
      case 'hang-up':
        this.#ending = 'hung-up';
        meeting.leave();
        return;
    }
  }

  #postMedia(): void {
    const media = this.#meeting?.media;
    if (media === undefined) return;
    this.#post({ type: 'media', audio: media.microphoneOn, video: media.camera !== null });
  }

  #post(event: EmbedEvent): void {
    window.parent.postMessage(wrapEmbed(event), this.settings.parent);
  }
}
