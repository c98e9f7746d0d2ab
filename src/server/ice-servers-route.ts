import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IceServersResponse } from '../protocol/diagnostics/ice-servers-response.js';
import { verifyAnyRoomToken } from './auth.js';
import { issueIceServers, type IceConfig } from './ice-servers.js';
import { newPeerId } from './ids.js';
import type { StartupSelfTest } from './turn/startup-self-test.js';

export interface IceServersRouteContext {
  readonly ice: IceConfig;
  /** When set, requests need `Authorization: Bearer <room token>` (a token for any room). */
  readonly authSecret: string | null;
  /** The start-up relay self-test, once it finished. */
  readonly selfTest: () => StartupSelfTest | null;
}

/** Doctor credentials live at most this long: a diagnostic run takes seconds. */
export const DOCTOR_TTL_SECONDS = 600;

/**
 * `GET /api/ice-servers`: the ICE servers a member would get, with TURN credentials minted
 * for a throwaway user id (`doctor-<random>`, so coturn's per-user quota is per run). The
 * TURN secret never leaves; with `--auth-secret` a room token is required.
 */
export async function handleIceServers(
  context: IceServersRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (context.authSecret !== null) {
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const check =
      token === undefined
        ? { ok: false as const, reason: 'a room token is required (Authorization: Bearer)' }
        : await verifyAnyRoomToken(context.authSecret, token);
    if (!check.ok) {
      sendJson(
        response,
        401,
        { error: 'unauthorized', message: check.reason },
        {
          'www-authenticate': 'Bearer',
        },
      );
      return;
    }
  }
  const ttl = Math.min(context.ice.turnTtlSeconds, DOCTOR_TTL_SECONDS);
  const issued = issueIceServers(
    { ...context.ice, turnTtlSeconds: ttl },
    `doctor-${newPeerId()}`,
    Date.now(),
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
