import { TypedEmitter } from '../emitter.js';
import { sameSdpSession } from '../sdp-info.js';
import { SfuConnection, type SfuConnectionOptions } from './sfu-connection.js';

export interface SfuSubscriberEvents {
  /** Our answer to the server's offer (`sfu-answer`). */
  answer: [sdp: string];
  /** ICE broke: this connection needs a new one from the server (start over). */
  stalled: [];
}

/**
 * Our receiving connection to the SFU (recvonly): the server offers (first, and each time
 * feeds come and go), we answer. The caller hands offers over one at a time, in order.
 */
export class SfuSubscriber extends TypedEmitter<SfuSubscriberEvents> {
  readonly link: SfuConnection;
  #lastOffer: string | null = null;

  constructor(options: SfuConnectionOptions) {
    super();
    // The answerer cannot restart ICE: where a publisher would, the call starts over
    // (sfu-leave, publish again), and the server makes a new subscriber connection.
    this.link = new SfuConnection('subscriber', options, () => {
      this.emit('stalled');
      return Promise.resolve();
    });
  }

  get pc(): RTCPeerConnection {
    return this.link.pc;
  }

  /** Whether an offer is for this connection (not for a new one the server made). */
  continues(sdp: string): boolean {
    return this.#lastOffer === null || sameSdpSession(this.#lastOffer, sdp);
  }

  async receiveOffer(sdp: string): Promise<void> {
    if (this.link.isClosed()) return;
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    this.#lastOffer = sdp;
    await this.link.drainCandidates();
    await this.pc.setLocalDescription();
    const answer = this.pc.localDescription;
    if (answer !== null && !this.link.isClosed()) this.emit('answer', answer.sdp);
  }

  /** The receiving transceiver of a mid of the server's offer. */
  transceiver(mid: string): RTCRtpTransceiver | undefined {
    return this.pc.getTransceivers().find((transceiver) => transceiver.mid === mid);
  }

  close(): void {
    this.link.close();
  }
}
