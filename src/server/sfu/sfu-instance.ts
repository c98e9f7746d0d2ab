import type { Logger } from '../logger.js';
import { TypedEmitter } from './emitter.js';
import { JanusClient, type JanusClientOptions } from './janus-client.js';
import type { JanusSecrets } from './janus-secrets.js';
import { VideoRoomAdmin } from './videoroom-admin.js';

/** Where an instance's API is and the secrets it was configured with. */
export interface InstanceEndpoint {
  readonly url: string;
  readonly secrets: JanusSecrets;
}

/**
 * idle: no endpoint (a local Janus between restarts) · connecting · healthy: connected and
 * keepalives answered · unhealthy: connected, keepalives failing, or waiting to reconnect ·
 * closed (final).
 */
export type InstanceState = 'idle' | 'connecting' | 'healthy' | 'unhealthy' | 'closed';

export interface SfuInstanceEvents {
  state: [InstanceState];
  /** The connection went away: every handle made through it is gone (Janus freed them). */
  lost: [];
}

export interface SfuInstanceDeps {
  readonly log: Logger;
  /** Overrides for the Janus client (tests shorten timeouts). */
  readonly client?: Partial<Omit<JanusClientOptions, 'url' | 'apiSecret'>>;
}

const RETRY_MIN_MS = 200;
const RETRY_MAX_MS = 5000;

/**
 * One Janus instance as this node uses it: one client connection (session) with its own
 * admin handle, reconnected with backoff whenever it drops. `id` names the instance in
 * mode records, the same on every node (its URL, or `local`).
 */
export class SfuInstance extends TypedEmitter<SfuInstanceEvents> {
  #endpoint: InstanceEndpoint | null;
  #client: JanusClient | null = null;
  #admin: VideoRoomAdmin | null = null;
  #state: InstanceState = 'idle';
  #retryMs = RETRY_MIN_MS;
  #retryTimer: NodeJS.Timeout | null = null;
  /** Bumped for every connection attempt, so a late result of an old one is dropped. */
  #attempt = 0;
  /** An outage is logged once, not at every retry. */
  #reportedDown = false;

  constructor(
    readonly id: string,
    endpoint: InstanceEndpoint | null,
    private readonly deps: SfuInstanceDeps,
  ) {
    super();
    this.#endpoint = endpoint;
  }

  get state(): InstanceState {
    return this.#state;
  }

  get healthy(): boolean {
    return this.#state === 'healthy';
  }

  /** The connection while healthy: member sessions attach their handles to it. */
  get client(): JanusClient | null {
    return this.healthy ? this.#client : null;
  }

  get secrets(): JanusSecrets | null {
    return this.#endpoint?.secrets ?? null;
  }

  start(): void {
    if (this.#state === 'idle' && this.#endpoint !== null) this.#connect();
  }

  /** A local Janus restarted elsewhere (or is down: null): reconnect there. */
  setEndpoint(endpoint: InstanceEndpoint | null): void {
    if (this.#state === 'closed') return;
    this.#endpoint = endpoint;
    this.#drop();
    this.#retryMs = RETRY_MIN_MS;
    if (endpoint === null) this.#setState('idle');
    else this.#connect();
  }

  /** Creates a private room (publishers = the room's capacity). */
  async createRoom(janusRoom: string, description: string, publishers: number): Promise<void> {
    await this.#requireAdmin().createRoom(janusRoom, { description, publishers });
  }

  /** Destroys a room; false when it did not exist (or the instance is unreachable). */
  async destroyRoom(janusRoom: string): Promise<boolean> {
    const admin = this.#admin;
    if (admin === null || !this.healthy) return false;
    return admin.destroyRoom(janusRoom).catch(() => false);
  }

  /** Removes a participant from a room (its stale session on another node). */
  async kick(janusRoom: string, id: string): Promise<void> {
    await this.#requireAdmin().kick(janusRoom, id);
  }

  /** Participants in all rooms on the instance (every node's), or null when unknown. */
  async load(): Promise<number | null> {
    const admin = this.#admin;
    if (admin === null || !this.healthy) return null;
    try {
      const rooms = await admin.listRooms();
      return rooms.reduce((sum, room) => sum + room.num_participants, 0);
    } catch {
      return null;
    }
  }

  /** Rooms on the instance (private ones included), or null when unreachable. */
  async rooms(): Promise<{ room: string; description: string; participants: number }[] | null> {
    const admin = this.#admin;
    if (admin === null || !this.healthy) return null;
    const rooms = await admin.listRooms().catch(() => null);
    return (
      rooms?.map((r) => ({
        room: r.room,
        description: r.description ?? '',
        participants: r.num_participants,
      })) ?? null
    );
  }

  close(): void {
    if (this.#state === 'closed') return;
    this.#drop();
    this.#setState('closed');
    this.removeAllListeners();
  }

  #requireAdmin(): VideoRoomAdmin {
    if (this.#admin === null || !this.healthy) throw new Error(`SFU ${this.id} is not healthy`);
    return this.#admin;
  }

  #connect(): void {
    const endpoint = this.#endpoint;
    if (endpoint === null || this.#state === 'closed') return;
    const attempt = ++this.#attempt;
    this.#setState('connecting');
    void this.#open(endpoint).then(
      ({ client, admin }) => {
        if (attempt !== this.#attempt) {
          void client.close();
          return;
        }
        this.#client = client;
        this.#admin = admin;
        this.#retryMs = RETRY_MIN_MS;
        this.#reportedDown = false;
        client.on('health', (health) => {
          if (this.#client === client) this.#setState(health.healthy ? 'healthy' : 'unhealthy');
        });
        client.on('closed', (reason) => {
          if (this.#client !== client) return;
          this.deps.log.warn({ sfu: this.id, reason: reason.code }, 'SFU connection lost');
          this.#onLost();
        });
        this.deps.log.info({ sfu: this.id }, 'SFU connected');
        this.#setState('healthy');
      },
      (error: unknown) => {
        if (attempt !== this.#attempt) return;
        const reason = error instanceof Error ? error.message : String(error);
        const level = this.#reportedDown ? 'debug' : 'warn';
        this.#reportedDown = true;
        this.deps.log[level]({ sfu: this.id, reason }, 'SFU unreachable; retrying');
        this.#setState('unhealthy');
        this.#retryLater();
      },
    );
  }

  async #open(endpoint: InstanceEndpoint): Promise<{ client: JanusClient; admin: VideoRoomAdmin }> {
    const client = await JanusClient.connect({
      ...this.deps.client,
      url: endpoint.url,
      apiSecret: endpoint.secrets.apiSecret,
    });
    try {
      return { client, admin: await VideoRoomAdmin.attach(client, endpoint.secrets) };
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  #onLost(): void {
    this.#client = null;
    this.#admin = null;
    this.#setState('unhealthy');
    this.emit('lost');
    this.#retryLater();
  }

  #retryLater(): void {
    if (this.#retryTimer !== null || this.#state === 'closed') return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(RETRY_MAX_MS, this.#retryMs * 2);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
    this.#retryTimer.unref();
  }

  /** Ends the current connection (if any) on purpose; holders of handles hear `lost`. */
  #drop(): void {
    this.#attempt++;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const client = this.#client;
    this.#client = null;
    this.#admin = null;
    if (client !== null) {
      void client.close();
      this.emit('lost');
    }
  }

  #setState(next: InstanceState): void {
    if (this.#state === next || this.#state === 'closed') return;
    this.#state = next;
    this.emit('state', next);
  }
}
