import { TypedEmitter } from '../emitter.js';
import { sdpSessionId } from '../sdp-info.js';
import { SfuConnection, type SfuConnectionOptions } from './sfu-connection.js';

export interface SfuSubscriberEvents {
  /** Our answer to the server's offer (`sfu-answer`). */
  answer: [sdp: string];
}

/**
 * Our receiving connection to the SFU (recvonly): the server offers (first, and each time
 * feeds come and go), we answer. The caller hands offers over one at a time, in order.
 */
export class SfuSubscriber extends TypedEmitter<SfuSubscriberEvents> {
  readonly link: SfuConnection;
  #sessionId: string | null = null;

  constructor(options: SfuConnectionOptions) {
    super();
    // The answerer cannot restart ICE: after a failure the server sends a fresh offer.
    this.link = new SfuConnection('subscriber', options, () => Promise.resolve());
  }

  get pc(): RTCPeerConnection {
    return this.link.pc;
  }

  /** The SDP session id of the server's offers (another one: a new server-side connection). */
  get sessionId(): string | null {
    return this.#sessionId;
  }

  async receiveOffer(sdp: string): Promise<void> {
    if (this.link.isClosed()) return;
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    this.#sessionId = sdpSessionId(sdp);
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
