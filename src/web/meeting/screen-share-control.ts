import type { Call } from '../../client/index.js';
import type { MeetingView } from './meeting-view.js';
import { ScreenShare } from './screen-share.js';
import { Tile } from './tile.js';

/** The "Share screen" button's work: the browser's picker, the call, our own screen tile. */
export class ScreenShareControl {
  readonly #screen = new ScreenShare();
  #tile: Tile | null = null;

  constructor(
    private readonly name: string,
    private readonly call: Call,
    private readonly view: MeetingView,
  ) {}

  async toggle(): Promise<void> {
    if (this.#screen.track !== null) {
      this.stop();
      return;
    }
    try {
      const track = await this.#screen.start(() => {
        this.stop();
      });
      this.call.startScreenShare(track);
      this.#tile = new Tile({
        name: this.name,
        source: 'screen',
        peerId: null,
        mirrored: false,
        label: { key: 'meeting.yourScreen' },
      });
      this.#tile.setVideo(new MediaStream([track]), true);
      this.view.grid.add(this.#tile);
      this.view.controls.setSharing(true);
    } catch (error) {
      // Cancelling the browser's picker is not worth a message.
      if (!(error instanceof DOMException && error.name === 'NotAllowedError'))
        this.view.notify('meeting.shareFailed', {
          detail: error instanceof Error ? error.message : String(error),
        });
    }
  }

  stop(): void {
    if (this.#screen.track === null) return;
    this.#screen.stop();
    this.call.stopScreenShare();
    if (this.#tile !== null) this.view.grid.remove(this.#tile);
    this.#tile = null;
    this.view.controls.setSharing(false);
  }
}
