// `/lib/embed.js`: puts a confab meeting into someone else's page, as an iframe, and talks
// to it over postMessage (embed-messages.ts). Runs on the embedding site: it creates one
// iframe in the given container and assumes nothing else about the page. Self-contained
// (no import shared with /lib/confab.js), so the one file is all an embedder loads.
import {
  parseEmbedEvent,
  wrapEmbed,
  type EmbedCommand,
  type EmbedEvent,
} from './embed-messages.js';
import { embedUrl, type EmbedToolbarItem } from './embed-url.js';

export type { EmbedCommand, EmbedEvent } from './embed-messages.js';
export { EMBED_TOOLBAR_ITEMS, type EmbedToolbarItem } from './embed-url.js';

export interface EmbedOptions {
  /** The confab server, e.g. `https://meet.example.org` (it must list this site: --embed-origin). */
  readonly server: string;
  readonly room: string;
  /** Display name; with `autoJoin` the meeting starts without the pre-join page. */
  readonly name?: string;
  /** Start with the microphone / camera on (default true). */
  readonly audio?: boolean;
  readonly video?: boolean;
  /** UI language: `en` or `zh-CN` (default: the browser's). */
  readonly lang?: string;
  /** The buttons the meeting shows (default all). */
  readonly toolbar?: readonly EmbedToolbarItem[];
  /** Join at once under `name` (default false: the person presses Join). */
  readonly autoJoin?: boolean;
  /** Room token, when the server requires one (sent in the URL fragment, never the query). */
  readonly token?: string;
  /** CSS size of the iframe (default 100% × 100% of the container). */
  readonly width?: string;
  readonly height?: string;
  /**
   * How long the meeting has to load and say `ready` before an `error` event
   * (`handshake-timeout`): e.g. this site is not in the server's --embed-origin (15 s).
   */
  readonly handshakeTimeoutMs?: number;
}

type Payload<T extends EmbedEvent['type']> = Omit<Extract<EmbedEvent, { type: T }>, 'type'>;

/** What the embedded meeting tells the page. */
export interface EmbedEvents {
  ready: [];
  joined: [Payload<'joined'>];
  left: [Payload<'left'>];
  'participant-joined': [Payload<'participant-joined'>];
  'participant-left': [Payload<'participant-left'>];
  media: [Payload<'media'>];
  error: [Payload<'error'>];
}

/** Permissions the meeting needs from the embedding page. */
export const IFRAME_ALLOW = 'camera; microphone; display-capture; autoplay; fullscreen';
const DEFAULT_HANDSHAKE_MS = 15_000;

type Listener<K extends keyof EmbedEvents> = (...args: EmbedEvents[K]) => void;

/** An embedded meeting: commands in, events out. */
export class EmbeddedMeeting {
  readonly iframe: HTMLIFrameElement;
  readonly #listeners = new Map<keyof EmbedEvents, Set<unknown>>();
  readonly #origin: string;
  #ready = false;
  #destroyed = false;
  #queued: EmbedCommand[] = [];
  readonly #handshake: ReturnType<typeof setTimeout>;
  readonly #onMessage = (event: MessageEvent): void => {
    this.#receive(event);
  };

  constructor(container: Element, options: EmbedOptions) {
    const server = new URL(options.server);
    this.#origin = server.origin;
    this.iframe = document.createElement('iframe');
    this.iframe.allow = IFRAME_ALLOW;
    this.iframe.title = `confab meeting ${options.room}`;
    this.iframe.style.border = '0';
    this.iframe.style.width = options.width ?? '100%';
    this.iframe.style.height = options.height ?? '100%';
    const settings = {
      parent: location.origin,
      name: options.name ?? null,
      audio: options.audio !== false,
      video: options.video !== false,
      lang: options.lang ?? null,
      toolbar: options.toolbar ?? null,
      autoJoin: options.autoJoin === true,
    };
    this.iframe.src = embedUrl(server.href, options.room, settings, options.token ?? null);
    addEventListener('message', this.#onMessage);
    this.#handshake = setTimeout(() => {
      this.#emit('error', {
        code: 'handshake-timeout',
        message: `the meeting at ${this.#origin} did not load: does the server allow this site (--embed-origin ${location.origin})?`,
      });
    }, options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_MS);
    container.append(this.iframe);
  }

  /** Calls `listener` on every `event`; returns a function that stops it. */
  on<K extends keyof EmbedEvents>(event: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      this.#listeners.get(event)?.delete(listener);
    };
  }

  /** Mutes (true) or unmutes (false) the microphone. */
  mute(on = true): void {
    this.#send({ type: 'mute', on });
  }

  /** Turns the camera on (true) or off (false). */
  camera(on: boolean): void {
    this.#send({ type: 'camera', on });
  }

  /** Leaves the meeting; the iframe shows the end page, where the person may rejoin. */
  leave(): void {
    this.#send({ type: 'leave' });
  }

  /** Leaves the meeting for good (no rejoin offered). */
  hangUp(): void {
    this.#send({ type: 'hang-up' });
  }

  /** Removes the iframe (leaving the meeting with it) and every listener. Idempotent. */
  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    clearTimeout(this.#handshake);
    removeEventListener('message', this.#onMessage);
    this.iframe.remove();
    this.#listeners.clear();
  }

  #emit<K extends keyof EmbedEvents>(event: K, ...args: EmbedEvents[K]): void {
    for (const listener of [...(this.#listeners.get(event) ?? [])]) {
      try {
        (listener as Listener<K>)(...args);
      } catch (error) {
        // One page handler that throws must not stop the others (or this handle).
        reportError(error);
      }
    }
  }

  #send(command: EmbedCommand): void {
    if (this.#destroyed) return;
    if (!this.#ready) {
      this.#queued.push(command);
      return;
    }
    this.iframe.contentWindow?.postMessage(wrapEmbed(command), this.#origin);
  }

  #receive(event: MessageEvent): void {
    // Only our iframe, only from the confab server's origin.
    if (event.origin !== this.#origin || event.source !== this.iframe.contentWindow) return;
    const message = parseEmbedEvent(event.data);
    if (message === null) return;
    if (message.type === 'ready') {
      clearTimeout(this.#handshake);
      this.#ready = true;
      const queued = this.#queued;
      this.#queued = [];
      for (const command of queued) this.#send(command);
    }
    this.#dispatch(message);
  }

  #dispatch(message: EmbedEvent): void {
    switch (message.type) {
      case 'ready':
        this.#emit('ready');
        return;
      case 'joined':
        this.#emit('joined', { id: message.id, name: message.name });
        return;
      case 'left':
        this.#emit('left', { reason: message.reason });
        return;
      case 'participant-joined':
        this.#emit('participant-joined', { id: message.id, name: message.name });
        return;
      case 'participant-left':
        this.#emit('participant-left', { id: message.id });
        return;
      case 'media':
        this.#emit('media', { audio: message.audio, video: message.video });
        return;
      case 'error':
        this.#emit('error', { code: message.code, message: message.message });
        return;
    }
  }
}

/** Embeds a meeting into `container`; see `EmbedOptions` and docs/embed.md. */
export function embed(container: Element, options: EmbedOptions): EmbeddedMeeting {
  return new EmbeddedMeeting(container, options);
}
