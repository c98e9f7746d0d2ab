import { z } from 'zod';
import { h } from '../../../ui/dom.js';
import { icon } from '../../../ui/icons.js';
import { localize } from '../../../ui/localize.js';
import { SELF, type MeetingContext, type MeetingFeature } from '../../feature.js';
import { formatBytes } from '../files/file-bytes.js';
import { AudioMix } from './audio-mix.js';
import { Compositor } from './compositor.js';

/** `recording`: the sender started or stopped recording; everyone shows it while it runs. */
const recordingMessageSchema = z.object({ type: z.literal('recording'), active: z.boolean() });

/** The first container and codecs this browser records (Chromium and Firefox: WebM). */
const MIME_TYPES = ['video/webm;codecs=vp8,opus', 'video/webm', 'video/mp4'];

const supported = (): boolean => typeof MediaRecorder !== 'undefined';

/**
 * Local recording of the meeting: the tiles as the grid shows them (compositor.ts) and
 * everyone's sound (audio-mix.ts) into a WebM file on this device, saved with a link when
 * it stops. Everyone sees "Recording" while anyone records (newcomers are told too).
 */
export const recordingFeature: MeetingFeature = {
  id: 'recording',
  mount(context) {
    const { call, bus, controls, people, media, addToHeader, notify } = context;
    const messages = bus.define('recording', recordingMessageSchema);
    const recorders = new Set<string>();
    const indicator = h('div', { class: 'recording-indicator', attrs: { role: 'status' } });
    const result = h('div', { class: 'recording-result' });
    addToHeader(indicator);
    addToHeader(result);
    let session: Session | null = null;

    const item = controls.menu.add({
      id: 'record',
      icon: 'record',
      label: 'recording.start',
      order: 30,
      onSelect: () => {
        if (session === null) start();
        else void stop();
      },
    });
    item.setHidden(!supported());
    const render = (): void => {
      const names = [...recorders].map((id) => context.nameOf(id));
      indicator.hidden = names.length === 0;
      indicator.replaceChildren(
        h('span', { class: 'recording-dot', attrs: { 'aria-hidden': 'true' } }),
      );
      if (names.length > 0) {
        const key =
          recorders.has(SELF) && recorders.size === 1 ? 'recording.self' : 'recording.others';
        indicator.append(localize(h('span'), key, { names: names.join(', ') }));
      }
      item.setLabel(session === null ? 'recording.start' : 'recording.stop');
      item.setIcon(session === null ? 'record' : 'stop');
    };
    const start = (): void => {
      try {
        session = new Session(context);
      } catch (error) {
        notify('recording.failed', {
          detail: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      result.replaceChildren();
      recorders.add(SELF);
      messages.broadcast({ type: 'recording', active: true });
      render();
    };
    const stop = async (): Promise<void> => {
      const running = session;
      if (running === null) return;
      session = null;
      recorders.delete(SELF);
      messages.broadcast({ type: 'recording', active: false });
      render();
      const file = await running.stop();
      const link = h(
        'a',
        {
          class: 'button small primary',
          attrs: { href: URL.createObjectURL(file.blob), download: file.name },
        },
        icon('download'),
      );
      link.append(
        localize(h('span'), 'recording.save', {
          size: formatBytes(file.blob.size),
          seconds: Math.round(file.seconds),
        }),
      );
      result.replaceChildren(link);
    };

    messages.on((from, message) => {
      if (message.active) recorders.add(from);
      else recorders.delete(from);
      render();
    });
    call.on('participant-joined', (participant) => {
      if (session !== null) messages.sendTo(participant.id, { type: 'recording', active: true });
    });
    people.on('left', (participant) => {
      if (recorders.delete(participant.id)) render();
    });
    // Whoever joins or leaves, or a device switch: the mix follows.
    people.on('joined', () => session?.refreshAudio());
    call.on('track', () => session?.refreshAudio());
    media.on('change', () => session?.refreshAudio());
    render();
    return {
      dispose: () => {
        void stop();
      },
    };
  },
};

/** One recording: compositor, mix, MediaRecorder. */
class Session {
  readonly #compositor: Compositor;
  readonly #mix = new AudioMix();
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #startedAt = performance.now();

  constructor(private readonly context: MeetingContext) {
    this.#compositor = new Compositor(() => context.grid.tiles);
    this.refreshAudio();
    const tracks = [...this.#compositor.stream.getVideoTracks()];
    const audio = this.#mix.track;
    if (audio !== null) tracks.push(audio);
    const mimeType = MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    this.#recorder = new MediaRecorder(
      new MediaStream(tracks),
      mimeType === undefined ? {} : { mimeType },
    );
    this.#recorder.addEventListener('dataavailable', (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    });
    this.#recorder.start(1000);
  }

  refreshAudio(): void {
    const tracks: MediaStreamTrack[] = [];
    if (this.context.media.microphone !== null) tracks.push(this.context.media.microphone);
    for (const participant of this.context.people.values()) {
      const stream = participant.audio.srcObject;
      if (stream instanceof MediaStream) tracks.push(...stream.getAudioTracks());
    }
    this.#mix.set(tracks);
  }

  async stop(): Promise<{ blob: Blob; name: string; seconds: number }> {
    const stopped = new Promise<void>((resolve) => {
      this.#recorder.addEventListener('stop', () => {
        resolve();
      });
    });
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    await stopped;
    this.#compositor.stop();
    this.#mix.close();
    const type = this.#recorder.mimeType || 'video/webm';
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const extension = type.startsWith('video/mp4') ? 'mp4' : 'webm';
    return {
      blob: new Blob(this.#chunks, { type }),
      name: `${this.context.room}-${stamp}.${extension}`,
      seconds: (performance.now() - this.#startedAt) / 1000,
    };
  }
}
