import { ID_PATTERN } from '../protocol/limits.js';

/** Random bytes in a new room id: 128 bits, beyond guessing (the issue asks for ≥ 96). */
export const ROOM_ID_BYTES = 16;

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'room'; readonly room: string; readonly token: string | null };

/** What a user typed into "Meeting name or link". */
export type RoomInput =
  | { readonly kind: 'room'; readonly room: string; readonly token: string | null }
  /** A link to a meeting on another confab server: go there. */
  | { readonly kind: 'elsewhere'; readonly href: string };

/** A new unguessable room id: base64url of 16 random bytes (22 characters). */
export function newRoomId(
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer> = (bytes) =>
    crypto.getRandomValues(bytes),
): string {
  const bytes = random(new Uint8Array(ROOM_ID_BYTES));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function isRoomName(text: string): boolean {
  return ID_PATTERN.test(text);
}

/** The page for a location: `/r/<room>` (token in the fragment) or home. */
export function parseRoute(pathname: string, hash: string): Route {
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  const room = match?.[1] === undefined ? null : safeDecode(match[1]);
  if (room === null || !isRoomName(room)) return { page: 'home' };
  return { page: 'room', room, token: tokenFromHash(hash) };
}

/**
 * A room name (`weekly-sync`), a path (`/r/weekly-sync`) or a pasted link
 * (`https://meet.example.org/r/weekly-sync#token=…`); null if it is none of these.
 */
export function parseRoomInput(input: string, origin: string): RoomInput | null {
  const text = input.trim();
  if (isRoomName(text)) return { kind: 'room', room: text, token: null };
  let url: URL;
  try {
    url = new URL(text, origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const route = parseRoute(url.pathname, url.hash);
  if (route.page !== 'room') return null;
  if (url.origin !== new URL(origin).origin) return { kind: 'elsewhere', href: url.href };
  return { kind: 'room', room: route.room, token: route.token };
}

export function roomPath(room: string, token: string | null = null): string {
  const fragment = token === null ? '' : `#token=${encodeURIComponent(token)}`;
  return `/r/${encodeURIComponent(room)}${fragment}`;
}

/**
 * The link others open to join. A room token travels in the fragment, which browsers never
 * send to servers (so it stays out of logs and Referer headers).
 */
export function inviteLink(origin: string, room: string, token: string | null): string {
  return new URL(roomPath(room, token), origin).href;
}

function tokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token === null || token === '' ? null : token;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
