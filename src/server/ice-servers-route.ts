import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  DoctorTokenResponse,
  IceServersResponse,
} from '../protocol/diagnostics/ice-servers-response.js';
import type { AddressRateLimit } from './address-rate-limit.js';
import type { RoomAuth } from './admission.js';
import { verifyRoomToken } from './auth.js';
import type { DoctorTokens } from './doctor-token.js';
import { issueIceServers, type IceConfig } from './ice-servers.js';
import type { StartupSelfTest } from './turn/startup-self-test.js';

export interface IceServersRouteContext {
  readonly ice: IceConfig;
  /** Room tokens, when the server requires them: then asking for a doctor token needs one. */
  readonly auth: RoomAuth;
  readonly doctorTokens: DoctorTokens;
  /** Requests per client address to both endpoints. */
  readonly rateLimit: AddressRateLimit;
  /** The client address bucket a request counts under. */
  readonly addressOf: (request: IncomingMessage) => string;
  /** The start-up relay self-test, once it finished. */
  readonly selfTest: () => StartupSelfTest | null;
}

/**
 * `GET /api/doctor-token`: a doctor token (10 min) for this client, rate-limited per
 * address; with room tokens required, only for a bearer of a valid one (any room).
 */
export async function handleDoctorToken(
  context: IceServersRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (!allowedRate(context, request, response)) return;
  if (context.auth !== null) {
    const token = bearer(request);
    const check =
      token === undefined
        ? { ok: false as const, reason: 'a room token is required (Authorization: Bearer)' }
        : await verifyRoomToken(context.auth.secret, token, null, Date.now(), context.auth.scope);
    if (!check.ok) {
      unauthorized(response, check.reason);
      return;
    }
  }
  const body: DoctorTokenResponse = context.doctorTokens.mint();
  sendJson(response, 200, body);
}

/**
 * `GET /api/ice-servers`: the ICE servers a member would get, for the connection doctor,
 * with TURN credentials for the user `doctor-<token id>` until the doctor token expires
 * (the same user however often it asks, so coturn's per-user quota holds). Needs
 * `Authorization: Bearer <doctor token>`; rate-limited per address. Members get theirs
 * through signaling instead. The TURN secret never leaves.
 */
export function handleIceServers(
  context: IceServersRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  if (!allowedRate(context, request, response)) return;
  const token = bearer(request);
  const check =
    token === undefined
      ? { ok: false as const, reason: 'a doctor token is required (GET /api/doctor-token)' }
      : context.doctorTokens.verify(token);
  if (!check.ok) {
    unauthorized(response, check.reason);
    return;
  }
  const nowMs = Date.now();
  const ttl = Math.min(context.ice.turnTtlSeconds, check.expiresAt - Math.floor(nowMs / 1000));
  const issued = issueIceServers(
    { ...context.ice, turnTtlSeconds: Math.max(1, ttl) },
    `doctor-${check.id}`,
    nowMs,
  );
  const selfTest = context.selfTest();
  const body: IceServersResponse = {
    iceServers: issued.iceServers,
    expiresAt: issued.expiresAtMs === null ? null : Math.floor(issued.expiresAtMs / 1000),
    selfTest:
      selfTest === null
        ? null
        : selfTest.results.map(({ url, outcome, rttMs }) => ({ url, outcome, rttMs })),
  };
  sendJson(response, 200, body);
}

function bearer(request: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
}

function allowedRate(
  context: IceServersRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): boolean {
  if (context.rateLimit.take(context.addressOf(request))) return true;
  sendJson(
    response,
    429,
    { error: 'rate-limited', message: 'too many requests from this address; try again shortly' },
    { 'retry-after': String(context.rateLimit.retryAfterSeconds) },
  );
  return false;
}

function unauthorized(response: ServerResponse, reason: string): void {
  sendJson(
    response,
    401,
    { error: 'unauthorized', message: reason },
    { 'www-authenticate': 'Bearer' },
  );
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    // Fresh credentials every time; never in a shared cache.
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(JSON.stringify(body));
}
