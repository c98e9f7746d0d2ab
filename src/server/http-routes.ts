import type { IncomingMessage, ServerResponse } from 'node:http';
import { ICE_SERVERS_PATH } from '../protocol/diagnostics/ice-servers-response.js';
import { handleIceServers, type IceServersRouteContext } from './ice-servers-route.js';
import type { ServerMetrics } from './metrics.js';
import { serveStatic } from './static-files.js';

export interface HttpContext {
  readonly metrics: ServerMetrics;
  readonly staticDir: string | null;
  /** Whether new joins are admitted (false while draining or when the hub is not ready). */
  readonly isReady: () => boolean;
  /** An SFU is configured but none is healthy: still ready (rooms stay mesh), said so. */
  readonly sfuDegraded?: () => boolean;
  /** ICE servers for the connection doctor (`GET /api/ice-servers`). */
  readonly iceServers?: IceServersRouteContext;
}

/** Health, readiness, metrics, then the web app. */
export function handleHttp(
  context: HttpContext,
  request: IncomingMessage,
  response: ServerResponse,
): void {
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
      void sendMetrics(context.metrics, response);
      return;
    case ICE_SERVERS_PATH:
      if (context.iceServers === undefined) sendText(response, 404, 'not found\n');
      else {
        handleIceServers(context.iceServers, request, response).catch(() => {
          if (!response.headersSent) sendText(response, 500, 'internal error\n');
        });
      }
      return;
    default:
      if (context.staticDir === null) {
        sendText(response, 404, 'not found\n');
        return;
      }
      serveStatic(context.staticDir, request, response).catch(() => {
        if (!response.headersSent) sendText(response, 500, 'internal error\n');
        else response.destroy();
      });
  }
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
