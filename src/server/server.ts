import { readFileSync } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { AddressRateLimit } from './address-rate-limit.js';
import { adminActionsCounter, type AdminContext } from './admin/admin-api.js';
import { roomAuth } from './admission.js';
import { addressBucket, clientAddress, normalizeAddress } from './client-address.js';
import { DoctorTokens } from './doctor-token.js';
import type { SignalingHub } from './hub.js';
import { handleHttp, type HttpContext } from './http-routes.js';
import { createHub } from './hub-factory.js';
import { LogThrottle } from './log-throttle.js';
import { createLogger, type Logger } from './logger.js';
import { ServerMetrics } from './metrics.js';
import { resolveServerOptions, type ServerOptions } from './options.js';
import { requestScheme } from './origin-policy.js';
import { CallQuality } from './quality/call-quality.js';
import { connectSources } from './security-headers.js';
import { Session } from './session.js';
import type { LocalJanusInput } from './sfu/local-janus.js';
import { SfuController } from './sfu/sfu-controller.js';
import { SfuPool, type SfuPoolDeps } from './sfu/sfu-pool.js';
import { runStartupSelfTest, type StartupSelfTest } from './turn/startup-self-test.js';
import { UpgradeGuard, type ConnectionTicket } from './upgrade-guard.js';
import { Webhooks } from './webhooks/webhooks.js';

/** The WebSocket endpoint, on the same origin as the app. */
export const SIGNALING_PATH = '/ws';

export interface ConfabServerDeps {
  /** Membership backend; defaults to an in-memory `LocalHub` (single process). */
  readonly hub?: SignalingHub;
  readonly logger?: Logger;
  /** How `withSfu` starts its Janus (ports, ICE address); default as `confab sfu`. */
  readonly localJanus?: LocalJanusInput;
  /** Janus client timeouts (tests shorten them). */
  readonly sfuClient?: SfuPoolDeps['instance'];
  /** First webhook retry delay (1 s; tests shorten it). */
  readonly webhookRetryBaseMs?: number;
}

/** Failed admin authentications per client address and minute. */
const ADMIN_FAILURES_PER_MINUTE = 10;
/** How long a drain waits for webhook events still on their way. */
const WEBHOOK_FLUSH_MS = 2000;

export type ServerState = 'idle' | 'listening' | 'draining' | 'closed';

/** The HTTP + WebSocket signaling server. `listen()` starts it, `drain()` stops it gently. */
export class ConfabServer {
  readonly options: ServerOptions;
  readonly metrics: ServerMetrics;
  readonly log: Logger;
  readonly hub: SignalingHub;
  /** The Janus instances and the room controller; null when no SFU is configured. */
  readonly sfu: { readonly pool: SfuPool; readonly controller: SfuController } | null;
  /** Call-quality telemetry of this node's members (aggregated into /metrics). */
  readonly quality: CallQuality;
  /** Room events to --webhook-url; null without webhooks. */
  readonly webhooks: Webhooks | null;
  readonly #http: Server;
  readonly #wss: WebSocketServer;
  readonly #guard: UpgradeGuard;
  /** Refusals are cheap for an attacker to cause: their log lines are rate-limited. */
  readonly #refusals: LogThrottle;
  readonly #sessions = new Set<Session>();
  #state: ServerState = 'idle';
  #heartbeat: ReturnType<typeof setInterval> | null = null;
  #drained: Promise<void> | null = null;
  #selfTest: Promise<StartupSelfTest | null> | null = null;
  #selfTestResult: StartupSelfTest | null = null;

