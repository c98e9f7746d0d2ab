import type { MediaSource } from '../../protocol/index.js';
import { TypedEmitter } from '../emitter.js';
import { withOpusReceiveParameters } from '../opus-fmtp.js';
import type { LocalTracks } from '../peer-types.js';
import { SfuConnection, type SfuConnectionOptions } from './sfu-connection.js';
import { CAMERA_LAYERS, SCREEN_ENCODING } from './simulcast.js';

/** Which of our sources a mid of the publisher connection carries (sent with each offer). */
export interface PublishedSource {
  readonly mid: string;
  readonly source: MediaSource;
}

export interface SfuPublisherOptions extends SfuConnectionOptions {
  readonly media: LocalTracks;
  /** Fresh ICE servers (new TURN credentials) before each ICE restart. */
  readonly refreshIceServers: () => Promise<RTCIceServer[]>;
}

export interface SfuPublisherEvents {
  /** An offer for the server (`sfu-publish`): the first, and every renegotiation. */
  publish: [sdp: string, sources: PublishedSource[]];
}

/**
 * Our sending connection to the SFU (sendonly): microphone, camera with simulcast, and
 * the screen share as a third transceiver. We always offer, the server answers; one offer
 * is outstanding at a time and a change made meanwhile goes out after the answer.
 */
export class SfuPublisher extends TypedEmitter<SfuPublisherEvents> {
  readonly link: SfuConnection;
  readonly #audio: RTCRtpTransceiver;
  readonly #video: RTCRtpTransceiver;
  #screen: RTCRtpTransceiver | null = null;
  readonly #refreshIceServers: () => Promise<RTCIceServer[]>;
  #offering = false;
  #again = false;
  #inbox: Promise<void> = Promise.resolve();

  constructor(options: SfuPublisherOptions) {
    super();
    this.link = new SfuConnection('publisher', options, (attempt) => this.#restart(attempt));
    this.#refreshIceServers = options.refreshIceServers;
    const { audio, video, stream, screen } = options.media;
    const streams = stream === null ? [] : [stream];
    const pc = this.link.pc;
    this.#audio = pc.addTransceiver(audio ?? 'audio', { direction: 'sendonly', streams });
    this.#video = pc.addTransceiver(video ?? 'video', {
      direction: 'sendonly',
      streams,
      sendEncodings: CAMERA_LAYERS.map((layer) => ({ ...layer })),
    });
    if (screen !== null) this.#addScreen(screen.track, screen.stream);
  }

  get pc(): RTCPeerConnection {
    return this.link.pc;
  }

  /** Sends the first offer. */
  start(): void {
    void this.#negotiate();
  }

  /** The server's answer to our last offer; a late or repeated copy is ignored. */
  onAnswer(sdp: string): Promise<void> {
    this.#inbox = this.#inbox
      .then(async () => {
        if (this.link.isClosed() || this.pc.signalingState !== 'have-local-offer') return;
        await this.pc.setRemoteDescription({ type: 'answer', sdp });
        await this.link.drainCandidates();
        this.#offering = false;
        if (this.#again) {
          this.#again = false;
          await this.#negotiate();
        }
      })
      .catch((error: unknown) => {
        this.#offering = false;
        this.link.report('could not apply the media server’s answer', error);
      });
    return this.#inbox;
  }

  /** After a signaling gap: our offer may have been lost; send it again if unanswered. */
  resendPendingOffer(): void {
    const offer = this.pc.localDescription;
    if (this.pc.signalingState !== 'have-local-offer' || offer === null) return;
    this.#publish(offer.sdp);
  }

  async setTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void> {
    if (this.link.isClosed()) return;
    await (kind === 'audio' ? this.#audio : this.#video).sender.replaceTrack(track);
  }

  startScreenShare(track: MediaStreamTrack, stream: MediaStream): void {
    if (this.link.isClosed()) return;
    const screen = this.#screen;
    if (screen === null) this.#addScreen(track, stream);
    else {
      screen.direction = 'sendonly';
      screen.sender.setStreams(stream);
      void screen.sender.replaceTrack(track);
    }
    void this.#negotiate();
  }

  /** The screen transceiver goes inactive (kept, so the next share reuses its mid). */
  stopScreenShare(): void {
    const screen = this.#screen;
    if (this.link.isClosed() || screen === null || screen.direction === 'inactive') return;
    void screen.sender.replaceTrack(null);
    screen.direction = 'inactive';
    void this.#negotiate();
  }

  close(): void {
    this.link.close();
  }

  #addScreen(track: MediaStreamTrack, stream: MediaStream): void {
    this.#screen = this.pc.addTransceiver(track, {
      direction: 'sendonly',
      streams: [stream],
      sendEncodings: [{ ...SCREEN_ENCODING }],
    });
  }

  /**
   * Sends our offer with the Opus wishes of a receiver (opus-fmtp.ts): Janus 1.1 answers a
   * publisher with the `useinbandfec` and `usedtx` its offer carries, and Chromium and Firefox
   * send FEC and DTX only when the answer asks. Without them a quiet member still sends 50
   * audio packets a second, which Janus forwards to every subscriber.
   */
  #publish(sdp: string): void {
    this.emit('publish', withOpusReceiveParameters(sdp), this.#sources());
  }

  async #negotiate(): Promise<void> {
    if (this.link.isClosed()) return;
    if (this.#offering) {
      this.#again = true;
      return;
    }
    this.#offering = true;
    try {
      await this.pc.setLocalDescription();
      const offer = this.pc.localDescription;
      if (offer === null) throw new Error('no local description after setLocalDescription');
      this.#publish(offer.sdp);
    } catch (error) {
      this.#offering = false;
      this.link.report('could not make the publish offer', error);
    }
  }

  async #restart(attempt: number): Promise<void> {
    if (this.link.isClosed()) return;
    try {
      // Expired TURN credentials make a restart's new allocations fail: refresh first.
      this.link.setIceServers(await this.#refreshIceServers());
    } catch (error) {
      this.link.report(`could not refresh ICE servers (restart ${String(attempt)})`, error);
    }
    if (this.link.isClosed()) return;
    this.pc.restartIce();
    await this.#negotiate();
  }

  #sources(): PublishedSource[] {
    const sources: PublishedSource[] = [];
    const add = (transceiver: RTCRtpTransceiver | null, source: MediaSource) => {
      if (typeof transceiver?.mid === 'string' && transceiver.direction === 'sendonly')
        sources.push({ mid: transceiver.mid, source });
    };
    add(this.#audio, 'microphone');
    add(this.#video, 'camera');
    add(this.#screen, 'screen');
    return sources;
  }
}
