/**
 * The postMessage protocol between a page that embeds a meeting (`/lib/embed.js`) and the
 * confab app in its iframe. Versioned and validated on both sides with hand-written guards
 * (no zod: embed.js runs on other people's pages and stays a few kilobytes). Every message
 * is `{ protocol: 'confab-embed', v: 1, type, ... }`; anything else is ignored.
 */
export const EMBED_PROTOCOL = 'confab-embed';
export const EMBED_VERSION = 1;

/** Longest id, name, code or text accepted in an embed message (UI strings, not payloads). */
const MAX_TEXT = 512;

/** Parent → iframe. `mute`: `on` true mutes the microphone; `camera`: `on` true turns it on. */
export type EmbedCommand =
  | { readonly type: 'mute'; readonly on: boolean }
  | { readonly type: 'camera'; readonly on: boolean }
  /** Leaves the meeting; the iframe shows the end page (with Rejoin). */
  | { readonly type: 'leave' }
  /** Leaves the meeting for good; the iframe shows only that the call ended. */
  | { readonly type: 'hang-up' };

/** Iframe → parent. */
export type EmbedEvent =
  /** The app loaded in the iframe and listens to commands. */
  | { readonly type: 'ready' }
  | { readonly type: 'joined'; readonly id: string; readonly name: string }
  /** We left the meeting: `reason` is null when we left on purpose, else an error code. */
  | { readonly type: 'left'; readonly reason: string | null }
  | { readonly type: 'participant-joined'; readonly id: string; readonly name: string }
  | { readonly type: 'participant-left'; readonly id: string }
  /** What we send now (after a command, or a click on the app's own buttons). */
  | { readonly type: 'media'; readonly audio: boolean; readonly video: boolean }
  | { readonly type: 'error'; readonly code: string; readonly message: string };

export type EmbedCommandType = EmbedCommand['type'];
export type EmbedEventType = EmbedEvent['type'];

type Wire<T> = T & { readonly protocol: typeof EMBED_PROTOCOL; readonly v: typeof EMBED_VERSION };

/** The message as it goes into `postMessage`. */
export function wrapEmbed<T extends EmbedCommand | EmbedEvent>(message: T): Wire<T> {
  return { protocol: EMBED_PROTOCOL, v: EMBED_VERSION, ...message };
}

type Fields = Readonly<Record<string, unknown>>;

/** The fields of a protocol message with exactly `keys` besides protocol, v and type. */
function envelope(data: unknown, keys: readonly string[]): Fields | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const fields = data as Fields;
  if (fields['protocol'] !== EMBED_PROTOCOL || fields['v'] !== EMBED_VERSION) return null;
  const extra = Object.keys(fields).filter(
    (key) => key !== 'protocol' && key !== 'v' && key !== 'type' && !keys.includes(key),
  );
  return extra.length === 0 && keys.every((key) => key in fields) ? fields : null;
}

const isText = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_TEXT;

const COMMAND_KEYS: Readonly<Record<EmbedCommandType, readonly string[]>> = {
  mute: ['on'],
  camera: ['on'],
  leave: [],
  'hang-up': [],
};

/** A valid command, or null (wrong protocol or version, unknown type, bad fields). */
export function parseEmbedCommand(data: unknown): EmbedCommand | null {
  const type = (data as Fields | null)?.['type'];
  if (typeof type !== 'string' || !Object.hasOwn(COMMAND_KEYS, type)) return null;
  const fields = envelope(data, COMMAND_KEYS[type as EmbedCommandType]);
  if (fields === null) return null;
  switch (type as EmbedCommandType) {
    case 'mute':
    case 'camera': {
      const on = fields['on'];
      return typeof on === 'boolean' ? { type: type as 'mute' | 'camera', on } : null;
    }
    case 'leave':
      return { type: 'leave' };
    case 'hang-up':
      return { type: 'hang-up' };
  }
}

const EVENT_KEYS: Readonly<Record<EmbedEventType, readonly string[]>> = {
  ready: [],
  joined: ['id', 'name'],
  left: ['reason'],
  'participant-joined': ['id', 'name'],
  'participant-left': ['id'],
  media: ['audio', 'video'],
  error: ['code', 'message'],
};

/** A valid event, or null. */
export function parseEmbedEvent(data: unknown): EmbedEvent | null {
  const type = (data as Fields | null)?.['type'];
  if (typeof type !== 'string' || !Object.hasOwn(EVENT_KEYS, type)) return null;
  const f = envelope(data, EVENT_KEYS[type as EmbedEventType]);
  if (f === null) return null;
  const { id, name, reason, audio, video, code, message } = f;
  switch (type as EmbedEventType) {
    case 'ready':
      return { type: 'ready' };
    case 'joined':
    case 'participant-joined':
      return isText(id) && isText(name)
        ? { type: type as 'joined' | 'participant-joined', id, name }
        : null;
    case 'left':
      return reason === null || isText(reason) ? { type: 'left', reason } : null;
    case 'participant-left':
      return isText(id) ? { type: 'participant-left', id } : null;
    case 'media':
      return typeof audio === 'boolean' && typeof video === 'boolean'
        ? { type: 'media', audio, video }
        : null;
    case 'error':
      return isText(code) && typeof message === 'string' && message.length <= MAX_TEXT
        ? { type: 'error', code, message }
        : null;
  }
}