  constructor(options: Partial<ServerOptions> = {}, deps: ConfabServerDeps = {}) {
    this.options = resolveServerOptions(options);
    this.log = deps.logger ?? createLogger(this.options.logLevel);
    this.metrics = new ServerMetrics(
      () => this.hub.stats(),
      () => this.isReady(),
    );
    this.hub = deps.hub ?? createHub(this.options, this.log, this.metrics.registry);
    this.sfu = this.#createSfu(deps);
    this.quality = new CallQuality(this.metrics.registry, this.options);
    this.webhooks =
      this.options.webhookUrls.length === 0
        ? null
        : new Webhooks(
            this.options,
            this.hub,
            this.metrics.registry,
            this.log.child({ component: 'webhooks' }),
            deps.webhookRetryBaseMs,
          );
    const tls = this.options.tlsCertFile !== null && this.options.tlsKeyFile !== null;
    this.#guard = new UpgradeGuard({ ...this.options, tls });
    this.#refusals = new LogThrottle(this.log);
    this.#wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.options.maxFrameBytes,
      perMessageDeflate: false,
    });
    const httpContext = this.#httpContext(tls);
    const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
      this.#guard.onRequest(request.socket);
      handleHttp(httpContext, request, response);
    };
    const { headersTimeoutMs, requestTimeoutMs } = this.options;
    // Node's defaults let a request that never finishes its headers hold a socket for up to
    // 90 s; these cut it after headersTimeoutMs (checked at least every second).
    const timeouts = {
      headersTimeout: headersTimeoutMs,
      requestTimeout: requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeoutMs / 2)),
    };
    const { tlsCertFile, tlsKeyFile } = this.options;
    this.#http =
      tlsCertFile !== null && tlsKeyFile !== null
        ? createHttpsServer(
            {
              cert: readFileSync(tlsCertFile),
              key: readFileSync(tlsKeyFile),
              handshakeTimeout: headersTimeoutMs,
              ...timeouts,
            },
            onRequest,
          )
        : createHttpServer(timeouts, onRequest);
    this.#http.on('connection', (socket: Socket) => {
      this.#onSocket(socket);
    });
    this.#http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.#onUpgrade(request, socket, head);
    });
  }

  #httpContext(tls: boolean): HttpContext {
    const { options } = this;
    const addressOf = (request: IncomingMessage): string =>
      addressBucket(clientAddress(request, options));
    return {
      metrics: this.metrics,
      metricsToken: options.metricsToken,
      staticDir: options.staticDir,
      connectSources: connectSources(options.allowedOrigins),
      isReady: () => this.isReady(),
      sfuDegraded: () => this.sfu?.pool.degraded() ?? false,
      isSecure: (request) =>
        requestScheme(request, { trustProxy: options.trustProxy, tls }) === 'https',
      iceServers: {
        ice: options,
        auth: roomAuth(options),
        // Every node of a deployment shares these secrets, so any node accepts the token.
        doctorTokens: new DoctorTokens(options.authSecret ?? options.turnSecret),
        rateLimit: new AddressRateLimit(options.doctorRateLimit),
        addressOf,
        selfTest: () => this.#selfTestResult,
      },
      admin: this.#adminContext(addressOf, tls),
      embedOrigins: options.embedOrigins,
    };
  }

  #adminContext(addressOf: (request: IncomingMessage) => string, tls: boolean): AdminContext {
    const { options } = this;
    return {
      token: options.adminToken,
      hub: this.hub,
      quality: this.quality,
      failures: new AddressRateLimit(ADMIN_FAILURES_PER_MINUTE),
      addressOf,
      isSecure: (request) =>
        requestScheme(request, { trustProxy: options.trustProxy, tls }) === 'https',
      log: this.log.child({ component: 'admin' }),
      actions: adminActionsCounter(this.metrics.registry),
    };
  }

  get state(): ServerState {
    return this.#state;
  }

  /** Accepting joins: listening, not draining, and the hub can admit members. */
  isReady(): boolean {
    return this.#state === 'listening' && this.hub.isReady();
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  async listen(): Promise<AddressInfo> {
    if (this.#state !== 'idle') throw new Error(`cannot listen while ${this.#state}`);
    const { host, port } = this.options;
    this.hub.start?.();
    this.sfu?.pool.start();
    await new Promise<void>((resolve, reject) => {
      this.#http.once('error', reject);
      const onListening = (): void => {
        this.#http.off('error', reject);
        resolve();
      };
      if (host === '') this.#http.listen(port, onListening);
      else this.#http.listen(port, host, onListening);
    });
    this.#state = 'listening';
    this.#heartbeat = setInterval(() => {
      for (const session of this.#sessions) session.heartbeat();
    }, this.options.heartbeatIntervalMs);
    this.#selfTest = runStartupSelfTest(this.options, this.log).then((result) => {
      this.#selfTestResult = result;
      return result;
    });
    const address = this.address();
    this.log.info(
      { address: address.address, port: address.port, tls: this.options.tlsCertFile !== null },
      'listening',
    );
    return address;
  }

  /**
   * The relay self-test started by `listen()` when TURN is configured (null before `listen()`;
   * resolves to null without TURN). It never rejects; its verdict is also logged.
   */
  get turnSelfTest(): Promise<StartupSelfTest | null> | null {
    return this.#selfTest;
  }

  address(): AddressInfo {
    const address = this.#http.address();
    if (address === null || typeof address === 'string') throw new Error('server is not listening');
    return address;
  }

  /** Base URL for clients on this machine, e.g. `http://127.0.0.1:8080`. */
  url(): string {
    const { port, address } = this.address();
    const scheme = this.options.tlsCertFile === null ? 'http' : 'https';
    const host =
      address === '::' || address === '0.0.0.0'
        ? '127.0.0.1'
        : address.includes(':')
          ? `[${address}]`
          : address;
    return `${scheme}://${host}:${String(port)}`;
  }

  /**
   * Graceful stop: readiness goes false, members get `server-shutdown` and a 1012 close
   * (their slots stay resumable where state is shared), and sockets still open after
   * `drainTimeoutMs` are cut. Idempotent.
   */
  drain(): Promise<void> {
    this.#drained ??= this.#drain();
    return this.#drained;
  }

  /** Immediate stop (tests, second signal): cuts every socket. */
  async close(): Promise<void> {
    for (const client of this.#wss.clients) client.terminate();
    await this.drain();
  }

  async #drain(): Promise<void> {
    if (this.#state === 'idle') {
      this.#state = 'closed';
      await this.sfu?.controller.close();
      await this.hub.close();
      await this.webhooks?.close(0);
      return;
    }
    this.#state = 'draining';
    this.log.info({ connections: this.#sessions.size }, 'draining');
    if (this.#heartbeat !== null) clearInterval(this.#heartbeat);
    // The listener stays open while sockets wind down, so load balancers can still read
    // /readyz (503) and new upgrades get a clear 503 instead of a refused connection.
    for (const session of this.#sessions) session.shutdown();
    await this.#allSocketsClosed(this.options.drainTimeoutMs);
    const httpClosed = new Promise<void>((resolve) => {
      this.#http.close(() => {
        resolve();
      });
    });
    this.#http.closeAllConnections();
    await httpClosed;
    await this.sfu?.controller.close();
    await this.hub.close();
    await this.webhooks?.close(Math.min(WEBHOOK_FLUSH_MS, this.options.drainTimeoutMs));
    this.#state = 'closed';
    this.log.info('stopped');
  }

  async #allSocketsClosed(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#wss.clients.size > 0 && Date.now() < deadline) {
      const remaining = [...this.#wss.clients];
      await Promise.race([
        Promise.all(remaining.map((ws) => new Promise((resolve) => ws.once('close', resolve)))),
        new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now()))),
      ]);
    }
    for (const ws of this.#wss.clients) ws.terminate();
  }

  #createSfu(deps: ConfabServerDeps): ConfabServer['sfu'] {
    const pool = new SfuPool(this.options, {
      log: this.log.child({ component: 'sfu' }),
      ...(deps.localJanus === undefined ? {} : { localJanus: deps.localJanus }),
      ...(deps.sfuClient === undefined ? {} : { instance: deps.sfuClient }),
    });
    if (!pool.configured) return null;
    const { hub, options, log } = this;
    const registry = this.metrics.registry;
    return { pool, controller: new SfuController({ hub, pool, options, log, registry }) };
  }

  /** A TCP connection: one address over its share is cut before it can send a byte. */
  #onSocket(socket: Socket): void {
    if (this.#guard.onSocket(socket)) return;
    const ip = normalizeAddress(socket.remoteAddress ?? 'unknown');
    this.#refusals.info(
      `socket:${addressBucket(ip)}`,
      { ip },
      'connection refused: too many from this address',
    );
    socket.destroy();
  }

  #onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== SIGNALING_PATH) {
      rejectUpgrade(socket, 404, 'not found');
      return;
    }
    const verdict = this.#guard.check(request, this.#state === 'listening');
    if (!verdict.ok) {
      const ip = clientAddress(request, this.options);
      this.#refusals.info(
        `upgrade:${String(verdict.status)}:${addressBucket(ip)}`,
        { status: verdict.status, reason: verdict.reason, ip },
        'upgrade refused',
      );
      rejectUpgrade(socket, verdict.status, verdict.reason);
      return;
    }
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      this.#accept(ws, verdict.ip, request.socket, socket);
    });
  }

  /** `connection` is the TCP (or TLS) socket the upgrade came on; `transport` the same, as a stream. */
  #accept(ws: WebSocket, ip: string, connection: Socket, transport: Duplex): void {
    // An 'error' listener must exist before anything else: an unhandled socket error
    // would otherwise throw and take the whole process down.
    ws.on('error', (error) => {
      this.log.debug({ err: error.message }, 'socket error');
    });
    const ticket: ConnectionTicket = this.#guard.admit(connection, ip);
    this.metrics.connections.inc();
    const session = new Session(
      ws,
      {
        options: this.options,
        hub: this.hub,
        metrics: this.metrics,
        log: this.log,
        media: this.sfu?.controller ?? null,
        quality: this.quality,
      },
      ip,
      transport,
    );
    this.#sessions.add(session);
    ws.on('close', () => {
      this.#sessions.delete(session);
      this.#guard.release(ticket);
      this.metrics.connections.dec();
    });
    if (this.#state !== 'listening') session.shutdown();
  }
}

/** Writes a minimal HTTP response on a raw upgrade socket and ends it. */
function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  const body = `${reason}\n`;
  socket.end(
    `HTTP/1.1 ${String(status)} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${String(Buffer.byteLength(body))}\r\n\r\n${body}`,
  );
}
