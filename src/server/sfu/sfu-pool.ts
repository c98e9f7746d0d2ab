import type { Logger } from '../logger.js';
import type { ServerOptions } from '../options.js';
import { TypedEmitter } from './emitter.js';
import { deriveJanusSecrets } from './janus-secrets.js';
import { LocalJanus, type LocalJanusInput } from './local-janus.js';
import { SfuInstance, type SfuInstanceDeps } from './sfu-instance.js';

/** The id of the `--with-sfu` instance in mode records (it is never shared: no Redis). */
export const LOCAL_INSTANCE_ID = 'local';

/** `--with-sfu` media ports, as `confab sfu` (open this UDP range in the firewall). */
export const LOCAL_JANUS_DEFAULTS: LocalJanusInput = { rtpMinPort: 20000, rtpMaxPort: 20999 };

export interface SfuPoolEvents {
  /** An instance became healthy or stopped being so. */
  health: [instance: SfuInstance, healthy: boolean];
  /** An instance's connection dropped: every handle on it is gone. */
  lost: [instance: SfuInstance];
}

export interface SfuPoolDeps {
  readonly log: Logger;
  /** How the local Janus is started (ports, ICE address); needed with `withSfu`. */
  readonly localJanus?: LocalJanusInput;
  readonly instance?: SfuInstanceDeps['client'];
}

/**
 * The Janus instances this node may put rooms on: every `--sfu-url` (one SFU secret for
 * all) and the local child process of `--with-sfu`. Tracks their health and picks the
 * least-loaded healthy one for a new SFU room.
 */
export class SfuPool extends TypedEmitter<SfuPoolEvents> {
  readonly #instances = new Map<string, SfuInstance>();
  readonly #local: LocalJanus | null = null;
  #closed = false;

  constructor(options: ServerOptions, deps: SfuPoolDeps) {
    super();
    const instanceDeps: SfuInstanceDeps = {
      log: deps.log,
      ...(deps.instance === undefined ? {} : { client: deps.instance }),
    };
    if (options.sfuUrls.length > 0 && options.sfuSecret !== null) {
      const secrets = deriveJanusSecrets(options.sfuSecret);
      for (const url of new Set(options.sfuUrls))
        this.#add(new SfuInstance(url, { url, secrets }, instanceDeps));
    }
    if (options.withSfu) {
      const local = new SfuInstance(LOCAL_INSTANCE_ID, null, instanceDeps);
      this.#add(local);
      this.#local = new LocalJanus(deps.localJanus ?? LOCAL_JANUS_DEFAULTS, local, deps.log);
    }
  }

  /** Whether any SFU is configured at all (else every room is a mesh, as without this pool). */
  get configured(): boolean {
    return this.#instances.size > 0;
  }

  /** The local Janus supervisor (`--with-sfu`), or null. */
  get local(): LocalJanus | null {
    return this.#local;
  }

  start(): void {
    for (const instance of this.#instances.values()) instance.start();
    this.#local?.start();
  }

  get(id: string): SfuInstance | undefined {
    return this.#instances.get(id);
  }

  instances(): SfuInstance[] {
    return [...this.#instances.values()];
  }

  healthyCount(): number {
    return this.instances().filter((instance) => instance.healthy).length;
  }

  /** An SFU is configured but none is healthy (readiness says so). */
  degraded(): boolean {
    return this.configured && this.healthyCount() === 0;
  }

  /**
   * The healthy instance with the fewest participants (Janus's own count, so the rooms of
   * every node count); ties keep the configured order. Null when none is healthy.
   */
  async pick(): Promise<SfuInstance | null> {
    const healthy = this.instances().filter((instance) => instance.healthy);
    const loads = await Promise.all(healthy.map(async (i) => ({ i, load: await i.load() })));
    let best: { i: SfuInstance; load: number } | null = null;
    for (const { i, load } of loads) {
      if (load === null || !i.healthy) continue;
      if (best === null || load < best.load) best = { i, load };
    }
    return best?.i ?? null;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#local?.stop();
    for (const instance of this.#instances.values()) instance.close();
    this.removeAllListeners();
  }

  #add(instance: SfuInstance): void {
    this.#instances.set(instance.id, instance);
    let wasHealthy = false;
    instance.on('state', (state) => {
      const healthy = state === 'healthy';
      if (healthy === wasHealthy) return;
      wasHealthy = healthy;
      this.emit('health', instance, healthy);
    });
    instance.on('lost', () => {
      this.emit('lost', instance);
    });
  }
}
