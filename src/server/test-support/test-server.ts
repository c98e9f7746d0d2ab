import { pino, type Logger } from 'pino';
import type { ClientOptions } from 'ws';
import type { SignalingHub } from '../hub.js';
import type { ServerOptions } from '../options.js';
import { ConfabServer } from '../server.js';
import { TestClient } from './test-client.js';

export interface RunningServer {
  readonly server: ConfabServer;
  readonly httpUrl: string;
  readonly wsUrl: string;
  connect(options?: ClientOptions): Promise<TestClient>;
  /** Connects and joins in one step. */
  member(room: string, name: string): Promise<{ client: TestClient; id: string }>;
  stop(): Promise<void>;
}

/** Starts a real server on 127.0.0.1 and a free port, with logs silenced (or to `logger`). */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
  hub?: SignalingHub,
  logger: Logger = pino({ level: process.env['TEST_LOG'] ?? 'silent' }),
): Promise<RunningServer> {
  const server = new ConfabServer(
    { host: '127.0.0.1', port: 0, ...options },
    hub ? { hub, logger } : { logger },
  );
  await server.listen();
  const httpUrl = server.url();
  const wsUrl = `${httpUrl.replace(/^http/, 'ws')}/ws`;
  const clients: TestClient[] = [];
  const connect = async (clientOptions?: ClientOptions): Promise<TestClient> => {
    const client = await TestClient.connect(wsUrl, clientOptions);
    clients.push(client);
    return client;
  };
  return {
    server,
    httpUrl,
    wsUrl,
    connect,
    async member(room, name) {
      const client = await connect();
      const welcome = await client.join(room, name);
      return { client, id: welcome.self.id };
    },
    async stop() {
      for (const client of clients) client.drop();
      await server.close();
    },
  };
}
