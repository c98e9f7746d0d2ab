import { TestClient } from '../../server/test-support/test-client.js';
import { runConfab, type ConfabProcess } from './confab-process.js';

/** One `confab serve --redis` child process. */
export interface ConfabNode {
  readonly proc: ConfabProcess;
  readonly port: number;
  readonly httpUrl: string;
  readonly wsUrl: string;
  connect(): Promise<TestClient>;
  /** Waits for `redis ready` logged after `since` (ms since the epoch). */
  ready(since?: number): Promise<void>;
}

/** Starts `count` real nodes on free ports sharing `redisUrl`; resolves once all are ready. */
export async function startConfabNodes(
  count: number,
  redisUrl: string,
  args: readonly string[] = [],
): Promise<ConfabNode[]> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, () => startConfabNode(redisUrl, args)),
  );
  const nodes = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  try {
    for (const result of started) if (result.status === 'rejected') throw result.reason;
    await Promise.all(nodes.map((node) => node.ready()));
    return nodes;
  } catch (error) {
    // The caller gets no handle on half a cluster: stop what did start.
    await stopConfabNodes(nodes);
    throw error;
  }
}

export async function startConfabNode(
  redisUrl: string,
  args: readonly string[] = [],
): Promise<ConfabNode> {
  const proc = runConfab(['serve', '--host', '127.0.0.1', '--port', '0', ...args], {
    CONFAB_REDIS_URL: redisUrl,
  });
  const listening = await proc
    .waitForLog((line) => line['msg'] === 'listening')
    .catch(async (error: unknown) => {
      await proc.kill('SIGKILL');
      throw error;
    });
  const port = Number(listening['port']);
  const httpUrl = `http://127.0.0.1:${String(port)}`;
  const wsUrl = `ws://127.0.0.1:${String(port)}/ws`;
  return {
    proc,
    port,
    httpUrl,
    wsUrl,
    connect: () => TestClient.connect(wsUrl),
    async ready(since = 0) {
      await proc.waitForLog(
        (line) => line['msg'] === 'redis ready' && Number(line['time']) >= since,
      );
    },
  };
}

export async function stopConfabNodes(nodes: readonly ConfabNode[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.proc.kill('SIGKILL')));
}
