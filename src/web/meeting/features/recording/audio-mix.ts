/**
 * Everyone's sound mixed into one track (WebAudio): our microphone and each received
 * microphone. Only for the recording: the meeting itself still plays through `<audio>`
 * elements, so the browser's echo cancellation keeps working.
 */
export class AudioMix {
  readonly #context = new AudioContext();
  readonly #destination = this.#context.createMediaStreamDestination();
  readonly #sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();

  get track(): MediaStreamTrack | null {
    return this.#destination.stream.getAudioTracks()[0] ?? null;
  }

  /** Mixes exactly these tracks (call when someone joins, leaves or switches device). */
  set(tracks: readonly MediaStreamTrack[]): void {
    const wanted = new Set(tracks.filter((track) => track.readyState === 'live'));
    for (const [track, source] of this.#sources) {
      if (wanted.has(track)) continue;
      source.disconnect();
      this.#sources.delete(track);
    }
    for (const track of wanted) {
      if (this.#sources.has(track)) continue;
      const source = this.#context.createMediaStreamSource(new MediaStream([track]));
      source.connect(this.#destination);
      this.#sources.set(track, source);
    }
  }

  close(): void {
    for (const source of this.#sources.values()) source.disconnect();
    this.#sources.clear();
    void this.#context.close();
  }
}
