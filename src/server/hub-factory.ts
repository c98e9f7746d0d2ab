import type { Registry } from 'prom-client';
import type { SignalingHub } from './hub.js';
import { LocalHub } from './local-hub.js';
import type { Logger } from './logger.js';
import type { ServerOptions } from './options.js';
import { RedisHub } from './redis/redis-hub.js';

/** The hub the options ask for: in memory (one process) or shared through Redis (nodes). */
export function createHub(options: ServerOptions, log: Logger, registry: Registry): SignalingHub {
  if (options.redisUrl === null) return new LocalHub(options);
  return new RedisHub({ ...options, redisUrl: options.redisUrl }, log, registry);
}
