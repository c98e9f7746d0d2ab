/** Our screen share: the browser's picker, and the track until we or the browser stop it. */
export class ScreenShare {
  /** Phones and some browsers cannot capture the screen: the button is not offered there. */
  static readonly supported =
    typeof navigator !== 'undefined' &&
    // Absent outside secure contexts, whatever the DOM types say.
    typeof (navigator as Partial<Navigator>).mediaDevices?.getDisplayMedia === 'function';

  #track: MediaStreamTrack | null = null;

  get track(): MediaStreamTrack | null {
    return this.#track;
  }

  /**
   * Asks the browser for a screen, window or tab (must run in a click handler). `onEnded`
   * runs when the browser's own "Stop sharing" ends it.
   */
  async start(onEnded: () => void): Promise<MediaStreamTrack> {
    const stream = await navigator.mediaDevices.getDisplayMedia({
      video: { frameRate: { ideal: 15, max: 30 } },
      audio: false,
    });
    const [track] = stream.getVideoTracks();
    if (track === undefined) throw new Error('no video in the screen capture');
    // Text and slides: keep them sharp rather than smooth.
    track.contentHint = 'detail';
    track.addEventListener('ended', onEnded);
    this.#track = track;
    return track;
  }

  stop(): void {
    this.#track?.stop();
    this.#track = null;
  }
}
