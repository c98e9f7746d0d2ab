import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, expect } from 'vitest';
import { hubContract } from '../test-support/hub-contract.js';
import { startRedis, type RunningRedis } from '../test-support/redis-server.js';
import { RedisHub } from './redis-hub.js';

// The same rules as LocalHub, through a real redis-server: each hub gets its own key prefix,
// so every test starts from an empty deployment.
let redis: RunningRedis;
let deployments = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.cleanup();
});

hubContract('RedisHub', async (limits) => {
  const hub = new RedisHub(
    {
      ...limits,
      redisUrl: redis.url,
      redisLeaseMs: 1000,
      keyPrefix: `contract-${String(++deployments)}:`,
    },
    pino({ level: process.env['TEST_LOG'] ?? 'silent' }),
    new Registry(),
  );
  hub.start();
  await expect.poll(() => hub.isReady()).toBe(true);
  return hub;
});
