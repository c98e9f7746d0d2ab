import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, type Registry } from 'prom-client';
import { ADMIN_API_PREFIX, ID_PATTERN, type AdminRoomsResponse } from '../../protocol/index.js';
import type { AddressRateLimit } from '../address-rate-limit.js';
import type { SignalingHub } from '../hub.js';
import type { Logger } from '../logger.js';
import { sameSecret } from '../metrics-access.js';
import type { CallQuality } from '../quality/call-quality.js';

export { ADMIN_API_PREFIX };
/** Rooms the admin page lists at most. */
export const ADMIN_ROOM_LIMIT = 1000;

export interface AdminContext {
  /** null: the admin page and API are disabled (404). */
  readonly token: string | null;
  readonly hub: SignalingHub;
  readonly quality: CallQuality;
  /** Failed authentications per client address (a token cannot be guessed fast). */
  readonly failures: AddressRateLimit;
  readonly addressOf: (request: IncomingMessage) => string;
  readonly isSecure: (request: IncomingMessage) => boolean;
  readonly log: Logger;
  readonly actions: Counter<'action'>;
}

export function adminActionsCounter(registry: Registry): Counter<'action'> {
  return new Counter({
    name: 'confab_admin_actions_total',
    help: 'Admin API actions done: remove (a member), end (a room)',
    labelNames: ['action'],
    registers: [registry],
  });
}

type Route =
  | { readonly kind: 'rooms' }
  | { readonly kind: 'end'; readonly room: string }
  | { readonly kind: 'remove'; readonly room: string; readonly member: string };

function routeOf(path: string): Route | null {
  const parts = path.slice(ADMIN_API_PREFIX.length).split('/').map(decodePart);
  const valid = (id: string | null | undefined): id is string =>
    id !== undefined && id !== null && ID_PATTERN.test(id);
  const [rooms, room, action, member, verb] = parts;
  if (rooms !== 'rooms') return null;
  if (parts.length === 1) return { kind: 'rooms' };
  if (parts.length === 3 && valid(room) && action === 'end') return { kind: 'end', room };
  if (
    parts.length === 5 &&
    valid(room) &&
    action === 'members' &&
    valid(member) &&
    verb === 'remove'
  )
    return { kind: 'remove', room, member };
  return null;
}

function decodePart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/**
 * The admin API: live rooms with their members and call quality, and two actions. Every
 * request needs `Authorization: Bearer <admin token>` (never a cookie, so another site
 * cannot make a browser send it); actions also refuse a foreign `Origin`.
 */
export function handleAdminApi(
  context: AdminContext,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (context.token === null) {
    sendJson(response, 404, { error: 'the admin API is disabled (start with --admin-token)' });
    return;
  }
  if (!authorized(context, request, response)) return;
  const route = routeOf(path);
  if (route === null) {
    sendJson(response, 404, { error: 'no such admin endpoint' });
    return;
  }
  const method = route.kind === 'rooms' ? 'GET' : 'POST';
  if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
    response.writeHead(405, { allow: method === 'GET' ? 'GET, HEAD' : 'POST' }).end();
    return;
  }
  if (method === 'POST' && !sameOrigin(context, request)) {
    sendJson(response, 403, { error: 'admin actions only from this server’s own pages' });
    return;
  }
  run(context, route).then(
    ({ status, body }) => {
      sendJson(response, status, body);
    },
    (error: unknown) => {
      context.log.warn({ err: error }, 'admin request failed');
      sendJson(response, 503, { error: 'rooms are unavailable right now; try again' });
    },
  );
}

async function run(
  context: AdminContext,
  route: Route,
): Promise<{ status: number; body: unknown }> {
  const { hub, log, actions } = context;
  switch (route.kind) {
    case 'rooms':
      return { status: 200, body: await listRooms(context) };
    case 'end': {
      const ended = await hub.endRoom(route.room);
      if (ended > 0) actions.inc({ action: 'end' });
      log.info({ room: route.room, members: ended }, 'admin ended a room');
      return { status: ended > 0 ? 200 : 404, body: { room: route.room, ended } };
    }
    case 'remove': {
      const removed = await hub.removeMember(route.room, route.member);
      if (removed) actions.inc({ action: 'remove' });
      log.info({ room: route.room, peer: route.member, removed }, 'admin removed a member');
      return { status: removed ? 200 : 404, body: { room: route.room, removed } };
    }
  }
}

async function listRooms(context: AdminContext): Promise<AdminRoomsResponse> {
  const { hub, quality } = context;
  const rooms = await hub.listRooms(ADMIN_ROOM_LIMIT);
  return {
    node: hub.nodeId,
    rooms: rooms.map((room) => ({
      ...room,
      members: room.members.map((member) => ({
        ...member,
        quality: member.node === hub.nodeId ? quality.of(member.id) : null,
      })),
    })),
  };
}

function authorized(
  context: AdminContext,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (given !== undefined && context.token !== null && sameSecret(given, context.token))
    return true;
  // Only failures count, so an admin's own polling is never limited.
  if (!context.failures.take(context.addressOf(request))) {
    response.setHeader('retry-after', String(context.failures.retryAfterSeconds));
    sendJson(response, 429, { error: 'too many failed attempts; wait a minute' });
    return false;
  }
  response.setHeader('www-authenticate', 'Bearer');
  sendJson(response, 401, { error: 'the admin token is required (Authorization: Bearer)' });
  return false;
}

/** No Origin (curl, scripts) or this server's own: the request comes from our admin page. */
function sameOrigin(context: AdminContext, request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  const scheme = context.isSecure(request) ? 'https' : 'http';
  return origin === `${scheme}://${request.headers.host ?? ''}`;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(JSON.stringify(body));
}
