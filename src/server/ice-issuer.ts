import type { IceServer } from '../protocol/index.js';
import { issueIceServers, refreshDelayMs, type IceConfig } from './ice-servers.js';

/**
 * Mints one member's ICE servers and, when they carry TURN credentials, pushes fresh ones
 * (through `push`) before the issued ones expire.
 */
export class IceIssuer {
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly config: IceConfig,
    private readonly push: (iceServers: IceServer[]) => void,
  ) {}

  issue(peerId: string): IceServer[] {
    const now = Date.now();
    const issued = issueIceServers(this.config, peerId, now);
    this.cancel();
    if (issued.expiresAtMs !== null) {
      this.#timer = setTimeout(
        () => {
          this.push(this.issue(peerId));
        },
        refreshDelayMs(now, issued.expiresAtMs),
      );
    }
    return issued.iceServers;
  }

  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
