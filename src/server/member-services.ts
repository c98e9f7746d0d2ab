import type {
  ClientAppMessage,
  ErrorCode,
  PeerInfo,
  RoomMode,
  ServerMessage,
} from '../protocol/index.js';
import type { Delivery, Membership, SignalingHub } from './hub.js';
import type { Logger } from './logger.js';
import type { ServerMetrics } from './metrics.js';
import type { MemberMedia, SfuClientMessage } from './sfu/member-media.js';
import type { SfuController } from './sfu/sfu-controller.js';

export interface MemberServicesContext {
  readonly hub: SignalingHub;
  readonly metrics: ServerMetrics;
  /** The SFU controller of this node; null when no SFU is configured (mesh only). */
  readonly media: SfuController | null;
}

/** How the services reach the member's connection. */
export interface MemberConnection {
  write(message: ServerMessage): void;
  sendError(code: ErrorCode, message: string): void;
  readonly log: Logger;
}

/**
 * What a joined member's connection does besides relaying signals: app messages through
 * the hub, and its media on the SFU. Every hub delivery passes `observe` first, so the
 * member's media follows the room's mode and roster as the member is told them.
 */
export class MemberServices {
  #media: MemberMedia | null;

  constructor(
    private readonly context: MemberServicesContext,
    private readonly member: Membership,
    private readonly connection: MemberConnection,
    join: {
      readonly webrtc: boolean;
      readonly mode: RoomMode;
      readonly peers: readonly PeerInfo[];
    },
  ) {
    const sink = {
      send: (message: ServerMessage): void => {
        if (message.type === 'error') context.metrics.countError(message.code);
        connection.write(message);
      },
    };
    this.#media = context.media?.attach(member, join.webrtc, sink, join.mode, join.peers) ?? null;
  }

  observe(delivery: Delivery): void {
    this.#media?.observe(delivery);
  }

  app(message: ClientAppMessage, receivedAt: number): void {
    const to = message.to ?? null;
    void this.context.hub.relayApp(this.member, to, message.data).then(
      (outcome) => {
        if (outcome === 'unknown-peer')
          this.connection.sendError('unknown-peer', `no peer ${to ?? ''} in this room`);
        else if (outcome !== 'dropped')
          this.context.metrics.countRelayed('app', (performance.now() - receivedAt) / 1000);
      },
      (error: unknown) => {
        this.connection.log.warn({ err: error }, 'app relay failed');
      },
    );
  }

  sfu(message: SfuClientMessage): void {
    if (this.#media === null) {
      this.connection.sendError('sfu-failed', 'this server has no media server (SFU) configured');
      return;
    }
    this.#media.handle(message);
  }

  /** The connection dropped; the slot (and the member's media) wait for a resume. */
  detach(): void {
    this.#media?.detach();
    this.#media = null;
  }

  /** A resumed connection on this node took the member (and its media) over. */
  release(): void {
    this.#media = null;
  }

  /** The member left or its slot ended: its media ends too. */
  close(): void {
    this.#media?.close();
    this.#media = null;
  }
}
