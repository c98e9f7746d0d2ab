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
import { ADMIN_API_PREFIX, handleAdminApi, type AdminContext } from './admin/admin-api.js';
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
  /** The admin page's API (`/api/admin/...`); absent: 404. */
  readonly admin?: AdminContext;
  /** Origins whose pages may frame the app (`--embed-origin`). */
  readonly embedOrigins?: readonly string[];
}

/** Health, readiness, metrics, the doctor's and admin endpoints, then the web app. */
export function handleHttp(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  for (const [name, value] of Object.entries(securityHeaders(context.isSecure(request))))
    response.setHeader(name, value);
  const url = request.url ?? '/';
  const mark = url.indexOf('?');
  const path = mark < 0 ? url : url.slice(0, mark);
  const query = mark < 0 ? '' : url.slice(mark + 1);
  if (path.startsWith(ADMIN_API_PREFIX)) {
    // The one part that takes POST (its own method checks, bearer token, Origin check).
    if (context.admin === undefined) sendText(response, 404, 'not found\n');
    else handleAdminApi(context.admin, path, request, response);
    return;
  }
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
    case '/admin':
    case '/admin.html':
      if ((context.admin?.token ?? null) === null) {
        sendText(
          response,
          404,
          'the admin page is disabled (start the server with --admin-token)\n',
        );
        return;
      }
      serveApp(context, request, response);
      return;
    default:
      if (!embedAllowed(context, path, query)) {
        sendText(response, 403, 'this site may not embed meetings (see --embed-origin)\n');
        return;
      }
      serveApp(context, request, response);
  }
}

/**
 * An embed URL (`/r/<room>?embed=1&parent=<origin>`) names the page that frames it: only
 * an --embed-origin may (the app's frame-ancestors says the same to browsers).
 */
function embedAllowed(context: HttpContext, path: string, query: string): boolean {
  if (!path.startsWith('/r/')) return true;
  const params = new URLSearchParams(query);
  if (params.get('embed') === null) return true;
  const parent = params.get('parent');
  return parent !== null && (context.embedOrigins ?? []).includes(parent);
}

function serveApp(context: HttpContext, request: IncomingMessage, response: ServerResponse): void {
  if (context.staticDir === null) {
    sendText(response, 404, 'not found\n');
    return;
  }
  const { staticDir, connectSources, embedOrigins = [] } = context;
  serveStatic(staticDir, request, response, connectSources, embedOrigins).catch(() => {
    if (!response.headersSent) sendText(response, 500, 'internal error\n');
    else response.destroy();
  });
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
