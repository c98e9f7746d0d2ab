// A small fake camera for big meetings: Chromium's --use-fake-device-for-media-stream
// captures what the app asks for (the web app asks for 1280×720 at 30 fps), which ten
// participants on two cores cannot encode. With --use-file-for-fake-video-capture it plays
// a Y4M file instead, at the file's own size and rate whatever the constraints say.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Y4mCamera {
  readonly file: string;
  /** The Chromium flag that makes every camera of a browser play this file. */
  readonly flag: string;
  remove(): Promise<void>;
}

/**
 * Writes a looping Y4M clip (4:2:0): a gradient with a bar moving across it, so that
 * every frame differs (an encoder sends real frames, a receiver sees motion).
 */
export async function writeY4mCamera(
  width = 320,
  height = 240,
  fps = 15,
  seconds = 2,
): Promise<Y4mCamera> {
  const dir = await mkdtemp(join(tmpdir(), 'confab-y4m-'));
  const file = join(dir, `camera-${String(width)}x${String(height)}.y4m`);
  const header = Buffer.from(
    `YUV4MPEG2 W${String(width)} H${String(height)} F${String(fps)}:1 Ip A1:1 C420jpeg\n`,
  );
  const frames = fps * seconds;
  const lumaBytes = width * height;
  const chromaBytes = (width / 2) * (height / 2);
  const parts: Buffer[] = [header];
  for (let f = 0; f < frames; f++) {
    const luma = Buffer.alloc(lumaBytes);
    const barX = Math.floor((f / frames) * width);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const inBar = x >= barX && x < barX + width / 10;
        luma[y * width + x] = inBar ? 235 : 16 + Math.floor(((x + y) / (width + height)) * 180);
      }
    parts.push(
      Buffer.from('FRAME\n'),
      luma,
      Buffer.alloc(chromaBytes, 110 + f),
      Buffer.alloc(chromaBytes, 140),
    );
  }
  await writeFile(file, Buffer.concat(parts));
  return {
    file,
    flag: `--use-file-for-fake-video-capture=${file}`,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
