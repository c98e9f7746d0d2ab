/**
 * The iframe's address for an embedded meeting: `/r/<room>?embed=1&parent=<origin>&...`,
 * built by `/lib/embed.js` and read by the app in the iframe. Each setting in one place.
 * A room token never goes into the query (servers and proxies log queries): it travels in
 * the fragment, as in invite links.
 */

/** The app's control bar buttons an embedder may keep (the others are hidden). */
export const EMBED_TOOLBAR_ITEMS = [
  'microphone',
  'camera',
  'share',
  'chat',
  'people',
  'invite',
  'leave',
] as const;
export type EmbedToolbarItem = (typeof EMBED_TOOLBAR_ITEMS)[number];

/** What the embedding page asks of the app in the iframe. */
export interface EmbedSettings {
  /** Origin of the embedding page: the only one the app talks to. */
  readonly parent: string;
  /** Display name; with `autoJoin` the app joins under it without asking. */
  readonly name: string | null;
  /** Start with the microphone / camera on (default true). */
  readonly audio: boolean;
  readonly video: boolean;
  /** UI language (`en`, `zh-CN`); null: the browser's. */
  readonly lang: string | null;
  /** Buttons to show; null: all of them. */
  readonly toolbar: readonly EmbedToolbarItem[] | null;
  /** Join at once (needs `name`) instead of showing the pre-join page. */
  readonly autoJoin: boolean;
}

const ORIGIN = /^https?:\/\/[^/\s?#]+$/;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const MAX_NAME = 64;

export function isOrigin(text: string): boolean {
  return ORIGIN.test(text);
}

/** The iframe URL for `room` on `server` (a base URL), with `settings` and perhaps a token. */
export function embedUrl(
  server: string,
  room: string,
  settings: EmbedSettings,
  token: string | null = null,
): string {
  const url = new URL(`/r/${encodeURIComponent(room)}`, server);
  const query = url.searchParams;
  query.set('embed', '1');
  query.set('parent', settings.parent);
  if (settings.name !== null) query.set('name', settings.name);
  query.set('audio', settings.audio ? '1' : '0');
  query.set('video', settings.video ? '1' : '0');
  if (settings.lang !== null) query.set('lang', settings.lang);
  if (settings.toolbar !== null) query.set('toolbar', settings.toolbar.join(','));
  if (settings.autoJoin) query.set('autojoin', '1');
  if (token !== null) url.hash = `token=${encodeURIComponent(token)}`;
  return url.href;
}

/** The settings of an iframe URL's query, or null when it is not an embed URL (or malformed). */
export function parseEmbedSettings(search: string): EmbedSettings | null {
  const query = new URLSearchParams(search);
  const parent = query.get('parent');
  if (query.get('embed') !== '1' || parent === null || !isOrigin(parent)) return null;
  const name = query.get('name')?.trim() ?? '';
  const lang = query.get('lang');
  const toolbar = query.get('toolbar');
  return {
    parent,
    name: name === '' ? null : name.slice(0, MAX_NAME),
    audio: query.get('audio') !== '0',
    video: query.get('video') !== '0',
    lang: lang !== null && LANG.test(lang) ? lang : null,
    toolbar: toolbar === null ? null : toolbarItems(toolbar),
    autoJoin: query.get('autojoin') === '1' && name !== '',
  };
}

function toolbarItems(text: string): EmbedToolbarItem[] {
  const known = new Set<string>(EMBED_TOOLBAR_ITEMS);
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item): item is EmbedToolbarItem => known.has(item));
}
