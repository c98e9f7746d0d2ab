import type { ViewMessage } from '../app-messages.js';
import type { TileView } from '../call/call-types.js';
import type { VideoSource } from '../../protocol/index.js';
import type { ViewOfUs } from './encoding-plan.js';
import { ViewReporter, type ViewReport } from './view-reporter.js';

/** The mesh as receiver-driven quality needs it. */
export interface QualityMesh {
  has(id: string): boolean;
  setRemoteView(id: string, view: ViewOfUs): void;
  /** Whether the participant shows our screen share (false pauses that copy). */
  setRemoteScreenView(id: string, visible: boolean): void;
  setDataSaver(on: boolean): void;
}

export interface CallQualityPort {
  readonly mesh: QualityMesh;
  /** Sends our `view` to one participant (its data channel, see Messenger). */
  send(id: string, message: ViewMessage): void;
  /** Device pixels per CSS pixel (`devicePixelRatio`). */
  pixelRatio(): number;
}

/**
 * Receiver-driven quality, both directions, for one call: our views of the others go to
 * them (`view` messages), their views of us set our copies (MeshBudget). Only the mesh
 * needs it; in SFU mode the layer choice (view-layers.ts) does the same from the same views.
 */
export class CallQuality {
  readonly #reporter: ViewReporter;
  #saver = false;

  constructor(
    debounceMs: number,
    private readonly port: CallQualityPort,
  ) {
    this.#reporter = new ViewReporter(debounceMs, (id, report) => {
      this.#send(id, report);
    });
  }

  get dataSaver(): boolean {
    return this.#saver;
  }

  setView(id: string, source: VideoSource, view: TileView): void {
    if (source === 'camera') this.#reporter.set(id, view, this.port.pixelRatio());
    else this.#reporter.setScreen(id, view.visible);
  }

  /** Data saver: we ask everyone for low video, and send only low video ourselves. */
  setDataSaver(on: boolean): void {
    this.#saver = on;
    this.#reporter.setSaver(on);
    this.port.mesh.setDataSaver(on);
  }

  /** A participant's data channel opened: a new connection that needs our view. */
  channelOpen(id: string): void {
    this.#reporter.resend(id);
  }

  received(from: string, message: ViewMessage): void {
    const { width, height, visible, spotlight, saver, screen } = message;
    this.port.mesh.setRemoteView(from, { width, height, visible, spotlight, saver });
    if (screen !== undefined) this.port.mesh.setRemoteScreenView(from, screen.visible);
  }

  forget(id: string): void {
    this.#reporter.forget(id);
  }

  dispose(): void {
    this.#reporter.dispose();
  }

  #send(id: string, report: ViewReport): void {
    if (this.port.mesh.has(id)) this.port.send(id, { type: 'view', ...report });
  }
}
