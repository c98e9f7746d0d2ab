import { pino } from 'pino';
import type { ClientOptions } from 'ws';
import type { SignalingHub } from '../hub.js';
import { machineIPv4 } from '../coturn/machine-address.js';
import type { ServerOptions } from '../options.js';
import { ConfabServer, type ConfabServerDeps } from '../server.js';
import { TestClient } from './test-client.js';

export interface RunningServer {
  readonly server: ConfabServer;
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly connect: (options?: ClientOptions) => Promise<TestClient>;
  /** Connects and joins in one step. */
  readonly member: (room: string, name: string) => Promise<{ client: TestClient; id: string }>;
  stop(): Promise<void>;
}

/**
 * Starts a real server on 127.0.0.1 and a free port, with logs silenced. With `withSfu`
 * its Janus gets a random block of 100 media ports (tests run side by side).
 */
export async function startTestServer(
  options: Partial<ServerOptions> = {},
  hub?: SignalingHub,
  deps: Omit<ConfabServerDeps, 'hub'> = {},
): Promise<RunningServer> {
  const logger = deps.logger ?? pino({ level: process.env['TEST_LOG'] ?? 'silent' });
  const rtpMinPort = 30000 + Math.floor(Math.random() * 90) * 100;
  const localJanus = deps.localJanus ?? {
    rtpMinPort,
    rtpMaxPort: rtpMinPort + 99,
    iceAddress: machineIPv4() ?? '127.0.0.1',
  };
  const server = new ConfabServer(
    { host: '127.0.0.1', port: 0, ...options },
    { ...deps, logger, localJanus, ...(hub ? { hub } : {}) },
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
    member: async (room, name) => {
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
