import type { ServerOptions } from '../options.js';
import type { RunningRedis } from './redis-server.js';
import { startTestServer, type RunningServer } from './test-server.js';

/** In-process nodes sharing one real Redis: each a full server with its own RedisHub. */
export async function startRedisNodes(
  redis: RunningRedis,
  count: number,
  options: Partial<ServerOptions> = {},
): Promise<RunningServer[]> {
  return Promise.all(
    Array.from({ length: count }, () =>
      startTestServer({ redisUrl: redis.url, redisLeaseMs: 1000, ...options }),
    ),
  );
}

/** Fetches /readyz: 200 while the node admits joins. */
export async function readiness(node: RunningServer): Promise<number> {
  return (await fetch(`${node.httpUrl}/readyz`)).status;
}
