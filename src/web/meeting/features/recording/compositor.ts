import { avatarHue, initials } from '../../../ui/avatar.js';
import { bestGrid } from '../../grid-layout.js';
import type { Tile } from '../../tile.js';

const WIDTH = 1280;
const HEIGHT = 720;
const GAP = 8;
const FPS = 15;

/**
 * Draws the meeting's tiles, as the grid shows them (those on screen, in order), into a
 * 1280×720 canvas 15 times a second: video where there is a picture, else the avatar,
 * and each name. Its `stream` is the recording's video.
 */
export class Compositor {
  readonly #canvas = document.createElement('canvas');
  readonly #context: CanvasRenderingContext2D;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly stream: MediaStream;

  constructor(private readonly tiles: () => readonly Tile[]) {
    this.#canvas.width = WIDTH;
    this.#canvas.height = HEIGHT;
    const context = this.#canvas.getContext('2d');
    if (context === null) throw new Error('no 2D canvas');
    this.#context = context;
    this.#draw();
    this.stream = this.#canvas.captureStream(FPS);
    // A timer, not requestAnimationFrame: frames go on while the tab is in the background.
    this.#timer = setInterval(() => {
      this.#draw();
    }, 1000 / FPS);
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const track of this.stream.getTracks()) track.stop();
  }

  #draw(): void {
    const c = this.#context;
    c.fillStyle = '#0e1116';
    c.fillRect(0, 0, WIDTH, HEIGHT);
    const shown = this.tiles().filter(
      (tile) => tile.element.isConnected && tile.element.offsetParent !== null,
    );
    const grid = bestGrid(shown.length, WIDTH, HEIGHT, 16 / 9, GAP);
    const left = (WIDTH - (grid.columns * grid.tileWidth + (grid.columns - 1) * GAP)) / 2;
    const top = (HEIGHT - (grid.rows * grid.tileHeight + (grid.rows - 1) * GAP)) / 2;
    shown.forEach((tile, i) => {
      const x = left + (i % grid.columns) * (grid.tileWidth + GAP);
      const y = top + Math.floor(i / grid.columns) * (grid.tileHeight + GAP);
      this.#drawTile(tile, x, y, grid.tileWidth, grid.tileHeight);
    });
  }

  #drawTile(tile: Tile, x: number, y: number, w: number, h: number): void {
    const c = this.#context;
    c.save();
    c.beginPath();
    c.roundRect(x, y, w, h, 10);
    c.clip();
    c.fillStyle = '#222733';
    c.fillRect(x, y, w, h);
    const video = tile.video;
    if (tile.element.classList.contains('has-video') && video.videoWidth > 0) {
      // Cover the tile, cropping the video's excess (as the grid shows it).
      const scale = Math.max(w / video.videoWidth, h / video.videoHeight);
      const vw = video.videoWidth * scale;
      const vh = video.videoHeight * scale;
      c.drawImage(video, x + (w - vw) / 2, y + (h - vh) / 2, vw, vh);
    } else {
      const radius = Math.min(w, h) / 5;
      c.fillStyle = `hsl(${String(avatarHue(tile.name))} 45% 45%)`;
      c.beginPath();
      c.arc(x + w / 2, y + h / 2, radius, 0, Math.PI * 2);
      c.fill();
      c.fillStyle = '#fff';
      c.font = `600 ${String(Math.round(radius * 0.8))}px system-ui, sans-serif`;
      c.textAlign = 'center';
      c.textBaseline = 'middle';
      c.fillText(initials(tile.name), x + w / 2, y + h / 2);
    }
    const label = tile.element.getAttribute('aria-label') ?? tile.name;
    c.font = '500 16px system-ui, sans-serif';
    c.textAlign = 'left';
    c.textBaseline = 'bottom';
    const width = c.measureText(label).width;
    c.fillStyle = 'rgba(0, 0, 0, 0.55)';
    c.fillRect(x + 8, y + h - 34, width + 16, 26);
    c.fillStyle = '#fff';
    c.fillText(label, x + 16, y + h - 13);
    c.restore();
  }
}
