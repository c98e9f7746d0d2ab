import { encodingFor, type VideoQuality } from './video-quality.js';

/** What the encodings need of their peer connection. */
export interface SenderEncodingsHost {
  /** The camera's and the screen share's senders, while they exist. */
  camera(): RTCRtpSender | undefined;
  screen(): RTCRtpSender | undefined;
  closed(): boolean;
  /** A camera encoding the browser refused. */
  report(message: string, error: unknown): void;
}

type Preference = 'maintain-framerate' | 'maintain-resolution';

/**
 * How one peer connection's camera and screen share are encoded: the camera's quality (the
 * receiver's tile, the budget), the screen copy paused or sent, each with its degradation
 * preference. Kept here and applied again after each negotiation, which may replace the
 * senders' parameters.
 */
export class SenderEncodings {
  #videoQuality: VideoQuality | null = null;
  /** Whether the screen share copy is sent (false: the receiver does not show it). */
  #screenActive = true;

  constructor(private readonly host: SenderEncodingsHost) {}

  async setVideoQuality(quality: VideoQuality): Promise<void> {
    this.#videoQuality = quality;
    await this.#applyVideoQuality();
  }

  async setScreenActive(active: boolean): Promise<void> {
    this.#screenActive = active;
    await this.#applyScreenEncoding();
  }

  /** A negotiation completed (`stable`): what was asked for holds again. */
  applyAgain(): void {
    void this.#applyVideoQuality();
    void this.#applyScreenEncoding();
  }

  /**
   * Asks the encoder to forget the resolution it lowered for bandwidth: Chromium drops a
   * sender's adaptations when its degradation preference changes, so it is switched to
   * `balanced` and back (quality/stale-downscale.ts says when this is due).
   */
  async resetVideoAdaptation(): Promise<void> {
    const sender = this.host.camera();
    if (sender === undefined || this.host.closed()) return;
    try {
      const parameters = sender.getParameters();
      if (parameters.encodings.length === 0) return;
      await sender.setParameters({ ...parameters, degradationPreference: 'balanced' });
      await sender.setParameters({
        ...sender.getParameters(),
        ...degradation('maintain-framerate'),
      });
    } catch {
      // The connection closed meanwhile, or the browser has no such preference (Firefox).
    }
  }

  /** The camera sender's statistics (outbound-rtp, its transport); null without one. */
  async videoSenderStats(): Promise<RTCStatsReport | null> {
    const sender = this.host.camera();
    if (sender === undefined || sender.track === null || this.host.closed()) return null;
    return sender.getStats();
  }

  async #applyVideoQuality(): Promise<void> {
    const sender = this.host.camera();
    const quality = this.#videoQuality;
    if (sender === undefined || quality === null) return;
    const target = encodingFor(quality, sender.track?.getSettings().height);
    // Camera video keeps its motion and gives up detail when the CPU or the network
    // cannot keep up (a screen share, the other way round: see #applyScreenEncoding).
    await this.#apply(sender, target, 'maintain-framerate').catch((error: unknown) => {
      this.host.report('could not limit the video sender', error);
    });
  }

  /** A screen share keeps its text sharp and gives up frame rate first. */
  async #applyScreenEncoding(): Promise<void> {
    const sender = this.host.screen();
    if (sender === undefined) return;
    // Firefox ignores the preference; a failure means the share just stopped.
    await this.#apply(sender, { active: this.#screenActive }, 'maintain-resolution').catch(
      () => undefined,
    );
  }

  /**
   * The one place a sender's encoding changes (camera and screen share): merged into its
   * first encoding, with the degradation preference. Before the first negotiation there
   * are no encodings; it is applied again once that completes (each `stable`).
   */
  async #apply(
    sender: RTCRtpSender,
    target: RTCRtpEncodingParameters,
    preference: Preference,
  ): Promise<void> {
    if (this.host.closed()) return;
    try {
      await setEncoding(sender, target, preference);
    } catch (error) {
      // A negotiation under way (the newcomer's first offer goes out as the sizes are set)
      // can change the parameters, RTCP ones for instance, between reading and setting
      // them: Chromium then refuses ours as "modified". Read them again, once.
      if (!(error instanceof DOMException && error.name === 'InvalidModificationError'))
        throw error;
      await setEncoding(sender, target, preference);
    }
  }
}

/** Merges `target` into the sender's first encoding now (nothing before it has one). */
async function setEncoding(
  sender: RTCRtpSender,
  target: RTCRtpEncodingParameters,
  preference: Preference,
): Promise<void> {
  const parameters = sender.getParameters();
  const [first] = parameters.encodings;
  if (first === undefined) return;
  parameters.encodings = [{ ...first, ...target }, ...parameters.encodings.slice(1)];
  await sender.setParameters({ ...parameters, ...degradation(preference) });
}

/** `degradationPreference`: in the spec and Chromium; Firefox ignores it. */
function degradation(preference: Preference): Partial<RTCRtpSendParameters> {
  return { degradationPreference: preference };
}
