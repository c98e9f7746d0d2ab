import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  DOCTOR_TOKEN_PATH,
  ICE_SERVERS_PATH,
} from '../protocol/diagnostics/ice-servers-response.js';
import {
  handleDoctorToken,
  handleIceServers,
  type IceServersRouteContext,
} from './ice-servers-route.js';
import { metricsAccess } from './metrics-access.js';
import type { ServerMetrics } from './metrics.js';
import { securityHeaders } from './security-headers.js';
import { serveStatic } from './static-files.js';

export interface HttpContext {
  readonly metrics: ServerMetrics;
  /** Bearer token for /metrics; null: loopback clients only. */
  readonly metricsToken: string | null;
  readonly staticDir: string | null;
  /** Sources the app's pages may connect to besides their own origin (CSP connect-src). */
  readonly connectSources: readonly string[];
  /** Whether new joins are admitted (false while draining or when the hub is not ready). */
  readonly isReady: () => boolean;
  /** An SFU is configured but none is healthy: still ready (rooms stay mesh), said so. */
  readonly sfuDegraded?: () => boolean;
  /** Whether the browser reached this request over TLS (ours or the trusted proxy's). */
  readonly isSecure: (request: IncomingMessage) => boolean;
  /** The connection doctor's endpoints (`/api/doctor-token`, `/api/ice-servers`). */
  readonly iceServers?: IceServersRouteContext;
}

/** Health, readiness, metrics, the doctor's endpoints, then the web app. */
export function handleHttp(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  for (const [name, value] of Object.entries(securityHeaders(context.isSecure(request))))
    response.setHeader(name, value);
  const path = (request.url ?? '/').split('?', 1)[0];
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  switch (path) {
    case '/healthz':
      sendText(response, 200, 'ok\n');
      return;
    case '/readyz':
      if (!context.isReady()) sendText(response, 503, 'not ready\n');
      else if (context.sfuDegraded?.() === true) sendText(response, 200, 'ready (sfu degraded)\n');
      else sendText(response, 200, 'ready\n');
      return;
    case '/metrics':
      serveMetrics(context, request, response);
      return;
    case DOCTOR_TOKEN_PATH:
    case ICE_SERVERS_PATH:
      serveDoctorApi(context, path, request, response);
      return;
    default:
      if (context.staticDir === null) {
        sendText(response, 404, 'not found\n');
        return;
      }
      serveStatic(context.staticDir, request, response, context.connectSources).catch(() => {
        if (!response.headersSent) sendText(response, 500, 'internal error\n');
        else response.destroy();
      });
  }
}

function serveMetrics(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  switch (metricsAccess(request, context.metricsToken)) {
    case 'allowed':
      void sendMetrics(context.metrics, response);
      return;
    case 'unauthorized':
      response.setHeader('www-authenticate', 'Bearer');
      sendText(response, 401, 'metrics need the bearer token (--metrics-token)\n');
      return;
    case 'forbidden':
      sendText(response, 403, 'metrics answer local clients only (or set --metrics-token)\n');
      return;
  }
}

function serveDoctorApi(
  context: HttpContext,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const route = context.iceServers;
  if (route === undefined) {
    sendText(response, 404, 'not found\n');
    return;
  }
  const handled =
    path === DOCTOR_TOKEN_PATH
      ? handleDoctorToken(route, request, response)
      : Promise.resolve().then(() => {
          handleIceServers(route, request, response);
        });
  handled.catch(() => {
    if (!response.headersSent) sendText(response, 500, 'internal error\n');
  });
}

async function sendMetrics(metrics: ServerMetrics, response: ServerResponse): Promise<void> {
  try {
    const body = await metrics.registry.metrics();
    response.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body);
  } catch {
    sendText(response, 500, 'metrics unavailable\n');
  }
}

function sendText(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(body);
}
